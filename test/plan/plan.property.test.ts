/**
 * Properties of the planner on random small inventories (see arbitraries.ts),
 * checked against the oracle (oracle.ts), which shares no code with the
 * planner or the verifier:
 *
 * - every emitted plan passes the verifier and the oracle: each migrating
 *   system in exactly one wave, after / tight / groups / pins / capacity /
 *   environments hold, no state adds a violation, the final state has none;
 * - the same input gives the same bytes (plan.json and waves.csv);
 * - lower bound <= wave count, and the lower bound is a true bound (never
 *   above the fewest waves of any valid plan);
 * - when a valid plan exists (brute force over every assignment), the planner
 *   finds one; when it says none exists, brute force finds none;
 * - without capacity limits, the wave count is the fewest possible: without
 *   dates and with no wave to keep prod from non-prod, the longest chain of
 *   precedences; in every case (dates, pins, environments) the brute-force
 *   optimum.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {serializePlan, type PlanOptionsRecord} from '../../src/export/plan-document.js'
import {renderWavesCsv} from '../../src/export/waves-csv.js'
import type {Inventory} from '../../src/model/inventory.js'
import {Calendar} from '../../src/plan/calendar.js'
import {runPlan} from '../../src/plan/run.js'
import {DEADLINES, inventoryArb, optionsArb, RULES, SMALL, type OptionShape, type Shape} from './arbitraries.js'
import {bruteForce, conditionFailures, longestChain, oracleFor, walkStates, type OracleOptions} from './oracle.js'

/** KOSH_PROPERTY_SEED and KOSH_PROPERTY_RUNS (a multiplier) widen the search when hunting a bug. */
const SEED = Number(process.env.KOSH_PROPERTY_SEED ?? 20270104)
const RUNS = Number(process.env.KOSH_PROPERTY_RUNS ?? 1)

function oracleOptions(options: PlanOptionsRecord, waves: number): OracleOptions {
  const calendar = options.start ? new Calendar({start: options.start, waveDays: options.waveDays ?? 14, blackouts: options.blackouts ?? []}) : undefined
  return {maxSystems: options.maxSystems, maxGb: options.maxGb, ...(calendar ? {dates: calendar.dates(waves)} : {})}
}

/** wave[s] for each system index, from the planner's waves (0: in no wave). */
function assignment(inventory: Inventory, waves: {systems: string[]}[]): number[] {
  const index = new Map(inventory.systems.map((s, i) => [s.id, i]))
  const wave = new Array<number>(inventory.systems.length).fill(0)
  waves.forEach((w, k) => {
    for (const id of w.systems) {
      expect(wave[index.get(id)!], `${id} is in two waves`).toBe(0)
      wave[index.get(id)!] = k + 1
    }
  })
  return wave
}

/** A wave bound for brute force: every plan the planner could make, and one more than pins and systems need. */
function waveBound(inventory: Inventory, planned: number): number {
  return Math.max(planned, inventory.systems.length + 1, ...inventory.systems.map((s) => (s.wave ?? 0) + 1))
}

const mixesEnvironments = (inventory: Inventory) =>
  new Set(inventory.systems.filter((s) => s.strategy !== 'retain').map((s) => s.environment === 'prod')).size > 1

const SHAPES: [string, Shape, OptionShape][] = [
  ['mixed', SMALL, {capacityOneIn: 2, datesOneIn: 2}],
  ['forced pairs', RULES, {capacityOneIn: 3, datesOneIn: 0}],
  ['deadlines under capacity', DEADLINES, {capacityOneIn: 1, datesOneIn: 1}],
]

describe.each(SHAPES)('planner properties: %s', (_name, shape, optionShape) => {
  it('every emitted plan is valid for the verifier and the oracle, and the same input gives the same bytes', () => {
    fc.assert(
      fc.property(inventoryArb(shape), optionsArb(optionShape), (inventory, options) => {
        const run = runPlan(inventory, options)
        const {plan, verification, document} = run
        expect(plan.lowerBound).toBeGreaterThanOrEqual(0)
        if (!plan.feasible) {
          expect(plan.infeasible.length).toBeGreaterThan(0)
          return
        }
        expect(plan.infeasible).toEqual([])
        expect(verification.valid, JSON.stringify({conditions: verification.conditions, introduced: verification.introduced, final: verification.final})).toBe(true)
        expect(plan.waves.length).toBeGreaterThanOrEqual(plan.lowerBound)

        const o = oracleFor(inventory)
        const wave = assignment(inventory, plan.waves)
        const dated = oracleOptions(options, plan.waves.length)
        if (dated.dates) expect(plan.waves.map((w) => w.dates)).toEqual(dated.dates)
        expect([...conditionFailures(o, wave, dated)]).toEqual([])
        const walk = walkStates(o, wave, dated)
        expect([...walk.introduced]).toEqual([])
        expect([...walk.final]).toEqual([])

        const again = runPlan(inventory, options)
        expect(serializePlan(again.document)).toBe(serializePlan(document))
        expect(renderWavesCsv(again.document)).toBe(renderWavesCsv(document))
      }),
      {numRuns: 300 * RUNS, seed: SEED},
    )
  })

  it('finds a valid plan whenever one exists (capacity, dates, pins, environments included), and the lower bound is a true bound', () => {
    const misses: string[] = []
    fc.assert(
      fc.property(inventoryArb(shape), optionsArb(optionShape), (inventory, options) => {
        const {plan} = runPlan(inventory, options)
        const bound = waveBound(inventory, plan.waves.length)
        const best = bruteForce(oracleFor(inventory), bound, oracleOptions(options, bound))
        if (plan.feasible) {
          expect(best, 'the planner made a plan the oracle cannot match').toBeDefined()
          expect(plan.lowerBound).toBeLessThanOrEqual(best!.waves)
        } else if (best) {
          misses.push(JSON.stringify({inventory, options, best, infeasible: plan.infeasible}))
        }
      }),
      {numRuns: 300 * RUNS, seed: SEED + 1},
    )
    expect(misses, misses.join('\n\n')).toEqual([])
  })

  it('without capacity or dates, the wave count is optimal: the longest precedence chain, and the brute-force optimum', () => {
    fc.assert(
      fc.property(inventoryArb(shape), (inventory) => {
        const {plan} = runPlan(inventory, {})
        const o = oracleFor(inventory)
        const chain = longestChain(o)
        const best = bruteForce(o, waveBound(inventory, plan.waves.length), {})
        expect(plan.feasible).toBe(best !== undefined)
        if (!best) return
        expect(plan.waves.length).toBe(best.waves)
        expect(plan.lowerBound).toBeLessThanOrEqual(best.waves)
        if (!mixesEnvironments(inventory)) {
          expect(chain).toBe(best.waves)
          expect(plan.lowerBound).toBe(plan.waves.length)
        }
      }),
      {numRuns: 300 * RUNS, seed: SEED + 2},
    )
  })

  it('with dates but no capacity limits, the wave count is still the fewest of any valid plan', () => {
    fc.assert(
      fc.property(inventoryArb(shape), optionsArb({capacityOneIn: 0, datesOneIn: 1}), (inventory, options) => {
        const {plan} = runPlan(inventory, options)
        const bound = waveBound(inventory, plan.waves.length)
        const best = bruteForce(oracleFor(inventory), bound, oracleOptions(options, bound))
        expect(plan.feasible).toBe(best !== undefined)
        if (best) expect(plan.waves.length).toBe(best.waves)
      }),
      {numRuns: 300 * RUNS, seed: SEED + 4},
    )
  })
})

describe('planner properties: larger inventories', () => {
  it('a larger inventory without capacity or dates: every unit on its earliest wave, count = longest chain = lower bound', () => {
    fc.assert(
      fc.property(inventoryArb({...SMALL, maxSystems: 12, nonProdOneIn: 0, maxFlows: 12}), (inventory) => {
        const {plan, verification} = runPlan(inventory, {})
        const chain = longestChain(oracleFor(inventory))
        if (!plan.feasible) return
        expect(verification.valid).toBe(true)
        expect(plan.waves.length).toBe(chain)
        expect(plan.lowerBound).toBe(chain)
      }),
      {numRuns: 300 * RUNS, seed: SEED + 3},
    )
  })
})
