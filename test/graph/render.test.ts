/**
 * Views and renderers: escaping of names for DOT and Mermaid, the most
 * sensitive class, aggregation per zone and per wave, and a large inventory
 * that still gives a picture of a handful of nodes.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {classify} from '../../src/classify/classify.js'
import {buildGraph} from '../../src/graph/build.js'
import {compile} from '../../src/graph/compile.js'
import {dotString, renderDot} from '../../src/graph/render/dot.js'
import {mermaidText, renderMermaid} from '../../src/graph/render/mermaid.js'
import {drawGraph} from '../../src/graph/render/draw.js'
import {renderGraph} from '../../src/graph/render/render.js'
import {sensitivityOf} from '../../src/graph/render/sensitivity.js'
import {systemView, waveView, zoneView} from '../../src/graph/render/view.js'
import type {DataClass, Inventory} from '../../src/model/inventory.js'
import {runPlan} from '../../src/plan/run.js'
import {loadCsv} from '../classify/helpers.js'
import {SMALL, inventoryArb} from '../plan/arbitraries.js'

const hasDot = spawnSync('dot', ['-V']).status === 0

describe('escaping', () => {
  it('DOT strings escape quotes and backslashes and keep line breaks', () => {
    expect(dotString('АБС «Core», "ядро"')).toBe('"АБС «Core», \\"ядро\\""')
    expect(dotString('C:\\data\\n')).toBe('"C:\\\\data\\\\n"')
    expect(dotString('one\ntwo\r\nthree')).toBe('"one\\ntwo\\nthree"')
  })

  it('Mermaid text uses entity codes for what Mermaid would read', () => {
    expect(mermaidText('"ядро", <b> & #1 | `x` \\')).toBe('#quot;ядро#quot;, #lt;b#gt; #amp; #35;1 #124; #96;x#96; #92;')
    expect(mermaidText('two\nlines')).toBe('two lines')
  })

  it('Mermaid ids are safe even for keywords, Cyrillic ids and clashes', async () => {
    const inventory = await loadCsv({
      systems: 'id,name,owner,zone,classes\nend,End,O,src,public\nжүйе,Жүйе,O,src,public\nжүйм,Жүйм,O,src,public\na-b,AB,O,src,public\na_b,A_B,O,src,public\n',
      flows: 'id,source,target,classes\nf,end,жүйе,\n',
    })
    const text = renderMermaid(systemView(buildGraph(inventory, classify(compile(inventory)))))
    expect(text).toContain('s_end["End<br/>end · public"]')
    expect(text).toContain('s_a_b["AB<br/>a-b · public"]')
    expect(text).toContain('s_a_b_2["A_B<br/>a_b · public"]')
    expect(text).toContain('s_____["Жүйе<br/>жүйе · public"]')
    expect(text).toContain('s______2["Жүйм<br/>жүйм · public"]')
    expect(text).toContain('s_end -->|"public"| s_____\n')
  })
})

describe('sensitivity', () => {
  it('is the most sensitive class: health > bank_secret > personal > internal > public > unknown', () => {
    const cases: [DataClass[], string][] = [
      [['public', 'personal', 'health', 'bank_secret'], 'health'],
      [['public', 'personal', 'bank_secret'], 'bank_secret'],
      [['internal', 'personal'], 'personal'],
      [['public', 'internal'], 'internal'],
      [['public'], 'public'],
      [[], 'unknown'],
    ]
    for (const [classes, level] of cases) expect(sensitivityOf(classes)).toBe(level)
  })
})

const ZONES = 'id,name,country,role,approved_classes\nsrc,Source,KZ,source,personal;health\ntier3,Tier-III,KZ,target,personal;health\ncloud,Cloud,DE,external,\nempty,Nobody here,KZ,external,\n'

describe('zone view', () => {
  it('counts systems and classes per zone, aggregates flows between zones and keeps flows inside a zone on its node', async () => {
    const inventory = await loadCsv({
      zones: ZONES,
      systems: 'id,name,owner,zone,classes\na,A,O,src,health\nb,B,O,src,\nc,C,O,cloud,internal\nd,D,O,cloud,\n',
      flows: 'id,source,target,classes,coupling\nf1,a,b,,loose\nf2,a,c,internal,tight\nf3,b,c,,loose\nf4,c,a,public,loose\n',
    })
    const view = zoneView(buildGraph(inventory, classify(compile(inventory))))
    expect(view.nodes.map((n) => [n.id, n.systems, n.unknown, n.sensitivity, n.internalFlows])).toEqual([
      ['cloud', 2, 1, 'health', 0],
      ['empty', 0, 0, 'none', 0],
      ['src', 2, 0, 'health', 1],
      ['tier3', 0, 0, 'none', 0],
    ])
    expect(view.nodes[0].label).toEqual(['Cloud (DE)', '2 systems, 1 unknown', 'health 1 · personal 1 · internal 1 · public 1'])
    expect(view.nodes[0].holding).toEqual({public: 1, internal: 1, personal: 1, health: 1})
    expect(view.edges.map((e) => [e.source, e.target, e.flows, e.tight, e.classes.join(';'), e.label])).toEqual([
      ['cloud', 'src', 1, 0, 'public', '1 flow · public'],
      // b holds what a sends it, and a holds the public it receives from c.
      ['src', 'cloud', 2, 1, 'public;internal;personal;health', '2 flows (1 tight) · public, internal, personal, health'],
    ])
  })

  it('stays a handful of nodes for thousands of systems', async () => {
    const inventory = synthetic(5000, 20000)
    const graph = buildGraph(inventory, classify(compile(inventory)))
    const view = zoneView(graph)
    expect(view.nodes).toHaveLength(inventory.zones.length)
    expect(view.edges.length).toBeLessThanOrEqual(inventory.zones.length ** 2)
    expect(view.nodes.reduce((n, z) => n + z.systems, 0)).toBe(5000)
    expect(view.edges.reduce((n, e) => n + e.flows, 0) + view.nodes.reduce((n, z) => n + (z.internalFlows ?? 0), 0)).toBe(20000)
    expect(renderDot(view).split('\n').length).toBeLessThan(150)
  })
})

describe('wave view', () => {
  it('clusters per wave, one node per move, retained systems apart, flows aggregated between moves', async () => {
    const inventory = await loadCsv({
      zones: ZONES,
      systems: 'id,name,owner,zone,classes,strategy\na,A,O,src,health,\nb,B,O,src,personal,\nc,C,O,src,personal,retire\nk,K,O,cloud,internal,retain\n',
      flows: 'id,source,target,classes\nf1,a,b,\nf2,b,k,internal\nf3,a,c,\n',
    })
    const graph = buildGraph(inventory, classify(compile(inventory)))
    const view = waveView(graph, [{wave: 1, systems: ['a', 'c']}, {wave: 2, systems: ['b']}])
    expect(view.clusters.map((c) => c.id)).toEqual(['wave:1', 'wave:2', 'retained'])
    expect(view.nodes.map((n) => [n.id, n.cluster, n.label[0], n.systems])).toEqual([
      ['1:src>(retired)', 'wave:1', 'src → retired', 1],
      ['1:src>tier3', 'wave:1', 'src → tier3', 1],
      ['2:src>tier3', 'wave:2', 'src → tier3', 1],
      ['retained:cloud', 'retained', 'cloud', 1],
    ])
    expect(view.edges.map((e) => [e.source, e.target, e.flows])).toEqual([
      ['1:src>tier3', '1:src>(retired)', 1],
      ['1:src>tier3', '2:src>tier3', 1],
      ['2:src>tier3', 'retained:cloud', 1],
    ])
    // Waves are ordered as columns in both drawings.
    expect(renderDot(view)).toContain('"1:src>(retired)" -> "2:src>tier3" [style="invis", weight=10]')
    expect(renderMermaid(view)).toContain('w_1_src__retired_ ~~~ w_2_src_tier3')
  })
})

describe('output', () => {
  it('is the same bytes whatever the row order of the inventory', async () => {
    const systems = ['a,A,O,src,health', 'b,B,O,src,', 'c,C,O,cloud,internal', 'd,D,O,tier3,public']
    const flows = ['f1,a,b,', 'f2,b,c,internal', 'f3,c,d,', 'f4,a,b,personal']
    const load = (s: string[], f: string[]) => loadCsv({zones: ZONES, systems: `id,name,owner,zone,classes\n${s.join('\n')}\n`, flows: `id,source,target,classes\n${f.join('\n')}\n`})
    const one = await load(systems, flows)
    const two = await load([...systems].reverse(), [...flows].reverse())
    for (const view of [systemView, zoneView]) {
      for (const format of ['dot', 'mermaid', 'json'] as const) {
        const draw = (inventory: Inventory) => renderGraph(view(buildGraph(inventory, classify(compile(inventory)))), format)
        expect(draw(two)).toBe(draw(one))
      }
    }
  })

  it.skipIf(!hasDot)('is valid DOT that Graphviz lays out', async () => {
    const inventory = await loadCsv({
      zones: ZONES,
      systems: 'id,name,owner,zone,classes\n"a ""1""","АБС ""Qazyna"", \\ ядро\nекі жол",O,src,health\nb,B <b> & {c},O,cloud,\n',
      flows: 'id,source,target,classes,coupling\nf1,"a ""1""",b,,tight\n',
    })
    const graph = buildGraph(inventory, classify(compile(inventory)))
    for (const view of [systemView(graph), zoneView(graph)]) {
      const svg = execFileSync('dot', ['-Tsvg'], {input: renderDot(view)}).toString()
      expect(svg).toContain('</svg>')
    }
    const svg = execFileSync('dot', ['-Tsvg'], {input: renderDot(systemView(graph))}).toString()
    expect(svg).toContain('АБС &quot;Qazyna&quot;, \\ ядро')
  })
})

/** A plain synthetic inventory: zones of 500 systems each, flows between random pairs (a fixed LCG, so always the same). */
function synthetic(systems: number, flows: number): Inventory {
  let seed = 42
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n)
  const classSets: DataClass[][] = [[], ['public'], ['internal'], ['personal'], ['health'], ['bank_secret'], []]
  const zoneCount = Math.ceil(systems / 500)
  return {
    name: 'synthetic', links: [], datasets: [], waivers: [], extraColumns: {},
    zones: Array.from({length: zoneCount}, (_, z) => ({id: `z${z}`, name: `Zone ${z}`, country: 'KZ', ...(z === 0 ? {role: 'target' as const} : {}), approvedClasses: [], extra: {}, line: z + 2})),
    systems: Array.from({length: systems}, (_, i) => ({
      id: `s${i}`, name: `System ${i}`, owner: `o${i % 7}`, zone: `z${Math.floor(i / 500)}`, classes: classSets[next(classSets.length)],
      storageGb: 1, criticality: 'medium' as const, strategy: 'rehost' as const, after: [], environment: 'prod' as const, extra: {}, line: i + 2,
    })),
    flows: Array.from({length: flows}, (_, i) => ({
      id: `f${i}`, source: `s${next(systems)}`, target: `s${next(systems)}`, classes: next(3) === 0 ? classSets[next(classSets.length)] : [],
      coupling: 'loose' as const, extra: {}, line: i + 2,
    })),
  }
}

describe('the zone and wave views without flow edges', () => {
  it('count the flows from the inventory as they would from the full graph (property)', () => {
    let waves = 0
    fc.assert(
      fc.property(inventoryArb(SMALL), (inventory) => {
        const full = buildGraph(inventory, classify(compile(inventory)))
        expect(drawGraph(inventory, 'zone').view).toEqual(zoneView(full))
        const run = runPlan(inventory, {}, '')
        const drawn = drawGraph(inventory, 'wave')
        if (!run.plan.feasible) {
          expect(drawn.infeasible).toEqual(run.plan.infeasible)
        } else {
          waves++
          expect(drawn.view).toEqual(waveView(buildGraph(inventory, run.classification), run.plan.waves))
        }
      }),
      {numRuns: 200},
    )
    expect(waves).toBeGreaterThan(50)
  })
})
