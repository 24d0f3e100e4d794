/**
 * Property: on random small inventories, the worklist classification equals a
 * naive fixpoint (apply every rule to every flow, repeat until nothing
 * changes), written here with sets of class names so it shares nothing with
 * the bit masks in src. And every class a system holds has an explanation
 * whose every step is true of the inventory and ends at a row that states it.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {explainClass} from '../../src/classify/classify.js'
import {CLASSES, type DataClass, type Inventory} from '../../src/model/inventory.js'
import {classified} from './helpers.js'

const classSet = fc.subarray([...CLASSES])

const inventoryArb = fc.integer({min: 1, max: 8}).chain((n) => {
  const system = fc.nat({max: n - 1})
  return fc.record({
    declared: fc.array(fc.oneof(fc.constant([] as DataClass[]), classSet), {minLength: n, maxLength: n}),
    datasets: fc.array(fc.record({system, classes: classSet}), {maxLength: 4}),
    flows: fc.array(fc.record({source: system, target: system, classes: fc.oneof(fc.constant([] as DataClass[]), classSet)}), {maxLength: 16}),
  })
})

type Drawn = typeof inventoryArb extends fc.Arbitrary<infer T> ? T : never

function toInventory(drawn: Drawn): Inventory {
  return {
    name: 'random', zones: [{id: 'z', name: 'z', country: 'KZ', role: 'target', approvedClasses: [], extra: {}, line: 2}], links: [], waivers: [], extraColumns: {},
    systems: drawn.declared.map((classes, i) => ({
      id: `s${i}`, name: `s${i}`, owner: 'o', zone: 'z', classes, storageGb: 0, criticality: 'medium', strategy: 'rehost', after: [], environment: 'prod', extra: {}, line: i + 2,
    })),
    datasets: drawn.datasets.map((d, i) => ({system: `s${d.system}`, dataset: `d${i}`, column: '', classes: d.classes, evidence: '', extra: {}, line: i + 2})),
    flows: drawn.flows.map((f, i) => ({id: `f${i}`, source: `s${f.source}`, target: `s${f.target}`, classes: f.classes, coupling: 'loose', extra: {}, line: i + 2})),
  }
}

/** The rules of SPEC section 3, applied until nothing changes. */
function naiveFixpoint(inventory: Inventory): {systems: Map<string, Set<DataClass>>; flows: Set<DataClass>[]} {
  const closeUnder = (set: Set<DataClass>) => {
    if (set.has('health')) set.add('personal')
    return set
  }
  const systems = new Map(inventory.systems.map((s) => [s.id, closeUnder(new Set(s.classes))]))
  for (const d of inventory.datasets) for (const c of d.classes) closeUnder(systems.get(d.system)!.add(c))
  let carried: Set<DataClass>[] = []
  for (let changed = true; changed; ) {
    changed = false
    carried = inventory.flows.map((f) => closeUnder(new Set(f.classes.length > 0 ? f.classes : systems.get(f.source)!)))
    inventory.flows.forEach((f, i) => {
      for (const end of [f.source, f.target]) {
        const held = systems.get(end)!
        for (const c of carried[i]) {
          if (!held.has(c)) {
            held.add(c)
            changed = true
          }
        }
      }
    })
  }
  return {systems, flows: carried}
}

const inOrder = (set: Set<DataClass>) => CLASSES.filter((c) => set.has(c))

describe('classification fixpoint', () => {
  it('equals the naive fixpoint on random inventories', () => {
    fc.assert(
      fc.property(inventoryArb, (drawn) => {
        const inventory = toInventory(drawn)
        const k = classified(inventory)
        const expected = naiveFixpoint(inventory)
        for (const s of inventory.systems) expect(k.classes(s.id)).toEqual(inOrder(expected.systems.get(s.id)!))
        inventory.flows.forEach((f, i) => expect(k.carried(f.id)).toEqual(inOrder(expected.flows[i])))
      }),
      {numRuns: 500},
    )
  })

  it('explains every class a system holds with steps that hold in the inventory', () => {
    fc.assert(
      fc.property(inventoryArb, (drawn) => {
        const inventory = toInventory(drawn)
        const {compiled, classification, classes} = classified(inventory)
        inventory.systems.forEach((system, s) => {
          const held = new Set(classes(system.id))
          for (const c of CLASSES) {
            const steps = explainClass(compiled, classification, s, c)
            if (!held.has(c)) {
              expect(steps).toEqual([])
              continue
            }
            expect(steps.length).toBeGreaterThan(0)
            expect(steps[0]).toMatchObject({system: system.id, class: c})
            if (system.classes.includes(c)) expect(steps.map((x) => x.reason)).toEqual(['declared'])
            steps.forEach((step, i) => {
              const next = steps[i + 1]
              const last = i === steps.length - 1
              const flow = step.flow ? inventory.flows.find((f) => f.id === step.flow!.id)! : undefined
              switch (step.reason) {
                case 'declared':
                  expect(inventory.systems.find((x) => x.id === step.system)!.classes).toContain(step.class)
                  expect(last).toBe(true)
                  break
                case 'dataset':
                  expect(inventory.datasets.some((d) => d.system === step.system && d.line === step.line && d.classes.includes(step.class))).toBe(true)
                  expect(last).toBe(true)
                  break
                case 'inbound':
                case 'outbound':
                  expect(step.reason === 'inbound' ? flow!.target : flow!.source).toBe(step.system)
                  expect(flow!.classes).toContain(step.class)
                  expect(flow!.line).toBe(step.line)
                  expect(last).toBe(true)
                  break
                case 'carried':
                  expect(flow!.target).toBe(step.system)
                  expect(flow!.classes).toEqual([])
                  expect(next).toMatchObject({system: flow!.source, class: step.class})
                  break
                case 'implied':
                  expect(step.class).toBe('personal')
                  expect(next).toMatchObject({system: step.system, class: 'health'})
                  break
              }
            })
          }
        })
      }),
      {numRuns: 300},
    )
  })
})
