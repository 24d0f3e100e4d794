/**
 * The verifier: an independent re-check of any plan (just made, read from
 * plan.json or waves.csv, or from the database).
 *
 * Plan conditions (SPEC 5): every migrating system in exactly one wave, no
 * retained system in a wave, `after` strictly earlier, tight-coupled systems
 * and groups in one wave, pins, capacities, environments. Then the states:
 * S0 (today) is evaluated in full, once; each later state re-evaluates only the
 * systems that wave moves (and the flows touching them), plus the systems of a
 * zone whose approval ends between two state dates. So verifying every state
 * costs one pass over the inventory plus the changes each wave makes.
 *
 * A state's date is the last day it holds: S(k) lasts until wave k+1 ends,
 * the final state lasts for good. A violation is (rule, subject, class); one
 * present in S0 is allowed until the wave that removes it; one that a state
 * adds is not, and the final state must have none.
 */
import type {Classification} from '../classify/classify.js'
import {Strategy, type Compiled} from '../graph/compile.js'
import {
  FOREVER, destination, destinationFinding, residency, residencyFinding, transit, transitFinding, type Finding, type Rule, type StateFinding,
} from '../rules/rules.js'
import {FILES} from '../model/inventory.js'

export interface WaveDates {
  start: string
  end: string
}

export interface PlanAssignment {
  /** `waves[k - 1]`: ids of the systems of wave k. */
  waves: string[][]
  /** Per wave, when it runs; absent for a plan without dates. */
  dates?: WaveDates[]
  /** Capacity per wave; a list ramps up, its last value repeats. */
  maxSystems?: number[]
  maxGb?: number[]
}

export interface ConditionFailure {
  condition: 'unassigned' | 'duplicate' | 'retained-in-wave' | 'unknown-system' | 'after' | 'tight' | 'group' | 'pin' | 'capacity-systems' | 'capacity-gb' | 'environment'
  subject: string
  message: string
  file: string
  line: number
}

export interface PresentViolation extends Finding {
  /** The wave whose state no longer has it; absent when it persists into the final state. */
  removedInWave?: number
}

export interface StateReport {
  state: number
  /** The last day the state holds; absent without dates, FOREVER for the final state. */
  until?: string
  violations: number
  introduced: number
  removed: number
}

/**
 * The violations present today as the verifier keeps them: one entry per rule
 * and subject, in the order of `Verification.present`. A million flows can
 * each have one; a few numbers each cost less than a finding each, which is
 * made only when `present` is read (plan.json groups them from these).
 */
export interface PresentTable {
  count: number
  /** 1, 2 or 3: R1, R2 or R3 (PRESENT_RULE). */
  rule: Uint8Array
  /** The system (R1) or flow (R2, R3), by index. */
  subject: Int32Array
  /** The classes violated today. */
  mask: Uint8Array
  /** The wave whose state no longer has it; 0 when it persists into the final state. */
  removedInWave: Int32Array
}

/** The rule of a present table's entry, by its number there. */
export const PRESENT_RULE = {1: 'R1', 2: 'R2', 3: 'R3'} as const satisfies Record<number, Rule>

export interface Verification {
  valid: boolean
  conditions: ConditionFailure[]
  states: StateReport[]
  /** Made from `presentTable` when first read. */
  present: PresentViolation[]
  presentTable: PresentTable
  /** Violations a state adds that the state before it did not have. */
  introduced: Finding[]
  /** Violations left in the final state. */
  final: Finding[]
}

export function capacityOf(list: readonly number[] | undefined, wave: number): number {
  if (!list || list.length === 0) return Infinity
  return list[Math.min(wave, list.length) - 1]
}

export function verifyPlan(c: Compiled, k: Classification, plan: PlanAssignment): Verification {
  const waveOf = new Int32Array(c.systemIds.length)
  const conditions = checkConditions(c, k, plan, waveOf)
  const {presentTable, ...states} = walkStates(c, k, plan, waveOf)
  let present: PresentViolation[] | undefined
  return {
    valid: conditions.length === 0 && states.introduced.length === 0 && states.final.length === 0,
    conditions,
    ...states,
    presentTable,
    get present() {
      return (present ??= presentFindings(c, presentTable))
    },
  }
}

/** The findings of a present table, in its order: each seen in S0, where every system sits in its own zone. */
export function presentFindings(c: Compiled, t: PresentTable): PresentViolation[] {
  const list: PresentViolation[] = []
  const zone = c.systemZone
  for (let i = 0; i < t.count; i++) {
    const x = t.subject[i]
    const mask = t.mask[i]
    const finding =
      t.rule[i] === 1 ? residencyFinding(c, x, zone[x], mask, 0)
        : t.rule[i] === 2 ? destinationFinding(c, x, zone[c.flowTarget[x]], mask, 0)
          : transitFinding(c, x, zone[c.flowSource[x]], zone[c.flowTarget[x]], mask, 0)
    if (t.removedInWave[i] !== 0) finding.removedInWave = t.removedInWave[i]
    list.push(finding)
  }
  return list
}

function checkConditions(c: Compiled, k: Classification, plan: PlanAssignment, waveOf: Int32Array): ConditionFailure[] {
  const failures: ConditionFailure[] = []
  const systems = c.inventory.systems
  const fail = (condition: ConditionFailure['condition'], s: number, message: string) =>
    failures.push({condition, subject: systems[s]?.id ?? '', message, file: FILES.systems, line: systems[s]?.line ?? 0})

  plan.waves.forEach((ids, w) => {
    let gb = 0
    let prod = 0
    let nonProd = 0
    for (const id of ids) {
      const s = c.systemIndex.get(id)
      if (s === undefined) {
        failures.push({condition: 'unknown-system', subject: id, message: `wave ${w + 1} names ${id}, which the inventory does not have`, file: FILES.systems, line: 0})
        continue
      }
      if (waveOf[s] !== 0) fail('duplicate', s, `${id} is in wave ${waveOf[s]} and again in wave ${w + 1}`)
      else waveOf[s] = w + 1
      if (c.systemStrategy[s] === Strategy.Retain) fail('retained-in-wave', s, `${id} is retained (strategy retain) but placed in wave ${w + 1}`)
      if (c.systemStrategy[s] !== Strategy.Retire) gb += systems[s].storageGb
      if (systems[s].environment === 'prod') prod++
      else nonProd++
    }
    const maxSystems = capacityOf(plan.maxSystems, w + 1)
    if (ids.length > maxSystems) failures.push({condition: 'capacity-systems', subject: `wave ${w + 1}`, message: `wave ${w + 1} moves ${ids.length} systems, more than its capacity of ${maxSystems}`, file: FILES.systems, line: 0})
    const maxGb = capacityOf(plan.maxGb, w + 1)
    if (gb > maxGb) failures.push({condition: 'capacity-gb', subject: `wave ${w + 1}`, message: `wave ${w + 1} moves ${gb} GB, more than its capacity of ${maxGb} GB`, file: FILES.systems, line: 0})
    if (prod > 0 && nonProd > 0) failures.push({condition: 'environment', subject: `wave ${w + 1}`, message: `wave ${w + 1} mixes prod and non-prod systems`, file: FILES.systems, line: 0})
  })

  const groupWave = new Map<string, {wave: number; s: number}>()
  // The earliest wave of each group's prod systems (a split group has more than one).
  const firstProd = new Map<string, {wave: number; s: number}>()
  systems.forEach((system, s) => {
    const wave = waveOf[s]
    if (c.systemStrategy[s] !== Strategy.Retain && wave === 0) fail('unassigned', s, `${system.id} migrates but is in no wave`)
    if (wave === 0) return
    for (const id of system.after) {
      const d = c.systemIndex.get(id)
      if (d === undefined || c.systemStrategy[d] === Strategy.Retain) continue
      if (waveOf[d] === 0 || waveOf[d] >= wave) fail('after', s, `${system.id} (wave ${wave}) must move after ${id} (wave ${waveOf[d] || 'none'})`)
    }
    if (system.wave !== undefined && system.wave !== wave) fail('pin', s, `${system.id} is pinned to wave ${system.wave} but is in wave ${wave}`)
    if (system.group) {
      const key = `${system.group}\u0000${system.environment}`
      if (system.environment === 'prod' && wave < (firstProd.get(system.group)?.wave ?? Infinity)) firstProd.set(system.group, {wave, s})
      const seen = groupWave.get(key)
      if (!seen) groupWave.set(key, {wave, s})
      else if (seen.wave !== wave) fail('group', s, `${system.id} (wave ${wave}) and ${systems[seen.s].id} (wave ${seen.wave}) share group ${system.group} but not a wave`)
    }
  })
  // A group's non-prod systems move before its prod ones.
  systems.forEach((system, s) => {
    if (!system.group || system.environment === 'prod' || waveOf[s] === 0) return
    const prod = firstProd.get(system.group)
    if (prod && prod.wave <= waveOf[s]) fail('environment', s, `${system.id} (${system.environment}, wave ${waveOf[s]}) must move before the prod systems of group ${system.group} (${systems[prod.s].id} is in wave ${prod.wave})`)
  })
  for (let f = 0; f < c.flowSource.length; f++) {
    if (c.inventory.flows[f].coupling !== 'tight') continue
    const [a, b] = [c.flowSource[f], c.flowTarget[f]]
    const flow = c.inventory.flows[f]
    const aRetained = c.systemStrategy[a] === Strategy.Retain
    const bRetained = c.systemStrategy[b] === Strategy.Retain
    if (aRetained && bRetained) continue
    if (aRetained || bRetained) {
      if (c.systemDestination[a] !== c.systemDestination[b]) {
        failures.push({condition: 'tight', subject: flow.id, message: `flow ${flow.id} couples ${flow.source} and ${flow.target} tightly, but ${aRetained ? flow.source : flow.target} is retained and the other would leave its zone`, file: FILES.flows, line: flow.line})
      }
      continue
    }
    if (waveOf[a] !== waveOf[b]) {
      failures.push({condition: 'tight', subject: flow.id, message: `flow ${flow.id} couples ${flow.source} (wave ${waveOf[a]}) and ${flow.target} (wave ${waveOf[b]}) tightly; they must share a wave`, file: FILES.flows, line: flow.line})
    }
  }
  void k
  return failures
}

/** The date each state is checked at: S(k) lasts until wave k+1 ends; the final state lasts. */
export function stateDates(plan: PlanAssignment): string[] {
  const n = plan.waves.length
  if (!plan.dates) return Array.from({length: n + 1}, () => '')
  return Array.from({length: n + 1}, (_, state) => (state < n ? plan.dates![state].end : FOREVER))
}

function walkStates(c: Compiled, k: Classification, plan: PlanAssignment, waveOf: Int32Array): Omit<Verification, 'valid' | 'conditions' | 'present'> {
  const n = c.systemIds.length
  const m = c.flowSource.length
  const waves = plan.waves.length
  const dates = stateDates(plan)
  const zone = Int32Array.from(c.systemZone)
  const active = new Uint8Array(n).fill(1)
  const r1 = new Uint8Array(n)
  const r2 = new Uint8Array(m)
  const r3 = new Uint8Array(m)
  const stamp = new Int32Array(m).fill(-1)
  /** The state in which each system last changed. */
  const mark = new Int32Array(n).fill(-1)

  // R2 and R3 of a flow: nothing while either end is retired. Two functions, not one returning a
  // pair: at a million flows per state an array per call is most of the cost.
  const destinationMask = (f: number, date: string): number => {
    const a = c.flowSource[f]
    const b = c.flowTarget[f]
    return active[a] && active[b] ? destination(c, k, f, zone[b], date) : 0
  }
  const transitMask = (f: number): number => {
    const a = c.flowSource[f]
    const b = c.flowTarget[f]
    return active[a] && active[b] ? transit(c, k, f, zone[a], zone[b]) : 0
  }

  // S0: everything, once.
  let total = 0
  for (let s = 0; s < n; s++) {
    r1[s] = residency(c, k, s, zone[s], dates[0])
    total += popcount(r1[s])
  }
  for (let f = 0; f < m; f++) {
    r2[f] = destinationMask(f, dates[0])
    r3[f] = transitMask(f)
    total += popcount(r2[f]) + popcount(r3[f])
  }
  let count = 0
  for (let s = 0; s < n; s++) if (r1[s]) count++
  for (let f = 0; f < m; f++) count += (r2[f] ? 1 : 0) + (r3[f] ? 1 : 0)
  const presentTable: PresentTable = {count: 0, rule: new Uint8Array(count), subject: new Int32Array(count), mask: new Uint8Array(count), removedInWave: new Int32Array(count)}
  // Where each subject's present violation of R1, R2 and R3 is in the table (-1: none).
  const presentAt = {R1: new Int32Array(n).fill(-1), R2: new Int32Array(m).fill(-1), R3: new Int32Array(m).fill(-1)}
  const remember = (rule: 1 | 2 | 3, at: Int32Array, subject: number, mask: number) => {
    const i = presentTable.count++
    at[subject] = i
    presentTable.rule[i] = rule
    presentTable.subject[i] = subject
    presentTable.mask[i] = mask
  }
  for (let s = 0; s < n; s++) if (r1[s]) remember(1, presentAt.R1, s, r1[s])
  for (let f = 0; f < m; f++) {
    if (r2[f]) remember(2, presentAt.R2, f, r2[f])
    if (r3[f]) remember(3, presentAt.R3, f, r3[f])
  }
  const p1 = r1.slice()
  const p2 = r2.slice()
  const p3 = r3.slice()

  const byWave: number[][] = Array.from({length: waves + 1}, () => [])
  for (let s = 0; s < n; s++) if (waveOf[s] > 0) byWave[waveOf[s]].push(s)

  // Keys in canonical order, as plan.json writes them: a state out of order would have the whole verification copied.
  const states: StateReport[] = [{introduced: 0, removed: 0, state: 0, ...(plan.dates ? {until: dates[0]} : {}), violations: total}]
  const introduced: Finding[] = []
  for (let state = 1; state <= waves; state++) {
    const date = dates[state]
    const changed = new Set<number>(byWave[state])
    // Approvals that end between the two state dates touch every system still in that zone.
    for (let z = 0; z < c.zoneIds.length; z++) {
      const until = c.zoneUntil[z]
      if (until !== '' && dates[state - 1] !== '' && dates[state - 1] <= until && date > until) {
        for (let s = 0; s < n; s++) if (zone[s] === z) changed.add(s)
      }
    }
    for (const s of byWave[state]) {
      if (c.systemStrategy[s] === Strategy.Retire) active[s] = 0
      else zone[s] = c.systemDestination[s]
    }
    let added = 0
    let removed = 0
    const compare = (now: number, before: number, startedWith: number, rule: 'R1' | 'R2' | 'R3', subject: number, make: () => StateFinding) => {
      const fresh = now & ~before
      if (fresh) {
        added += popcount(fresh)
        introduced.push(make().withMask(fresh))
      }
      const gone = before & ~now
      if (gone) {
        removed += popcount(gone)
        if (startedWith & gone && !(now & startedWith)) {
          const at = presentAt[rule][subject]
          if (at >= 0 && presentTable.removedInWave[at] === 0) presentTable.removedInWave[at] = state
        }
      }
      total += popcount(now) - popcount(before)
    }
    const recheck = (f: number) => {
      const now2 = destinationMask(f, date)
      const now3 = transitMask(f)
      compare(now2, r2[f], p2[f], 'R2', f, () => destinationFinding(c, f, zone[c.flowTarget[f]], now2, state))
      compare(now3, r3[f], p3[f], 'R3', f, () => transitFinding(c, f, zone[c.flowSource[f]], zone[c.flowTarget[f]], now3, state))
      r2[f] = now2
      r3[f] = now3
    }
    let touched = 0
    for (const s of changed) {
      const now = active[s] ? residency(c, k, s, zone[s], date) : 0
      compare(now, r1[s], p1[s], 'R1', s, () => residencyFinding(c, s, zone[s], now, state))
      r1[s] = now
      mark[s] = state
      touched += c.incidentStart[s + 1] - c.incidentStart[s]
    }
    if (touched * 4 > m) {
      // A wave that touches many flows: one pass in flow order reads memory in order.
      for (let f = 0; f < m; f++) if (mark[c.flowSource[f]] === state || mark[c.flowTarget[f]] === state) recheck(f)
    } else {
      for (const s of changed) {
        for (let i = c.incidentStart[s]; i < c.incidentStart[s + 1]; i++) {
          const f = c.incident[i]
          if (stamp[f] === state) continue
          stamp[f] = state
          recheck(f)
        }
      }
    }
    states.push({introduced: added, removed, state, ...(plan.dates ? {until: date} : {}), violations: total})
  }

  const final: Finding[] = []
  for (let s = 0; s < n; s++) if (r1[s]) final.push(residencyFinding(c, s, zone[s], r1[s], waves))
  for (let f = 0; f < m; f++) {
    if (r2[f]) final.push(destinationFinding(c, f, zone[c.flowTarget[f]], r2[f], waves))
    if (r3[f]) final.push(transitFinding(c, f, zone[c.flowSource[f]], zone[c.flowTarget[f]], r3[f], waves))
  }
  // In state, rule and subject order, however the flows of a state were visited.
  introduced.sort((x, y) => (x.state ?? 0) - (y.state ?? 0) || compareText(x.rule, y.rule) || compareText(x.subject, y.subject))
  return {states, presentTable, introduced, final}
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** How many classes a mask holds. */
export function popcount(mask: number): number {
  let count = 0
  for (let x = mask; x; x &= x - 1) count++
  return count
}
