/**
 * The dependency graph built in named steps: systems as nodes, flows (several
 * per pair allowed), `after` and group ties as typed edges, and the systems
 * that must share a wave marked.
 */
import {describe, expect, it} from 'vitest'

import {classify} from '../../src/classify/classify.js'
import {STEPS, buildGraph, edgeKey, type FlowEdge, type GroupEdge} from '../../src/graph/build.js'
import {compile} from '../../src/graph/compile.js'
import {loadCsv} from '../classify/helpers.js'

const ZONES = 'id,name,country,role,approved_classes\nold,"Old room, ""A""",KZ,source,personal;health\ntier3,Tier-III,KZ,target,personal;health\nkeep,Partner,KZ,external,personal\n'
const SYSTEMS = `id,name,owner,zone,target_zone,classes,strategy,after,group,environment
a,Жүйе A,O1,old,,health,,,g,prod
b,Жүйе B,O1,old,,,,a;a,g,prod
c,Жүйе C,O2,old,,,,,g,prod
d,Жүйе D,O2,old,,,,,g,test
e,Жүйе E,O3,old,keep,internal,,b,,prod
r,Retained,O3,keep,,,retain,,,prod
x,Alone,O3,old,,public,,,,prod
`
const FLOWS = `id,source,target,classes,coupling
f1,a,b,,loose
f2,a,b,internal,loose
f3,b,e,,tight
f4,e,e,,loose
`

async function graph(classified = true) {
  const inventory = await loadCsv({zones: ZONES, systems: SYSTEMS, flows: FLOWS})
  return buildGraph(inventory, classified ? classify(compile(inventory)) : undefined)
}

describe('buildGraph', () => {
  it('runs its steps in a fixed order', () => {
    expect(STEPS.map((s) => s.name)).toEqual(['add zones', 'add systems', 'add flows', 'add after edges', 'add group edges', 'mark tight coupling'])
  })

  it('has a node per system with where it is, where it goes and what it holds', async () => {
    const g = await graph()
    expect(g.order).toBe(7)
    expect(g.getNodeAttributes('a')).toMatchObject({name: 'Жүйе A', zone: 'old', destination: 'tier3', declared: ['personal', 'health'], classes: ['internal', 'personal', 'health'], unknown: false, line: 2})
    expect(g.getNodeAttributes('e')).toMatchObject({destination: 'keep'})
    expect(g.getNodeAttributes('r')).toMatchObject({destination: 'keep', strategy: 'retain', classes: [], unknown: true})
    expect(g.getAttribute('zones').map((z) => z.id)).toEqual(['old', 'tier3', 'keep'])
    expect(g.getAttribute('classified')).toBe(true)
  })

  it('keeps several flows between one pair, each with what it carries', async () => {
    const g = await graph()
    expect(g.edges('a', 'b').filter((k) => g.getEdgeAttribute(k, 'kind') === 'flow').sort()).toEqual([edgeKey.flow('f1'), edgeKey.flow('f2')])
    // a sends internal on f2, so it holds it, and f1 (no classes) carries it too.
    expect(g.getEdgeAttributes(edgeKey.flow('f1'))).toMatchObject({kind: 'flow', id: 'f1', declared: [], carries: ['internal', 'personal', 'health'], coupling: 'loose', line: 2})
    expect(g.getEdgeAttributes(edgeKey.flow('f2'))).toMatchObject({declared: ['internal'], carries: ['internal']})
    // A self-loop is a flow like any other.
    expect(g.source(edgeKey.flow('f4'))).toBe('e')
    expect(g.target(edgeKey.flow('f4'))).toBe('e')
  })

  it('points `after` edges from the dependency to the dependant, once per pair', async () => {
    const g = await graph()
    const after = g.filterEdges((_k, e) => e.kind === 'after').map((k) => [g.source(k), g.target(k)])
    expect(after).toEqual([['a', 'b'], ['b', 'e']])
  })

  it('ties a group (per environment) in a chain in id order', async () => {
    const g = await graph()
    const group = g.filterEdges((_k, e) => e.kind === 'group').map((k) => [g.source(k), g.target(k), (g.getEdgeAttributes(k) as GroupEdge).environment])
    expect(group).toEqual([['a', 'b', 'prod'], ['b', 'c', 'prod']])
  })

  it('marks the systems that share a wave by the smallest id among them', async () => {
    const g = await graph()
    // a, b, c: group g (prod); e: tight flow from b. d is g's test system: it moves on its own.
    expect(['a', 'b', 'c', 'd', 'e', 'r', 'x'].map((id) => g.getNodeAttribute(id, 'together'))).toEqual(['a', 'a', 'a', 'd', 'a', 'r', 'x'])
  })

  it('without a classification shows declared classes and what flows declare', async () => {
    const g = await graph(false)
    expect(g.getAttribute('classified')).toBe(false)
    expect(g.getNodeAttribute('b', 'classes')).toEqual([])
    expect((g.getEdgeAttributes(edgeKey.flow('f1')) as FlowEdge).carries).toEqual([])
    expect((g.getEdgeAttributes(edgeKey.flow('f2')) as FlowEdge).carries).toEqual(['internal'])
  })

  it('counts datasets among declared classes when there is no classification', async () => {
    const inventory = await loadCsv({
      zones: ZONES, systems: SYSTEMS, flows: FLOWS,
      datasets: 'system,dataset,column,classes,evidence\nx,t,c,bank_secret,e\n',
    })
    expect(buildGraph(inventory).getNodeAttribute('x', 'classes')).toEqual(['public', 'bank_secret'])
  })
})
