/**
 * The wave planner.
 *
 * 1. Move units and the precedence between them (units.ts).
 * 2. Infeasibility that no order can fix: an `after` cycle, a unit mixing prod
 *    and non-prod, a retained system tied to one that leaves, a unit larger
 *    than any wave, a final state that still violates a rule.
 * 3. Earliest wave of each unit (longest path over precedence, pins) and
 *    latest wave (pins; approvals that end: a system must have left a zone
 *    before its approval ends; capacities that shrink), propagated backwards.
 *    More systems due by a wave than the waves up to it can take is reported
 *    in those terms.
 * 4. List scheduling, wave by wave: among the units whose predecessors are
 *    placed, first what removes a present violation or must beat a deadline
 *    (the nearer first), then what starts the longest chain of dependants,
 *    then the less critical (a pilot goes first), then by id. A wave is prod
 *    or non-prod; capacity may push a unit on.
 * 5. Without capacity limits, when prod and non-prod both move and the count
 *    is above the lower bound: the sequences of prod and non-prod waves with
 *    fewer waves are tried (for a fixed sequence, earliest placement is
 *    optimal), so the count is the fewest possible.
 * 6. When list scheduling fails (capacity with deadlines or pins), a bounded
 *    depth-first search for any valid placement before giving up.
 *
 * Without capacity limits every unit lands on its earliest wave of its
 * environment; with one environment the count is the longest precedence
 * chain, which is the lower bound.
 */
import type {Classification} from '../classify/classify.js'
import {SENSITIVE_MASK, Strategy, type Compiled} from '../graph/compile.js'
import {codeUnitOrder} from '../model/key-order.js'
import {appendAll, maxOf} from '../model/lists.js'
import {FOREVER, destination, destinationFinding, residency, residencyFinding, transit, transitFinding, type Finding, type StateFinding} from '../rules/rules.js'
import {FILES, type Criticality} from '../model/inventory.js'
import {capacityOf, type WaveDates} from '../verify/verify.js'
import {Calendar, type CalendarOptions} from './calendar.js'
import {Heap} from './heap.js'
import {buildUnits, type CycleStep, type Tie, type Units} from './units.js'

export interface PlanOptions {
  maxSystems?: number[]
  maxGb?: number[]
  calendar?: CalendarOptions
}

/** Why a system is in its wave: a code with parameters, rendered in each language by the exporters. */
export interface PlacementReason {
  code:
    | 'pinned' | 'after' | 'nonprod-first' | 'order' | 'ready' | 'capacity' | 'environment'
    | 'removes-violation' | 'deadline' | 'tight' | 'group' | 'together' | 'cycle' | 'retire'
  system?: string
  flow?: string
  group?: string
  zone?: string
  date?: string
  wave?: number
}

export interface Infeasibility {
  kind: 'after-cycle' | 'unit-too-large' | 'retained-must-move' | 'final-violation' | 'environment-conflict' | 'pin-conflict' | 'pin-too-early' | 'deadline'
  systems: string[]
  message: string
  file: string
  line: number
  finding?: Finding
}

export interface PlannedWave {
  wave: number
  systems: string[]
  dates?: WaveDates
}

export interface PlanResult {
  feasible: boolean
  waves: PlannedWave[]
  /** Reasons per system id, for the systems in waves. */
  reasons: Map<string, PlacementReason[]>
  lowerBound: number
  infeasible: Infeasibility[]
}

const CRITICALITY_RANK: Record<Criticality, number> = {low: 0, medium: 1, high: 2, critical: 3}
const NONE = 0x3fffffff

export function planWaves(c: Compiled, k: Classification, options: PlanOptions = {}): PlanResult {
  const units = buildUnits(c, k)
  const infeasible = staticInfeasibility(c, k, units, options)
  const calendar = options.calendar ? new Calendar(options.calendar) : undefined
  const result: PlanResult = {feasible: false, waves: [], reasons: new Map(), lowerBound: 0, infeasible}
  if (units.cycles.length > 0) return result

  const u = units.members.length
  const systems = c.inventory.systems
  // Precedence as CSR over units.
  const outStart = new Int32Array(u + 1)
  for (const e of units.edges) outStart[e.from + 1]++
  for (let i = 0; i < u; i++) outStart[i + 1] += outStart[i]
  const outEdge = new Int32Array(units.edges.length)
  const fill = outStart.slice(0, u)
  units.edges.forEach((e, i) => (outEdge[fill[e.from]++] = i))
  const inCount = new Int32Array(u)
  for (const e of units.edges) inCount[e.to]++

  // Pins per unit.
  const pin = new Int32Array(u)
  for (let unit = 0; unit < u; unit++) {
    // The highest pin of the unit's systems; a list of them only where two differ.
    let highest = 0
    let conflict = false
    for (const s of units.members[unit]) {
      const wave = systems[s].wave
      if (wave === undefined) continue
      if (highest !== 0 && wave !== highest) conflict = true
      highest = Math.max(highest, wave)
    }
    if (conflict) {
      const pins = [...new Set(units.members[unit].map((s) => systems[s].wave).filter((w): w is number => w !== undefined))]
      infeasible.push({kind: 'pin-conflict', systems: units.members[unit].map((s) => c.systemIds[s]).sort(), message: `systems that must move together are pinned to different waves (${pins.sort((a, b) => a - b).join(', ')})`, file: FILES.systems, line: systems[units.members[unit][0]].line})
    }
    pin[unit] = highest
  }

  // Topological order and earliest waves (longest path; pins push later).
  const order: number[] = []
  const remaining = inCount.slice()
  const earliest = new Int32Array(u).fill(1)
  // The edge that set each unit's earliest wave (-1: none, or its own pin), to name the chain behind it.
  const earliestEdge = new Int32Array(u).fill(-1)
  for (let unit = 0; unit < u; unit++) if (remaining[unit] === 0) order.push(unit)
  for (let i = 0; i < order.length; i++) {
    const from = order[i]
    if (pin[from] > earliest[from]) {
      earliest[from] = pin[from]
      earliestEdge[from] = -1
    }
    for (let j = outStart[from]; j < outStart[from + 1]; j++) {
      const e = units.edges[outEdge[j]]
      if (earliest[from] + e.weight > earliest[e.to]) {
        earliest[e.to] = earliest[from] + e.weight
        earliestEdge[e.to] = outEdge[j]
      }
      if (--remaining[e.to] === 0) order.push(e.to)
    }
  }
  for (let unit = 0; unit < u; unit++) {
    if (pin[unit] && earliest[unit] > pin[unit]) {
      const s = units.members[unit][0]
      infeasible.push({kind: 'pin-too-early', systems: units.members[unit].map((m) => c.systemIds[m]).sort(), message: `${c.systemIds[s]} is pinned to wave ${pin[unit]}, but what must move before it needs ${earliest[unit] - 1} earlier wave(s)`, file: FILES.systems, line: systems[s].line})
    }
  }

  const unitGb = new Float64Array(u)
  for (let unit = 0; unit < u; unit++) {
    for (const s of units.members[unit]) if (c.systemStrategy[s] !== Strategy.Retire) unitGb[unit] += systems[s].storageGb
  }

  // Latest waves: pins, approvals that end, capacities that shrink (a unit that
  // fits only the first waves of a list like 50,20), and everything after them.
  const present = presentViolations(c, k)
  const latest = new Int32Array(u).fill(NONE)
  // The unit whose own pin, deadline or capacity set each unit's latest wave, and which of the three.
  const latestFrom = new Int32Array(u).fill(-1)
  const latestWhy = new Uint8Array(u)
  const deadline = new Map<number, {zone: string; date: string; system: number}>()
  const steady = Math.max(options.maxSystems?.length ?? 0, options.maxGb?.length ?? 0)
  // No plan needs more waves than this (past the pins and the ramp, every wave places a unit):
  // an approval that ends after wave `waveLimit` ends is no deadline for any plan.
  const waveLimit = u + maxOf(pin, 0) + steady + 1
  const fits = (unit: number, wave: number) => units.members[unit].length <= capacityOf(options.maxSystems, wave) && unitGb[unit] <= capacityOf(options.maxGb, wave)
  for (let unit = 0; unit < u; unit++) {
    if (pin[unit]) {
      latest[unit] = pin[unit]
      latestFrom[unit] = unit
      latestWhy[unit] = LATEST_PIN
    }
    if (steady > 0 && !fits(unit, steady)) {
      let last = steady - 1
      while (last > 0 && !fits(unit, last)) last--
      const members = units.members[unit]
      if (last === 0 && members.length <= Math.max(...(options.maxSystems ?? [Infinity])) && unitGb[unit] <= Math.max(...(options.maxGb ?? [Infinity]))) {
        // Each limit alone admits it somewhere, but no wave admits both (e.g. 2,1 systems and 20,50 GB).
        infeasible.push({kind: 'unit-too-large', systems: members.map((m) => c.systemIds[m]).sort(), message: `these systems must move in one wave (${members.length} systems, ${unitGb[unit]} GB), but no wave takes both that many systems and that much data`, file: FILES.systems, line: systems[members[0]].line})
      }
      if (last > 0 && last < latest[unit]) {
        latest[unit] = last
        latestFrom[unit] = unit
        latestWhy[unit] = LATEST_CAPACITY
      }
    }
    if (!calendar) continue
    for (const s of units.members[unit]) {
      const z = c.systemZone[s]
      const until = c.zoneUntil[z]
      if (until === '' || (k.effective[s] & SENSITIVE_MASK & c.zoneApproved[z]) === 0) continue
      const last = calendar.lastWaveEndingBy(until, waveLimit)
      if (last === 0) continue // already past: a violation present today, not a deadline
      if (last >= waveLimit) continue // beyond every plan's last wave
      if (last < latest[unit]) {
        latest[unit] = last
        latestFrom[unit] = unit
        latestWhy[unit] = LATEST_DEADLINE
        deadline.set(unit, {zone: c.zoneIds[z], date: until, system: s})
      }
    }
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const from = order[i]
    for (let j = outStart[from]; j < outStart[from + 1]; j++) {
      const e = units.edges[outEdge[j]]
      if (latest[e.to] !== NONE && latest[e.to] - e.weight < latest[from]) {
        latest[from] = latest[e.to] - e.weight
        latestFrom[from] = latestFrom[e.to]
      }
    }
  }
  // A deadline no order can meet. Reported once, at the unit whose own deadline it is
  // (the units before it only inherit it), with the chain that holds it back.
  for (let unit = 0; unit < u; unit++) {
    if (latestFrom[unit] !== unit || latest[unit] >= earliest[unit] || latestWhy[unit] === LATEST_PIN) continue
    if (latestWhy[unit] === LATEST_CAPACITY) {
      const chain = earliestChain(c, units, earliestEdge, unit, units.members[unit][0])
      infeasible.push({kind: 'unit-too-large', systems: chain, message: `${unitLabel(c, units, unit)} fit(s) only waves 1..${latest[unit]} (the capacity shrinks after), but what must move before needs until wave ${earliest[unit]}`, file: FILES.systems, line: systems[units.members[unit][0]].line})
      continue
    }
    const d = deadline.get(unit)!
    const chain = earliestChain(c, units, earliestEdge, unit, d.system)
    const root = c.systemIndex.get(chain[0])!
    const held = pin[unit] && earliestEdge[unit] === -1
      ? `it is pinned to wave ${pin[unit]}`
      : `what must move before it needs until wave ${earliest[unit]}${systems[root].wave !== undefined && chain.length > 1 ? ` (${chain[0]} is pinned to wave ${systems[root].wave})` : ''}`
    infeasible.push({kind: 'deadline', systems: chain, message: `${c.systemIds[d.system]} must move by wave ${latest[unit]} (the approval of zone ${d.zone} ends ${d.date}), but ${held}`, file: FILES.systems, line: systems[d.system].line})
  }

  // Tail: the longest chain of dependants each unit starts.
  const tail = new Int32Array(u)
  for (let i = order.length - 1; i >= 0; i--) {
    const from = order[i]
    for (let j = outStart[from]; j < outStart[from + 1]; j++) {
      const e = units.edges[outEdge[j]]
      if (tail[e.to] + e.weight > tail[from]) tail[from] = tail[e.to] + e.weight
    }
  }

  const unitProd = new Uint8Array(u)
  const unitCriticality = new Uint8Array(u)
  // The last tie-break is by id (a unit's smallest): as each system's place among
  // the ids in code-unit order, so that the heaps compare numbers, not strings.
  const {rank: idRank, systemAt} = idRanks(c.systemIds, c.systemIndex)
  const unitName = new Int32Array(u)
  const urgent = new Uint8Array(u)
  for (let unit = 0; unit < u; unit++) {
    let name = -1
    for (const s of units.members[unit]) {
      if (systems[s].environment === 'prod') unitProd[unit] = 1
      unitCriticality[unit] = Math.max(unitCriticality[unit], CRITICALITY_RANK[systems[s].criticality])
      if (name < 0 || idRank[s] < name) name = idRank[s]
      if (present.has(s)) urgent[unit] = 1
    }
    unitName[unit] = name
    if (latest[unit] !== NONE) urgent[unit] = 1
  }

  result.lowerBound = Math.max(lowerBound(c, units, earliest, unitGb, options), environmentBound(units, order, outStart, outEdge, unitProd))
  if (infeasible.length === 0) {
    const short = capacityShortfall(c, units, latest, latestFrom, latestWhy, deadline, unitGb, options)
    if (short) infeasible.push(short)
  }
  if (infeasible.length > 0) return result

  // List scheduling, then (without capacity limits, when prod and non-prod both
  // move and the count is above the lower bound) a search for the order of prod
  // and non-prod waves that reaches fewer waves.
  const before = (a: number, b: number): boolean => {
    if (urgent[a] !== urgent[b]) return urgent[a] > urgent[b]
    if (latest[a] !== latest[b]) return latest[a] < latest[b]
    if (tail[a] !== tail[b]) return tail[a] > tail[b]
    if (unitCriticality[a] !== unitCriticality[b]) return unitCriticality[a] < unitCriticality[b]
    return unitName[a] < unitName[b]
  }
  const unlimited = !options.maxSystems?.length && !options.maxGb?.length
  const mixed = unitProd.some((p) => p === 1) && unitProd.some((p) => p === 0)
  const rank = mixed ? environmentRank(units, order, outStart, outEdge, unitProd) : tail
  // Which environment a wave takes, when it is free to choose: the unit due first, then
  // the one whose chain (counting a wave for each change of environment) is longest.
  const leads = (a: number, b: number): boolean => {
    if (latest[a] !== latest[b]) return latest[a] < latest[b]
    if (rank[a] !== rank[b]) return rank[a] > rank[b]
    return before(a, b)
  }
  let schedule = listSchedule(undefined)
  if (schedule.infeasible.length > 0) {
    // List scheduling is greedy: under capacity limits with deadlines or pins it can
    // fill a wave with the wrong units. Before giving up, search for any valid placement.
    const found = searchPlacement({units, order, outStart, outEdge, pin, latest, unitProd, unitGb, options, waveLimit})
    if (!found) {
      appendAll(infeasible, schedule.infeasible)
      return result
    }
    schedule = found
  }
  if (unlimited && mixed && schedule.waves.length > result.lowerBound) {
    const sequence = environmentSequence(units, order, outStart, outEdge, unitProd, pin, latest, result.lowerBound, schedule.waves.length - 1)
    if (sequence) {
      const better = listSchedule(sequence)
      if (better.infeasible.length === 0 && better.waves.length < schedule.waves.length) schedule = better
    }
  }
  const {waves, waveOfUnit, availableAt, binding, delay} = schedule

  /** Place units wave by wave; `environments[w - 1]` (1 prod, 0 non-prod) fixes what wave w takes. */
  function listSchedule(environments: Uint8Array | undefined) {
    // Ready units in two heaps, non-prod [0] and prod [1]: a wave takes one environment,
    // so it draws from one heap and never has to step over units of the other.
    const ready = [new Heap<number>(before), new Heap<number>(before)]
    // Without capacity limits a wave takes every ready unit of its environment, so each
    // environment's leading unit can be kept as units become ready, not looked for each wave.
    const lead: (number | undefined)[] = [undefined, undefined]
    const makeReady = (unit: number) => {
      const environment = unitProd[unit]
      ready[environment].push(unit)
      if (unlimited && (lead[environment] === undefined || leads(unit, lead[environment]!))) lead[environment] = unit
    }
    const waiting = new Heap<number>((a, b) => availableAt[a] < availableAt[b] || (availableAt[a] === availableAt[b] && a < b))
    const availableAt = new Int32Array(u).fill(1)
    const binding = new Int32Array(u).fill(-1)
    const waveOfUnit = new Int32Array(u)
    const delay = new Map<number, 'capacity' | 'environment'>()
    const missed: Infeasibility[] = []
    const remaining = inCount.slice()
    for (let unit = 0; unit < u; unit++) {
      if (inCount[unit] === 0) {
        availableAt[unit] = Math.max(1, pin[unit])
        waiting.push(unit)
      }
    }
    const waves: number[][] = []
    let placedCount = 0
    for (let wave = 1; placedCount < u; wave++) {
      // Past the pins and the ramp, every wave places a unit: more waves than this is a planner bug.
      if (wave > waveLimit) throw new Error(`planner: no progress after ${waveLimit} waves (${u - placedCount} of ${u} move units unplaced)`)
      while (waiting.size > 0 && availableAt[waiting.peek()!] <= wave) makeReady(waiting.pop()!)
      const capacity = capacityOf(options.maxSystems, wave)
      const capacityGb = capacityOf(options.maxGb, wave)
      // The wave's environment: fixed by the sequence, else (without capacity limits) the lead
      // unit's, else the one whose first unit comes first.
      let prod: number
      const [topN, topP] = [ready[0].peek(), ready[1].peek()]
      if (environments) prod = environments[wave - 1] ?? 1
      else if (topN === undefined || topP === undefined) prod = topN === undefined ? 1 : 0
      else if (unlimited) prod = leads(lead[0]!, lead[1]!) ? 0 : 1
      else prod = before(topP, topN) ? 1 : 0
      const heap = ready[prod]
      let count = 0
      let gb = 0
      const placed: number[] = []
      const skipped: number[] = []
      // With capacity limits, a wave stops looking after 64 units in a row that do not fit.
      let misses = 0
      let last: number | undefined
      while (heap.size > 0 && count < capacity && (unlimited || misses < 64)) {
        const unit = heap.pop()!
        last = unit
        const size = units.members[unit].length
        if (count + size > capacity || gb + unitGb[unit] > capacityGb) {
          skipped.push(unit)
          delay.set(unit, 'capacity')
          misses++
          continue
        }
        misses = 0
        count += size
        gb += unitGb[unit]
        placed.push(unit)
        waveOfUnit[unit] = wave
        placedCount++
        for (let j = outStart[unit]; j < outStart[unit + 1]; j++) {
          const e = units.edges[outEdge[j]]
          const at = wave + e.weight
          if (at > availableAt[e.to] || (at === availableAt[e.to] && binding[e.to] === -1)) {
            availableAt[e.to] = at
            binding[e.to] = outEdge[j]
          }
          if (--remaining[e.to] === 0) {
            availableAt[e.to] = Math.max(availableAt[e.to], pin[e.to])
            if (availableAt[e.to] <= wave) makeReady(e.to)
            else waiting.push(e.to)
          }
        }
      }
      // Ready units of the other environment this wave passed over (those it would have
      // reached in priority order, all of them when its own ran out) were held by the environment.
      // Without capacity limits that is every unit placed after it was ready (the reasons below
      // say so): a wave takes all of its own, and marking the other's each wave would cost waves x units.
      if (unlimited) lead[prod] = undefined
      else {
        const other = ready[1 - prod]
        const passed: number[] = []
        const exhausted = heap.size === 0
        while (other.size > 0 && passed.length < 64 && (exhausted || last === undefined || before(other.peek()!, last))) passed.push(other.pop()!)
        for (const unit of passed) {
          delay.set(unit, 'environment')
          other.push(unit)
        }
      }
      for (const unit of skipped) heap.push(unit)
      // A unit still waiting after the last wave it may take: each heap is ordered by latest
      // first among units that have one, so its top is the one to look at.
      for (const unit of [...new Set([...skipped, ready[0].peek(), ready[1].peek()])]) {
        if (unit === undefined || latest[unit] > wave || waveOfUnit[unit] !== 0) continue
        missed.push(missedLatest(c, units, unit, latest[unit], latestFrom[unit], latest[latestFrom[unit]], latestWhy[latestFrom[unit]], deadline.get(latestFrom[unit]), unitProd[unit] !== prod ? 'environment' : delay.get(unit)))
      }
      if (missed.length > 0) break
      waves.push(placed.flatMap((unit) => units.members[unit]))
    }
    return {waves, waveOfUnit, availableAt, binding, delay, infeasible: missed}
  }

  result.feasible = true
  result.waves = waves.map((list, i) => ({
    wave: i + 1,
    systems: Array.from(Int32Array.from(list, (s) => idRank[s]).sort(), (r) => c.systemIds[systemAt[r]]),
    ...(calendar ? {dates: calendar.wave(i + 1)} : {}),
  }))
  const incoming: number[][] = []
  units.edges.forEach((e, i) => (incoming[e.to] ??= []).push(i))
  for (let unit = 0; unit < u; unit++) {
    const wave = waveOfUnit[unit]
    const head: PlacementReason[] = []
    const bound = !pin[unit] && binding[unit] !== -1 && availableAt[unit] === wave
    if (pin[unit]) head.push({code: 'pinned', wave: pin[unit]})
    else if (bound) head.push(edgeReason(c, units, binding[unit], waveOfUnit))
    else if (wave > availableAt[unit]) head.push({code: delay.get(unit) ?? (unlimited ? 'environment' : 'capacity')})
    else head.push({code: 'ready'})
    const d = deadline.get(unit)
    if (d) head.push({code: 'deadline', zone: d.zone, date: d.date})
    for (const s of units.members[unit]) {
      // A precedence binds the member it names; another member of the unit is in
      // this wave through its own binding precedence, else because it moves with the unit.
      let reasons = [...head]
      let tie = units.ties.get(s)
      if (bound && edgeTarget(units.edges[binding[unit]]) !== s) {
        const own = (incoming[unit] ?? []).find((e) => edgeTarget(units.edges[e]) === s && waveOfUnit[units.edges[e].from] + units.edges[e].weight === wave)
        tie ??= units.partners.get(s)
        if (own !== undefined) reasons[0] = edgeReason(c, units, own, waveOfUnit)
        else if (tie) reasons = reasons.slice(1)
      }
      if (present.has(s)) reasons.push({code: 'removes-violation'})
      if (tie) reasons.push(tieReason(c, s, tie))
      if (c.systemStrategy[s] === Strategy.Retire) reasons.push({code: 'retire'})
      result.reasons.set(c.systemIds[s], reasons)
    }
  }
  return result
}

/**
 * The systems along the precedence chain that sets a unit's earliest wave,
 * first to last, ending with `last` (the system of the unit that waits).
 */
function earliestChain(c: Compiled, units: Units, earliestEdge: Int32Array, unit: number, last: number): string[] {
  const edges: number[] = []
  for (let v = unit; earliestEdge[v] !== -1; v = units.edges[earliestEdge[v]].from) edges.unshift(earliestEdge[v])
  const chain: number[] = []
  const push = (s: number) => {
    if (chain[chain.length - 1] !== s) chain.push(s)
  }
  for (const e of edges) {
    const why = units.edges[e].why
    push(why.kind === 'rules' ? why.first : why.dependency)
    push(edgeTarget(units.edges[e]))
  }
  push(last)
  return chain.map((s) => c.systemIds[s])
}

const LATEST_PIN = 1
const LATEST_DEADLINE = 2
const LATEST_CAPACITY = 3

function unitLabel(c: Compiled, units: Units, unit: number): string {
  return units.members[unit].map((s) => c.systemIds[s]).sort().join(', ')
}

/** A unit that list scheduling could not place by its latest wave, and what set that wave. */
function missedLatest(
  c: Compiled, units: Units, unit: number, latest: number, from: number, fromLatest: number, why: number,
  deadline: {zone: string; date: string; system: number} | undefined, delay: 'capacity' | 'environment' | undefined,
): Infeasibility {
  const s = units.members[unit][0]
  const full = delay === 'environment' ? 'they hold the other environment' : 'they are full'
  const cause = why === LATEST_PIN
    ? `${unitLabel(c, units, from)} ${from === unit ? 'is' : 'must move after it and is'} pinned to wave ${fromLatest}`
    : why === LATEST_DEADLINE
      ? `the approval of zone ${deadline!.zone} ends ${deadline!.date}${from === unit ? '' : ` for ${c.systemIds[deadline!.system]}, which must move after it`}`
      : `later waves are too small for ${unitLabel(c, units, from)}`
  return {
    kind: why === LATEST_PIN ? 'pin-conflict' : why === LATEST_DEADLINE ? 'deadline' : 'unit-too-large',
    systems: units.members[unit].map((m) => c.systemIds[m]).sort(),
    message: `${unitLabel(c, units, unit)} must move by wave ${latest} (${cause}), but waves 1..${latest} cannot take it: ${full}`,
    file: FILES.systems,
    line: c.inventory.systems[s].line,
  }
}

/**
 * The plainest reason capacity and deadlines cannot both hold: more systems (or
 * GB) due by wave L than waves 1..L can take, for the smallest such L. A
 * necessary condition, checked before any scheduling.
 */
function capacityShortfall(
  c: Compiled, units: Units, latest: Int32Array, latestFrom: Int32Array, latestWhy: Uint8Array,
  deadline: Map<number, {zone: string; date: string; system: number}>, unitGb: Float64Array, options: PlanOptions,
): Infeasibility | undefined {
  if (!options.maxSystems?.length && !options.maxGb?.length) return undefined
  const due = [...latest.keys()].filter((unit) => latest[unit] !== NONE).sort((a, b) => latest[a] - latest[b] || a - b)
  let systems = 0
  let gb = 0
  let haveSystems = 0
  let haveGb = 0
  let wave = 0
  for (let i = 0; i < due.length; i++) {
    const unit = due[i]
    systems += units.members[unit].length
    gb += unitGb[unit]
    if (i + 1 < due.length && latest[due[i + 1]] === latest[unit]) continue
    while (wave < latest[unit]) {
      wave++
      haveSystems += capacityOf(options.maxSystems, wave)
      haveGb += capacityOf(options.maxGb, wave)
    }
    if (systems <= haveSystems && gb <= haveGb + 1e-9) continue
    const late = due.slice(0, i + 1)
    const ids = late.flatMap((u) => units.members[u].map((s) => c.systemIds[s])).sort()
    const causes = [...new Set(late.filter((u) => latest[u] === wave).map((u) => {
      const from = latestFrom[u]
      const d = deadline.get(from)
      return latestWhy[from] === LATEST_DEADLINE && d ? `the approval of zone ${d.zone} ends ${d.date}` : latestWhy[from] === LATEST_PIN ? 'pinned systems' : 'later waves too small for them'
    }))].sort()
    const what = systems > haveSystems ? `${systems} systems, but waves 1..${wave} take at most ${haveSystems}` : `${round(gb)} GB, but waves 1..${wave} take at most ${round(haveGb)} GB`
    const first = units.members[late[0]][0]
    const kind = causes.some((x) => x.startsWith('the approval')) ? 'deadline' : causes.includes('pinned systems') ? 'pin-conflict' : 'unit-too-large'
    return {kind, systems: ids, message: `${ids.length} system(s) must move by wave ${wave} (${causes.join('; ')}): ${what}`, file: FILES.systems, line: c.inventory.systems[first].line}
  }
  return undefined
}

const round = (x: number) => Math.round(x * 1000) / 1000

/** The system a precedence edge binds: the one that waits. */
function edgeTarget(e: Units['edges'][number]): number {
  return e.why.kind === 'rules' ? e.why.second : e.why.system
}

function edgeReason(c: Compiled, units: Units, edge: number, waveOfUnit: Int32Array): PlacementReason {
  const e = units.edges[edge]
  const why = e.why
  if (why.kind === 'after') return {code: 'after', system: c.systemIds[why.dependency], wave: waveOfUnit[e.from]}
  if (why.kind === 'environment') return {code: 'nonprod-first', group: why.group, system: c.systemIds[why.dependency], wave: waveOfUnit[e.from]}
  return {code: 'order', flow: c.inventory.flows[why.flow].id, system: c.systemIds[why.first], wave: waveOfUnit[e.from]}
}

function tieReason(c: Compiled, s: number, tie: Tie): PlacementReason {
  switch (tie.kind) {
    case 'tight': {
      const f = tie.flow
      const other = c.flowSource[f] === s ? c.flowTarget[f] : c.flowSource[f]
      return {code: 'tight', flow: c.inventory.flows[f].id, system: c.systemIds[other]}
    }
    case 'group':
      return {code: 'group', group: tie.group}
    case 'rules': {
      const f = tie.flow
      const other = c.flowSource[f] === s ? c.flowTarget[f] : c.flowSource[f]
      return {code: 'together', flow: c.inventory.flows[f].id, system: c.systemIds[other]}
    }
    case 'cycle':
      return {code: 'cycle'}
  }
}

/** Systems touched by a violation present today (their move can remove it). */
function presentViolations(c: Compiled, k: Classification): {has(s: number): boolean} {
  // Per system, 1 when touched: a million flows can each have a violation, and a set of them costs more than the rules.
  const touched = new Uint8Array(c.systemIds.length)
  for (let s = 0; s < c.systemIds.length; s++) if (residency(c, k, s, c.systemZone[s], '')) touched[s] = 1
  for (let f = 0; f < c.flowSource.length; f++) {
    const a = c.flowSource[f]
    const b = c.flowTarget[f]
    if (destination(c, k, f, c.systemZone[b], '') || transit(c, k, f, c.systemZone[a], c.systemZone[b])) {
      if (c.systemStrategy[a] !== Strategy.Retain) touched[a] = 1
      if (c.systemStrategy[b] !== Strategy.Retain) touched[b] = 1
    }
  }
  return {has: (s) => touched[s] === 1}
}

function staticInfeasibility(c: Compiled, k: Classification, units: Units, options: PlanOptions): Infeasibility[] {
  const out: Infeasibility[] = []
  const systems = c.inventory.systems
  const storageOf = (s: number) => (c.systemStrategy[s] === Strategy.Retire ? 0 : systems[s].storageGb)
  for (const cycle of units.cycles) {
    const at = rotation(cycle.systems.map((s) => c.systemIds[s]))
    const order = cycle.systems.map((_, i) => (i + at) % cycle.systems.length)
    const ids = order.map((i) => c.systemIds[cycle.systems[i]])
    // Steps that are not a plain `after` (or a group's non-prod first) are named, so the cycle reads true.
    const notes = order.flatMap((i) => {
      const note = stepNote(c, cycle.steps[i], cycle.systems[i], cycle.systems[(i + 1) % cycle.systems.length])
      return note ? [note] : []
    })
    const lead = notes.length === 0 ? 'these systems must each move before the next, in a cycle' : `these systems must each move before the next, or with it where noted, in a cycle (${notes.join('; ')})`
    const first = c.systemIndex.get(ids[0])!
    out.push({kind: 'after-cycle', systems: ids, message: `${lead}:\n  ${[...ids, ids[0]].join('\n  ')}`, file: FILES.systems, line: systems[first].line})
  }
  const maxSystems = options.maxSystems?.length ? Math.max(...options.maxSystems) : Infinity
  const maxGb = options.maxGb?.length ? Math.max(...options.maxGb) : Infinity
  units.members.forEach((members) => {
    if (members.length === 1 && members.length <= maxSystems && storageOf(members[0]) <= maxGb) return
    const prod = systems[members[0]].environment === 'prod'
    if (members.some((s) => (systems[s].environment === 'prod') !== prod)) {
      out.push({kind: 'environment-conflict', systems: members.map((s) => c.systemIds[s]).sort(), message: 'prod and non-prod systems are tied to move in one wave, and a wave cannot hold both', file: FILES.systems, line: systems[members[0]].line})
    }
    const gb = members.reduce((sum, s) => sum + (c.systemStrategy[s] === Strategy.Retire ? 0 : systems[s].storageGb), 0)
    if (members.length > maxSystems || gb > maxGb) {
      const what = members.length > maxSystems ? `${members.length} systems, more than a wave's ${maxSystems}` : `${gb} GB, more than a wave's ${maxGb} GB`
      out.push({kind: 'unit-too-large', systems: members.map((s) => c.systemIds[s]).sort(), message: `these systems must move in one wave but hold ${what}`, file: FILES.systems, line: systems[members[0]].line})
    }
  })
  c.inventory.flows.forEach((flow, f) => {
    if (flow.coupling !== 'tight') return
    const [a, b] = [c.flowSource[f], c.flowTarget[f]]
    const aRetained = c.systemStrategy[a] === Strategy.Retain
    const bRetained = c.systemStrategy[b] === Strategy.Retain
    if (aRetained === bRetained || c.systemDestination[a] === c.systemDestination[b]) return
    const retained = aRetained ? a : b
    const mover = aRetained ? b : a
    out.push({kind: 'retained-must-move', systems: [c.systemIds[retained], c.systemIds[mover]], message: `${c.systemIds[retained]} is retained, but flow ${flow.id} couples it tightly to ${c.systemIds[mover]}, which moves to another zone: ${c.systemIds[retained]} would have to move too`, file: FILES.flows, line: flow.line})
  })
  const dated = options.calendar !== undefined
  let flowIndex: Map<string, number> | undefined
  for (const finding of finalStateFindings(c, k, dated)) {
    if (finding.subjectKind === 'flow') {
      flowIndex ??= new Map(c.inventory.flows.map((flow, f) => [flow.id, f]))
      const stranded = strandedByRetained(c, k, flowIndex.get(finding.subject)!, dated)
      if (stranded) {
        const [r, m] = stranded
        out.push({kind: 'retained-must-move', systems: [c.systemIds[r], c.systemIds[m]], message: `${c.systemIds[r]} is retained in zone ${c.zoneIds[c.systemZone[r]]}, but ${c.systemIds[m]} moves to zone ${c.zoneIds[c.systemDestination[m]]}, and then ${finding.message}: ${c.systemIds[r]} would have to move too`, file: finding.file, line: finding.line, finding})
        continue
      }
    }
    const retained = finding.subjectKind === 'system' && c.systemStrategy[c.systemIndex.get(finding.subject)!] === Strategy.Retain
    out.push({kind: 'final-violation', systems: [finding.subject], message: `${retained ? 'retained system ' : ''}${finding.message}, even after every wave`, file: finding.file, line: finding.line, finding})
  }
  return out
}

/**
 * A flow left violating in the final state between a retained system and one
 * that moves away, which would be clean had the retained system moved along
 * (to the mover's destination): [retained, mover], else undefined.
 */
function strandedByRetained(c: Compiled, k: Classification, f: number, dated: boolean): [number, number] | undefined {
  const [a, b] = [c.flowSource[f], c.flowTarget[f]]
  const aRetained = c.systemStrategy[a] === Strategy.Retain
  const bRetained = c.systemStrategy[b] === Strategy.Retain
  if (aRetained === bRetained) return undefined
  const [r, m] = aRetained ? [a, b] : [b, a]
  if (c.systemStrategy[m] === Strategy.Retire || c.systemDestination[m] === c.systemZone[m]) return undefined
  const date = dated ? FOREVER : ''
  const along = c.systemDestination[m]
  const [za, zb] = aRetained ? [along, c.systemDestination[b]] : [c.systemDestination[a], along]
  if (destination(c, k, f, zb, date) || transit(c, k, f, za, zb) || residency(c, k, r, along, date)) return undefined
  return [r, m]
}

/** The violations of the final state, which every plan ends in. */
export function finalStateFindings(c: Compiled, k: Classification, dated: boolean): Finding[] {
  const date = dated ? FOREVER : ''
  const n = c.systemIds.length
  const findings: StateFinding[] = []
  const gone = (s: number) => c.systemStrategy[s] === Strategy.Retire
  for (let s = 0; s < n; s++) {
    if (gone(s)) continue
    const mask = residency(c, k, s, c.systemDestination[s], date)
    if (mask) findings.push(residencyFinding(c, s, c.systemDestination[s], mask, -1))
  }
  for (let f = 0; f < c.flowSource.length; f++) {
    const [a, b] = [c.flowSource[f], c.flowTarget[f]]
    if (gone(a) || gone(b)) continue
    const [za, zb] = [c.systemDestination[a], c.systemDestination[b]]
    const r2 = destination(c, k, f, zb, date)
    if (r2) findings.push(destinationFinding(c, f, zb, r2, -1))
    const r3 = transit(c, k, f, za, zb)
    if (r3) findings.push(transitFinding(c, f, za, zb, r3, -1))
  }
  for (const finding of findings) finding.state = undefined
  return findings
}

/** Rotate a cycle so it starts at its smallest id: the same cycle always prints the same way. */
export function rotateCycle(ids: string[]): string[] {
  const start = rotation(ids)
  return [...ids.slice(start), ...ids.slice(0, start)]
}

function rotation(ids: string[]): number {
  let start = 0
  for (let i = 1; i < ids.length; i++) if (ids[i] < ids[start]) start = i
  return start
}

/** How a step of a cycle binds `from` to `to`, when it is not a plain "moves before". */
function stepNote(c: Compiled, step: CycleStep, from: number, to: number): string | undefined {
  const [a, b] = [c.systemIds[from], c.systemIds[to]]
  switch (step.kind) {
    case 'after':
    case 'environment':
      return undefined
    case 'rules':
      return `${b} cannot move before ${a}: flow ${c.inventory.flows[step.flow].id} would break a rule`
    case 'tight':
      return `${a} and ${b} share a wave: flow ${c.inventory.flows[step.flow].id} couples them tightly`
    case 'group':
      return `${a} and ${b} share a wave: group ${step.group}`
    case 'cycle':
      return `${a} and ${b} share a wave`
  }
}

/** No plan has fewer waves: the longest precedence chain (with pins), and what the capacities allow. */
function lowerBound(c: Compiled, units: Units, earliest: Int32Array, unitGb: Float64Array, options: PlanOptions): number {
  let bound = 0
  for (const e of earliest) bound = Math.max(bound, e)
  const total = units.members.reduce((sum, m) => sum + m.length, 0)
  const totalGb = unitGb.reduce((sum, gb) => sum + gb, 0)
  const wavesFor = (need: number, list: number[] | undefined) => {
    if (!list || list.length === 0 || need === 0) return 0
    let waves = 0
    for (let have = 0; have < need; ) have += capacityOf(list, ++waves)
    return waves
  }
  void c
  return Math.max(bound, wavesFor(total, options.maxSystems), wavesFor(totalGb, options.maxGb))
}

/**
 * A wave holds prod or non-prod, not both: a chain of L prod waves plus any
 * non-prod unit needs L + 1 waves (and the other way round).
 */
function environmentBound(units: Units, order: number[], outStart: Int32Array, outEdge: Int32Array, unitProd: Uint8Array): number {
  const u = units.members.length
  const hasProd = unitProd.some((p) => p === 1)
  const hasNonProd = unitProd.some((p) => p === 0)
  if (!hasProd || !hasNonProd) return 0
  const level = new Int32Array(u).fill(1)
  let best = 0
  for (const from of order) {
    best = Math.max(best, level[from] + 1)
    for (let j = outStart[from]; j < outStart[from + 1]; j++) {
      const e = units.edges[outEdge[j]]
      if (unitProd[e.to] === unitProd[from] && level[from] + e.weight > level[e.to]) level[e.to] = level[from] + e.weight
    }
  }
  return best
}

/**
 * A unit's chain of dependants in waves, counting one more wave wherever the
 * environment changes along an edge (prod and non-prod never share a wave).
 */
function environmentRank(units: Units, order: number[], outStart: Int32Array, outEdge: Int32Array, unitProd: Uint8Array): Int32Array {
  const rank = new Int32Array(units.members.length)
  for (let i = order.length - 1; i >= 0; i--) {
    const from = order[i]
    for (let j = outStart[from]; j < outStart[from + 1]; j++) {
      const e = units.edges[outEdge[j]]
      const step = e.weight === 1 || unitProd[e.to] !== unitProd[from] ? 1 : 0
      if (rank[e.to] + step > rank[from]) rank[from] = rank[e.to] + step
    }
  }
  return rank
}

/**
 * Work (units and edges visited) the environment search may spend before it
 * gives up: a small inventory's sequences are all tried well within it; at
 * 10,000 systems and more each try visits the whole graph, and where the list
 * schedule's wave count cannot be beaten the search spends all of it
 * (5 million: about 40 ms at 10k systems / 100k flows; 20 million cost 150).
 */
const SEQUENCE_BUDGET = 5_000_000

/**
 * Without capacity limits, the fewest waves once it is fixed which waves take
 * prod and which non-prod: for a fixed sequence, placing every unit on the
 * earliest wave of its environment at or after what it waits for is optimal
 * (every constraint left is a lower bound, a pin or a latest wave). So try the
 * sequences of `from`..`to` waves, shortest first, pins fixing their waves'
 * environment, within a work budget; the first that places every unit wins.
 */
function environmentSequence(
  units: Units, order: number[], outStart: Int32Array, outEdge: Int32Array, unitProd: Uint8Array,
  pin: Int32Array, latest: Int32Array, from: number, to: number,
): Uint8Array | undefined {
  const u = units.members.length
  const cost = u + units.edges.length + 1
  let budget = SEQUENCE_BUDGET
  const low = new Int32Array(u)
  const placeAll = (sequence: Uint8Array): boolean => {
    budget -= cost
    low.fill(1)
    for (const unit of order) {
      let wave = Math.max(low[unit], pin[unit])
      if (pin[unit] && wave > pin[unit]) return false
      while (wave <= sequence.length && sequence[wave - 1] !== unitProd[unit]) {
        if (pin[unit]) return false
        wave++
      }
      if (wave > sequence.length || wave > latest[unit]) return false
      for (let j = outStart[unit]; j < outStart[unit + 1]; j++) {
        const e = units.edges[outEdge[j]]
        if (wave + e.weight > low[e.to]) low[e.to] = wave + e.weight
      }
    }
    return true
  }
  for (let waves = Math.max(1, from); waves <= to; waves++) {
    // Pins fix their wave's environment; -1: free.
    const fixed = new Int8Array(waves).fill(-1)
    let conflict = false
    for (let unit = 0; unit < u; unit++) {
      if (!pin[unit] || pin[unit] > waves) continue
      if (fixed[pin[unit] - 1] !== -1 && fixed[pin[unit] - 1] !== unitProd[unit]) conflict = true
      fixed[pin[unit] - 1] = unitProd[unit]
    }
    if (conflict) return undefined
    const free = [...fixed.keys()].filter((i) => fixed[i] === -1)
    if (free.length > 30) return undefined
    const sequence = Uint8Array.from(fixed, (f) => (f === -1 ? 0 : f))
    // Count through the free waves' choices in binary: the same input tries them in the same order.
    for (let bits = 0; bits < 2 ** free.length; bits++) {
      if (budget <= 0) return undefined
      free.forEach((w, i) => (sequence[w] = (bits >> i) & 1))
      if (placeAll(sequence)) return sequence
    }
  }
  return undefined
}

interface PlacementInput {
  units: Units
  order: number[]
  outStart: Int32Array
  outEdge: Int32Array
  pin: Int32Array
  latest: Int32Array
  unitProd: Uint8Array
  unitGb: Float64Array
  options: PlanOptions
  waveLimit: number
}

/** Work (placements tried and waves looked at) the placement search may spend before it gives up. */
const PLACEMENT_BUDGET = 2_000_000

/**
 * A complete search for any valid placement, for when list scheduling failed:
 * units in topological order (the most pressed first among those whose
 * predecessors are placed), each tried on every wave from the earliest its
 * predecessors and pin allow to the latest its deadline or pin allows, keeping
 * each wave's capacity and environment; backtracking on a dead end. Within its
 * budget it finds a placement whenever one exists; the shape of the result is
 * that of list scheduling, so reasons read the same.
 */
function searchPlacement(input: PlacementInput) {
  const {units, order, outStart, outEdge, pin, latest, unitProd, unitGb, options, waveLimit} = input
  const u = units.members.length
  // Placement order: topological, and among units free to go next, the one due first.
  const position = new Int32Array(u)
  order.forEach((unit, i) => (position[unit] = i))
  const inEdges: number[][] = Array.from({length: u}, () => [])
  units.edges.forEach((e, i) => inEdges[e.to].push(i))
  const sequence: number[] = []
  const pending = new Int32Array(u)
  for (const e of units.edges) pending[e.to]++
  const free = new Heap<number>((a, b) => latest[a] < latest[b] || (latest[a] === latest[b] && position[a] < position[b]))
  for (let unit = 0; unit < u; unit++) if (pending[unit] === 0) free.push(unit)
  while (free.size > 0) {
    const unit = free.pop()!
    sequence.push(unit)
    for (let j = outStart[unit]; j < outStart[unit + 1]; j++) if (--pending[units.edges[outEdge[j]].to] === 0) free.push(units.edges[outEdge[j]].to)
  }

  const count = new Int32Array(waveLimit + 2)
  const gb = new Float64Array(waveLimit + 2)
  const prodIn = new Int32Array(waveLimit + 2)
  const nonProdIn = new Int32Array(waveLimit + 2)
  const waveOfUnit = new Int32Array(u)
  const size = (unit: number) => units.members[unit].length
  const take = (unit: number, wave: number, sign: 1 | -1) => {
    count[wave] += sign * size(unit)
    gb[wave] += sign * unitGb[unit]
    if (unitProd[unit]) prodIn[wave] += sign
    else nonProdIn[wave] += sign
    waveOfUnit[unit] = sign === 1 ? wave : 0
  }
  const fits = (unit: number, wave: number) =>
    count[wave] + size(unit) <= capacityOf(options.maxSystems, wave) && gb[wave] + unitGb[unit] <= capacityOf(options.maxGb, wave) &&
    (unitProd[unit] ? nonProdIn[wave] === 0 : prodIn[wave] === 0)
  // Depth-first without recursion (a chain can be 100,000 units deep): `next[i]` is the
  // wave to try next for the i-th unit, 0 when it is entered afresh.
  const next = new Int32Array(sequence.length)
  let budget = PLACEMENT_BUDGET
  for (let i = 0; i >= 0 && i < sequence.length; ) {
    if (--budget < 0) return undefined
    const unit = sequence[i]
    if (next[i] === 0) {
      next[i] = Math.max(1, pin[unit])
      for (const e of inEdges[unit]) next[i] = Math.max(next[i], waveOfUnit[units.edges[e].from] + units.edges[e].weight)
    } else {
      next[i] = waveOfUnit[unit] + 1
      take(unit, waveOfUnit[unit], -1)
    }
    const high = Math.min(pin[unit] || waveLimit, latest[unit], waveLimit)
    let wave = next[i]
    while (wave <= high && !fits(unit, wave)) wave++
    budget -= wave - next[i] // waves looked at count as work too
    if (wave <= high) {
      take(unit, wave, 1)
      i++
    } else {
      next[i] = 0
      i--
    }
    if (i < 0) return undefined
  }

  // The same shape as list scheduling: when each unit could have gone, and what held it.
  const availableAt = new Int32Array(u).fill(1)
  const binding = new Int32Array(u).fill(-1)
  const delay = new Map<number, 'capacity' | 'environment'>()
  for (let unit = 0; unit < u; unit++) {
    availableAt[unit] = Math.max(1, pin[unit])
    for (const e of inEdges[unit]) {
      const at = waveOfUnit[units.edges[e].from] + units.edges[e].weight
      if (at > availableAt[unit] || (at === availableAt[unit] && binding[unit] === -1 && !pin[unit])) {
        availableAt[unit] = at
        binding[unit] = e
      }
    }
    if (waveOfUnit[unit] > availableAt[unit]) delay.set(unit, 'capacity')
  }
  const last = maxOf(waveOfUnit, 0)
  const waves: number[][] = Array.from({length: last}, () => [])
  for (const unit of sequence) appendAll(waves[waveOfUnit[unit] - 1], units.members[unit])
  return {waves, waveOfUnit, availableAt, binding, delay, infeasible: [] as Infeasibility[]}
}

/**
 * Each system's place among the ids sorted in code-unit order, and the system
 * at each place (ids are unique in a valid inventory), so that a list of
 * systems is put in id order by sorting numbers.
 */
function idRanks(ids: readonly string[], systemIndex: ReadonlyMap<string, number>): {rank: Int32Array; systemAt: Int32Array} {
  const rank = new Int32Array(ids.length)
  const systemAt = new Int32Array(ids.length)
  const order = codeUnitOrder(ids)
  // Unique ids, as validation requires, need no comparing; repeated ones share the rank of their last place.
  const unique = systemIndex.size === ids.length
  for (let r = 0; r < order.length; ) {
    let last = r
    if (!unique) while (last + 1 < order.length && ids[order[last + 1]] === ids[order[r]]) last++
    for (; r <= last; r++) {
      rank[order[r]] = last
      systemAt[r] = order[r]
    }
  }
  return {rank, systemAt}
}
