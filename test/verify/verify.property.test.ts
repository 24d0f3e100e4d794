/**
 * The verifier against the oracle (test/plan/oracle.ts, which recomputes every
 * state from scratch with sets of strings): on random inventories and random
 * assignments of systems to waves (valid or not), verifyPlan's failed
 * conditions, the violations each state adds and those left in the final state
 * are exactly the oracle's. And mutations of valid plans: moving one system to
 * another wave is flagged by exactly the conditions it breaks.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {groupFindings, groupPresent, removedCount, violationCount, type PlanOptionsRecord, type WaiverStatus} from '../../src/export/plan-document.js'
import type {Inventory} from '../../src/model/inventory.js'
import {Calendar} from '../../src/plan/calendar.js'
import {runPlan} from '../../src/plan/run.js'
import {verifyPlan, type Verification} from '../../src/verify/verify.js'
import {DEADLINES, inventoryArb, optionsArb, RULES, SMALL} from '../plan/arbitraries.js'
import {conditionFailures, oracleFor, walkStates, type OracleOptions} from '../plan/oracle.js'

const SEED = Number(process.env.KOSH_PROPERTY_SEED ?? 20270104)
const RUNS = Number(process.env.KOSH_PROPERTY_RUNS ?? 1)

function datesFor(options: PlanOptionsRecord, waves: number) {
  if (!options.start) return undefined
  return new Calendar({start: options.start, waveDays: options.waveDays ?? 14, blackouts: options.blackouts ?? []}).dates(waves)
}

/** waves[k - 1]: the ids of the systems assigned to wave k. */
function wavesOf(inventory: Inventory, wave: number[]): string[][] {
  const waves: string[][] = Array.from({length: Math.max(0, ...wave)}, () => [])
  wave.forEach((w, s) => w > 0 && waves[w - 1].push(inventory.systems[s].id))
  return waves
}

function verify(inventory: Inventory, wave: number[], options: PlanOptionsRecord): {verification: Verification; oracle: OracleOptions} {
  const o = oracleFor(inventory)
  const waves = wavesOf(inventory, wave)
  const dates = datesFor(options, waves.length)
  const verification = verifyPlan(o.compiled, o.classification, {waves, dates, maxSystems: options.maxSystems, maxGb: options.maxGb})
  return {verification, oracle: {maxSystems: options.maxSystems, maxGb: options.maxGb, ...(dates ? {dates} : {})}}
}

const expand = (findings: Verification['introduced'], withState: boolean) =>
  new Set(findings.flatMap((f) => f.classes.map((c) => `${withState ? `${f.state}|` : ''}${f.rule}|${f.subject}|${c}`)))

function expectSameAsOracle(inventory: Inventory, wave: number[], options: PlanOptionsRecord): Verification {
  const {verification, oracle} = verify(inventory, wave, options)
  const o = oracleFor(inventory)
  const conditions = conditionFailures(o, wave, oracle)
  const walk = walkStates(o, wave, oracle)
  expect(new Set(verification.conditions.map((c) => c.condition))).toEqual(conditions)
  expect(expand(verification.introduced, true)).toEqual(walk.introduced)
  expect(expand(verification.final, false)).toEqual(walk.final)
  expect(expand(verification.present, false)).toEqual(walk.present)
  expect(verification.valid).toBe(conditions.size === 0 && walk.introduced.size === 0 && walk.final.size === 0)
  // Each state reports its violation count.
  expect(verification.states.length).toBe(Math.max(0, ...wave) + 1)
  return verification
}

/** An inventory and a random wave (0..4) for each system; retained systems usually in none. */
const assignmentArb = (shape = SMALL) =>
  inventoryArb(shape).chain((inventory) =>
    fc.tuple(
      fc.constant(inventory),
      fc.tuple(...inventory.systems.map((s) => (s.strategy === 'retain' ? fc.constantFrom(0, 0, 0, 1) : fc.integer({min: 0, max: 4})))),
      optionsArb({capacityOneIn: 2, datesOneIn: 2}),
    ),
  )

describe('verifyPlan against the oracle', () => {
  for (const [name, shape] of [['mixed', SMALL], ['forced pairs', RULES], ['deadlines', DEADLINES]] as const) {
    it(`random assignments (${name}): the same conditions, introduced, final and present violations`, () => {
      fc.assert(
        fc.property(assignmentArb(shape), ([inventory, wave, options]) => {
          expectSameAsOracle(inventory, wave, options)
        }),
        {numRuns: 300 * RUNS, seed: SEED},
      )
    })
  }

  it('moving one system of a valid plan to another wave is flagged by exactly the conditions and states it breaks', () => {
    let flagged = 0
    fc.assert(
      fc.property(inventoryArb(SMALL), optionsArb({capacityOneIn: 2, datesOneIn: 2}), fc.nat(), fc.nat(), (inventory, options, pick, to) => {
        const {plan, verification} = runPlan(inventory, options)
        if (!plan.feasible) return
        expect(verification.valid).toBe(true)
        const index = new Map(inventory.systems.map((s, i) => [s.id, i]))
        const wave = new Array<number>(inventory.systems.length).fill(0)
        plan.waves.forEach((w, k) => w.systems.forEach((id) => (wave[index.get(id)!] = k + 1)))
        const movers = wave.flatMap((w, s) => (w > 0 ? [s] : []))
        if (movers.length === 0) return
        const s = movers[pick % movers.length]
        const target = 1 + (to % (plan.waves.length + 1))
        if (target === wave[s]) return
        wave[s] = target
        const mutated = expectSameAsOracle(inventory, wave, options)
        if (!mutated.valid) flagged++
      }),
      {numRuns: 400 * RUNS, seed: SEED + 1},
    )
    expect(flagged).toBeGreaterThan(20)
  })

  it('a broken after is flagged as after, on the system that waits, with its line', () => {
    fc.assert(
      fc.property(inventoryArb({...SMALL, retainOneIn: 0, pinOneIn: 0, nonProdOneIn: 0, groups: false, tightOneIn: 0}), (inventory) => {
        const {plan} = runPlan(inventory, {})
        if (!plan.feasible) return
        const index = new Map(inventory.systems.map((s, i) => [s.id, i]))
        const wave = new Array<number>(inventory.systems.length).fill(0)
        plan.waves.forEach((w, k) => w.systems.forEach((id) => (wave[index.get(id)!] = k + 1)))
        const waiting = inventory.systems.findIndex((s) => s.after.length > 0)
        if (waiting < 0) return
        const dependency = index.get(inventory.systems[waiting].after[0])!
        // Move the dependency to the waiting system's wave: after no longer holds.
        wave[dependency] = wave[waiting]
        const {verification} = verify(inventory, wave, {})
        const after = verification.conditions.filter((c) => c.condition === 'after')
        expect(after.map((c) => c.subject)).toContain(inventory.systems[waiting].id)
        expect(after.find((c) => c.subject === inventory.systems[waiting].id)).toMatchObject({file: 'systems.csv', line: inventory.systems[waiting].line})
      }),
      {numRuns: 200 * RUNS, seed: SEED + 2},
    )
  })
})

// plan.json groups findings by the million from the verifier's table and from the flows, without a finding each:
// the groups must be those of the findings themselves.
describe("plan.json's groups of findings", () => {
  it("plan.json's groups of present violations, made from the verifier's table, are the groups of its findings, waivers and all", () => {
    let grouped = 0
    fc.assert(
      fc.property(assignmentArb(SMALL), fc.nat(), ([inventory, wave, options], pick) => {
        const {verification} = verify(inventory, wave, options)
        const o = oracleFor(inventory)
        // A waiver for some of the present violations' subjects, by rule.
        const waivers = new Map<string, Map<string, WaiverStatus>>()
        verification.present.forEach((p, i) => {
          if ((i + pick) % 3 !== 0) return
          if (!waivers.has(p.rule)) waivers.set(p.rule, new Map())
          waivers.get(p.rule)!.set(p.subject, {owner: 'Risk', expires: '2030-01-01', justification: `waiver ${i}`, line: i + 2})
        })
        const groups = groupPresent(o.compiled, verification.presentTable, waivers)
        expect(groups).toEqual(groupFindings(verification.present, (f) => waivers.get(f.rule)?.get(f.subject)))
        expect(JSON.stringify(groups)).toBe(JSON.stringify(groupFindings(verification.present, (f) => waivers.get(f.rule)?.get(f.subject))))
        // The counts a reviewer reads are the states' counts: a violation per rule, subject and class.
        expect(violationCount(groups)).toBe(verification.states[0].violations)
        const removed = verification.states.slice(1).reduce((n, s) => n + s.removed, 0)
        if (verification.introduced.length === 0) expect(removedCount(groups)).toBe(removed)
        grouped += groups.length
      }),
      {numRuns: 300 * RUNS, seed: SEED + 3},
    )
    expect(grouped).toBeGreaterThan(100)
  })

  it("plan.json's groups of R0 and R4 findings, made from the flows, are the groups of the findings, waivers and all", () => {
    let grouped = 0
    fc.assert(
      fc.property(inventoryArb(SMALL), fc.nat(), (drawn, pick) => {
        // A waiver of R4 for some flows (whether they have a finding or not).
        const waivers = drawn.flows
          .filter((_, i) => (i + pick) % 4 === 0)
          .map((f, i) => ({rule: 'R4', subject: f.id, justification: `waiver ${i}`, owner: 'Risk', expires: '2030-01-01', extra: {}, line: i + 2}))
        const inventory = {...drawn, waivers}
        const {document, findings} = runPlan(inventory, {})
        const byRule = new Map(waivers.map((w) => [w.subject, {expires: w.expires, justification: w.justification, line: w.line, owner: w.owner}]))
        expect(document.findings).toEqual(groupFindings(findings, (f) => (f.rule === 'R4' ? byRule.get(f.subject) : undefined)))
        grouped += document.findings.length
      }),
      {numRuns: 300 * RUNS, seed: SEED + 4},
    )
    expect(grouped).toBeGreaterThan(100)
  })
})
