/**
 * An oracle for plans, written from SPEC sections 4 and 5 with sets of
 * strings and whole-state recomputation, sharing nothing with the planner or
 * the verifier but the classification (which has its own property test):
 *
 * - `conditionFailures`: the plan conditions (waves, after, tight, groups,
 *   pins, capacity, environments), each failure named by its condition;
 * - `walkStates`: every state S0..Sn evaluated from scratch, violations as
 *   `rule|subject|class` strings, with what each state adds;
 * - `bruteForce`: every assignment of systems to waves 1..W, the fewest waves
 *   of any valid plan (or none);
 * - `longestChain`: the fewest waves the precedences allow, by relaxing
 *   `wave(b) >= wave(a) + 1` (after, a group's non-prod first), `>=` (an order
 *   only one way of which is clean) and `=` (tight, group, pairs clean in
 *   neither order) until nothing moves.
 */
import type {Classification} from '../../src/classify/classify.js'
import {classify} from '../../src/classify/classify.js'
import {CLASS_BIT, compile, type Compiled} from '../../src/graph/compile.js'
import type {DataClass, Inventory} from '../../src/model/inventory.js'

export const SENSITIVE_CLASSES: DataClass[] = ['personal', 'health', 'bank_secret']
const FOREVER = '9999-12-31'

export interface OracleOptions {
  maxSystems?: number[]
  maxGb?: number[]
  /** Wave dates, when the plan has them: `dates[k - 1]` for wave k (enough for any wave asked about). */
  dates?: {start: string; end: string}[]
}

export interface Oracle {
  inventory: Inventory
  compiled: Compiled
  classification: Classification
  /** Sensitive classes each system holds, by index. */
  holds: DataClass[][]
  /** Sensitive classes each flow carries, by index. */
  carries: DataClass[][]
  zone: Map<string, Inventory['zones'][number]>
  destination: string[]
  movers: number[]
}

export function oracleFor(inventory: Inventory): Oracle {
  const compiled = compile(inventory)
  const classification = classify(compiled)
  const classesOf = (mask: number) => SENSITIVE_CLASSES.filter((c) => mask & CLASS_BIT[c])
  const target = inventory.zones.find((z) => z.role === 'target')?.id
  return {
    inventory, compiled, classification,
    holds: inventory.systems.map((_, s) => classesOf(classification.effective[s])),
    carries: inventory.flows.map((_, f) => classesOf(classification.carried[f])),
    zone: new Map(inventory.zones.map((z) => [z.id, z])),
    destination: inventory.systems.map((s) => (s.strategy === 'retain' ? s.zone : s.targetZone || target || s.zone)),
    movers: inventory.systems.flatMap((s, i) => (s.strategy === 'retain' ? [] : [i])),
  }
}

const capacity = (list: number[] | undefined, wave: number) => (list && list.length > 0 ? list[Math.min(wave, list.length) - 1] : Infinity)

/** `wave[s]`: 0 for a system in no wave. Returns the failed conditions, by the verifier's names. */
export function conditionFailures(o: Oracle, wave: number[], options: OracleOptions): Set<string> {
  const failed = new Set<string>()
  const systems = o.inventory.systems
  const index = new Map(systems.map((s, i) => [s.id, i]))
  const waves = Math.max(0, ...wave)
  systems.forEach((s, i) => {
    if (s.strategy === 'retain' && wave[i] !== 0) failed.add('retained-in-wave')
    if (s.strategy !== 'retain' && wave[i] === 0) failed.add('unassigned')
    if (wave[i] === 0) return
    for (const id of s.after) {
      const d = index.get(id)!
      if (systems[d].strategy === 'retain') continue
      if (!(wave[d] > 0 && wave[d] < wave[i])) failed.add('after')
    }
    if (s.wave !== undefined && s.wave !== wave[i]) failed.add('pin')
  })
  for (const f of o.inventory.flows) {
    if (f.coupling !== 'tight') continue
    const [a, b] = [index.get(f.source)!, index.get(f.target)!]
    const [ra, rb] = [systems[a].strategy === 'retain', systems[b].strategy === 'retain']
    if (ra && rb) continue
    if (ra || rb) {
      if (o.destination[a] !== o.destination[b]) failed.add('tight')
    } else if (wave[a] !== wave[b]) failed.add('tight')
  }
  const byGroup = new Map<string, Set<number>>()
  systems.forEach((s, i) => {
    if (!s.group || wave[i] === 0) return
    const key = `${s.group}/${s.environment}`
    byGroup.set(key, (byGroup.get(key) ?? new Set()).add(wave[i]))
  })
  for (const set of byGroup.values()) if (set.size > 1) failed.add('group')
  systems.forEach((s, i) => {
    if (!s.group || s.environment === 'prod' || wave[i] === 0) return
    const prod = byGroup.get(`${s.group}/prod`)
    if (prod && [...prod].some((w) => w <= wave[i])) failed.add('environment')
  })
  for (let w = 1; w <= waves; w++) {
    const members = systems.flatMap((s, i) => (wave[i] === w ? [s] : []))
    if (members.length > capacity(options.maxSystems, w)) failed.add('capacity-systems')
    const gb = members.reduce((sum, s) => sum + (s.strategy === 'retire' ? 0 : s.storageGb), 0)
    if (gb > capacity(options.maxGb, w)) failed.add('capacity-gb')
    const envs = new Set(members.map((s) => s.environment === 'prod'))
    if (envs.size > 1) failed.add('environment')
  }
  return failed
}

/** Sensitive classes a zone approves on a date ('' = no date). */
function approved(o: Oracle, zoneId: string, date: string): Set<DataClass> {
  const z = o.zone.get(zoneId)!
  if (date !== '' && z.approvedUntil && date > z.approvedUntil) return new Set()
  return new Set(z.approvedClasses.filter((c) => SENSITIVE_CLASSES.includes(c)).concat(z.approvedClasses.includes('health') ? ['personal'] : []))
}

function linked(o: Oracle, a: string, b: string): Set<DataClass> {
  const out = new Set<DataClass>()
  for (const l of o.inventory.links) {
    if ((l.zoneA === a && l.zoneB === b) || (l.zoneA === b && l.zoneB === a)) {
      for (const c of l.approvedClasses) out.add(c)
      if (l.approvedClasses.includes('health')) out.add('personal')
    }
  }
  return out
}

/** Violations of one placement, as `rule|subject|class`. `where[s]` is a zone id, or undefined for a retired system. */
export function violations(o: Oracle, where: (string | undefined)[], date: string): Set<string> {
  const out = new Set<string>()
  o.inventory.systems.forEach((s, i) => {
    if (where[i] === undefined) return
    const ok = approved(o, where[i]!, date)
    for (const c of o.holds[i]) if (!ok.has(c)) out.add(`R1|${s.id}|${c}`)
  })
  const index = new Map(o.inventory.systems.map((s, i) => [s.id, i]))
  o.inventory.flows.forEach((f, i) => {
    const [za, zb] = [where[index.get(f.source)!], where[index.get(f.target)!]]
    if (za === undefined || zb === undefined) return
    const ok = approved(o, zb, date)
    for (const c of o.carries[i]) if (!ok.has(c)) out.add(`R2|${f.id}|${c}`)
    if (za !== zb) {
      const link = linked(o, za, zb)
      for (const c of o.carries[i]) if (!link.has(c)) out.add(`R3|${f.id}|${c}`)
    }
  })
  return out
}

export interface StateWalk {
  /** Per state k >= 1, the violations it has that state k - 1 did not, as `k|rule|subject|class`. */
  introduced: Set<string>
  final: Set<string>
  present: Set<string>
}

/** Every state of the plan from scratch: S(k) holds until wave k + 1 ends; the final state lasts. */
export function walkStates(o: Oracle, wave: number[], options: OracleOptions): StateWalk {
  const waves = Math.max(0, ...wave)
  const dateOf = (state: number) => (!options.dates ? '' : state < waves ? options.dates[state].end : FOREVER)
  const placement = (state: number) => o.inventory.systems.map((s, i) => {
    if (wave[i] === 0 || wave[i] > state) return s.zone
    return s.strategy === 'retire' ? undefined : o.destination[i]
  })
  const introduced = new Set<string>()
  let before = violations(o, placement(0), dateOf(0))
  const present = before
  for (let state = 1; state <= waves; state++) {
    const now = violations(o, placement(state), dateOf(state))
    for (const v of now) if (!before.has(v)) introduced.add(`${state}|${v}`)
    before = now
  }
  return {introduced, final: before, present}
}

export function isValid(o: Oracle, wave: number[], options: OracleOptions): boolean {
  if (conditionFailures(o, wave, options).size > 0) return false
  const walk = walkStates(o, wave, options)
  return walk.introduced.size === 0 && walk.final.size === 0
}

/** The fewest waves of any valid plan with waves 1..maxWaves (empty waves allowed), or undefined when none exists. */
export function bruteForce(o: Oracle, maxWaves: number, options: OracleOptions): {waves: number; plan: number[]} | undefined {
  const wave = new Array<number>(o.inventory.systems.length).fill(0)
  const movers = o.movers
  if (movers.length === 0) return isValid(o, wave, options) ? {waves: 0, plan: wave} : undefined
  // Widen the range one wave at a time: the first valid plan found has the fewest waves.
  for (let limit = 1; limit <= maxWaves; limit++) {
    const found = (i: number): boolean => {
      if (i === movers.length) return Math.max(...wave) === limit && isValid(o, wave, options)
      for (let w = 1; w <= limit; w++) {
        wave[movers[i]] = w
        if (found(i + 1)) return true
      }
      return false
    }
    if (found(0)) return {waves: limit, plan: [...wave]}
  }
  return undefined
}

/**
 * Whether moving one end of a flow first (the other still where it is) adds an
 * R2 or R3 violation of that flow that today's placement does not have.
 */
function splitUnclean(o: Oracle, f: number, movedFirst: number): boolean {
  const systems = o.inventory.systems
  const index = new Map(systems.map((s, i) => [s.id, i]))
  const flow = o.inventory.flows[f]
  const today = systems.map((s) => s.zone as string | undefined)
  const split = [...today]
  split[movedFirst] = systems[movedFirst].strategy === 'retire' ? undefined : o.destination[movedFirst]
  const mine = (v: string) => v.startsWith(`R2|${flow.id}|`) || v.startsWith(`R3|${flow.id}|`)
  const before = violations(o, today, '')
  return [...violations(o, split, '')].some((v) => mine(v) && !before.has(v))
}

/**
 * The fewest waves the precedences and ties allow (no capacity, no dates):
 * the longest chain of strict precedences, with pins. undefined when they
 * cannot all hold (a cycle through a strict precedence).
 */
export function longestChain(o: Oracle): number | undefined {
  const systems = o.inventory.systems
  const index = new Map(systems.map((s, i) => [s.id, i]))
  const moves = (i: number) => systems[i].strategy !== 'retain'
  const ge: [number, number, number][] = [] // wave[b] >= wave[a] + k
  const eq: [number, number][] = []
  systems.forEach((s, i) => {
    if (!moves(i)) return
    for (const id of s.after) if (moves(index.get(id)!)) ge.push([index.get(id)!, i, 1])
    if (s.group) {
      systems.forEach((t, j) => {
        if (j === i || !moves(j) || t.group !== s.group) return
        if (t.environment === s.environment) eq.push([i, j])
        else if (s.environment !== 'prod' && t.environment === 'prod') ge.push([i, j, 1])
      })
    }
  })
  o.inventory.flows.forEach((f, k) => {
    const [a, b] = [index.get(f.source)!, index.get(f.target)!]
    if (a === b || !moves(a) || !moves(b)) return
    if (f.coupling === 'tight') eq.push([a, b])
    const aFirstBad = splitUnclean(o, k, a)
    const bFirstBad = splitUnclean(o, k, b)
    if (aFirstBad && bFirstBad) eq.push([a, b])
    else if (aFirstBad) ge.push([b, a, 0])
    else if (bFirstBad) ge.push([a, b, 0])
  })
  const wave = systems.map((s, i) => (moves(i) ? Math.max(1, s.wave ?? 1) : 0))
  const limit = systems.length + Math.max(0, ...systems.map((s) => s.wave ?? 0)) + 2
  for (let changed = true; changed; ) {
    changed = false
    const raise = (i: number, to: number) => {
      if (wave[i] < to) {
        wave[i] = to
        changed = true
      }
    }
    for (const [a, b, k] of ge) raise(b, wave[a] + k)
    for (const [a, b] of eq) {
      raise(a, wave[b])
      raise(b, wave[a])
    }
    if (Math.max(0, ...wave) > limit) return undefined
  }
  if (systems.some((s, i) => moves(i) && s.wave !== undefined && wave[i] !== s.wave)) return undefined
  return Math.max(0, ...wave)
}
