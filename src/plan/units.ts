/**
 * Move units and the constraints between them.
 *
 * A move unit is a set of systems that must share a wave: tight coupling,
 * a group (same group and environment), and pairs the rules force together.
 * Between units: strict precedence (`after`, a group's non-prod before its
 * prod) and non-strict precedence ("not after"), from pairs where only one
 * order of moving is clean. Units are found with union-find; a cycle of
 * non-strict edges merges its units (they can only move together); a cycle
 * that holds a strict edge is infeasible, and so is a strict edge between two
 * systems tied into one unit (an `after` between two tightly coupled systems):
 * ties count as non-strict edges both ways when cycles are sought.
 *
 * Rule-forced pairs: for a flow between two systems of different units, look
 * at the two intermediate placements (one moved, the other not). A placement
 * is unclean when it has an R2 or R3 violation that today's placement does not
 * have. Both unclean: they move together. One unclean: the other order is a
 * precedence.
 */
import type {Classification} from '../classify/classify.js'
import {SENSITIVE_MASK, Strategy, type Compiled} from '../graph/compile.js'
import {adjacency, stronglyConnected} from '../graph/scc.js'
import {ENVIRONMENTS} from '../model/inventory.js'
import {destination, transit} from '../rules/rules.js'

/** Why two systems are in one unit, or why one unit precedes another. */
export type Tie =
  | {kind: 'tight'; flow: number}
  | {kind: 'group'; group: string}
  | {kind: 'rules'; flow: number}
  | {kind: 'cycle'}

export type EdgeWhy = {kind: 'after'; system: number; dependency: number} | {kind: 'environment'; group: string; system: number; dependency: number} | {kind: 'rules'; flow: number; first: number; second: number}

export interface UnitEdge {
  from: number
  to: number
  /** 1: `to` strictly after `from`; 0: `to` not before `from`. */
  weight: 0 | 1
  why: EdgeWhy
}

export interface Units {
  /** Unit of each system; -1 for retained systems (they do not move). */
  unitOf: Int32Array
  members: number[][]
  edges: UnitEdge[]
  /** For each system that joined a unit through a tie, the first tie. */
  ties: Map<number, Tie>
  /** The other end's view: for a system that a tie joined to another, the first such tie (to name when `ties` has none). */
  partners: Map<number, Tie>
  /** Cycles through a strict precedence: infeasible. */
  cycles: Cycle[]
}

/** One step of a cycle: how `systems[i]` binds `systems[i + 1]` (the last binds the first). */
export type CycleStep = EdgeWhy | Tie

export interface Cycle {
  /** Systems in order: each must move before the next (strict edge) or not after it (ties, rule orders). */
  systems: number[]
  steps: CycleStep[]
}

class UnionFind {
  readonly parent: Int32Array
  constructor(n: number) {
    this.parent = Int32Array.from({length: n}, (_, i) => i)
  }
  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]]
      x = this.parent[x]
    }
    return x
  }
  union(a: number, b: number): boolean {
    const [ra, rb] = [this.find(a), this.find(b)]
    if (ra === rb) return false
    // The smaller index stays root, so units are named the same way every run.
    if (ra < rb) this.parent[rb] = ra
    else this.parent[ra] = rb
    return true
  }
}

export function buildUnits(c: Compiled, k: Classification): Units {
  const n = c.systemIds.length
  const moves = (s: number) => c.systemStrategy[s] !== Strategy.Retain
  const uf = new UnionFind(n)
  const ties = new Map<number, Tie>()
  const partners = new Map<number, Tie>()
  // Every tie that joined two units, kept as non-strict edges both ways for the cycle search.
  const tieEdges: {a: number; b: number; why: Tie}[] = []
  const tie = (a: number, b: number, why: Tie) => {
    if (uf.union(a, b)) {
      tieEdges.push({a, b, why})
      if (!ties.has(b)) ties.set(b, why)
      else if (!ties.has(a)) ties.set(a, why)
      if (!partners.has(a)) partners.set(a, why)
    }
  }

  // Step 1: tight coupling (both move in the same wave).
  c.inventory.flows.forEach((flow, f) => {
    const [a, b] = [c.flowSource[f], c.flowTarget[f]]
    if (flow.coupling === 'tight' && a !== b && moves(a) && moves(b)) tie(a, b, {kind: 'tight', flow: f})
  })
  // Step 2: groups, per environment.
  // Per group, its first system of each environment (by ENVIRONMENTS' order; -1: none).
  const groupFirst = new Map<string, Int32Array>()
  c.inventory.systems.forEach((system, s) => {
    if (!system.group || !moves(s)) return
    let firsts = groupFirst.get(system.group)
    if (firsts === undefined) groupFirst.set(system.group, (firsts = new Int32Array(ENVIRONMENTS.length).fill(-1)))
    const env = ENVIRONMENTS.indexOf(system.environment)
    if (firsts[env] === -1) firsts[env] = s
    else tie(firsts[env], s, {kind: 'group', group: system.group})
  })
  // Step 3: pairs the rules force together or into one order.
  const ruleEdges: {first: number; second: number; flow: number}[] = []
  for (let f = 0; f < c.flowSource.length; f++) {
    const a = c.flowSource[f]
    const b = c.flowTarget[f]
    // A flow that carries nothing sensitive is clean wherever its ends sit.
    if (a === b || (k.carried[f] & SENSITIVE_MASK) === 0 || !moves(a) || !moves(b)) continue
    const unclean = intermediateUnclean(c, k, f)
    const aFirst = (unclean & SOURCE_FIRST) !== 0
    const bFirst = (unclean & TARGET_FIRST) !== 0
    if (aFirst && bFirst) tie(a, b, {kind: 'rules', flow: f})
    else if (aFirst) ruleEdges.push({first: b, second: a, flow: f})
    else if (bFirst) ruleEdges.push({first: a, second: b, flow: f})
  }

  // Step 4: precedence between systems, then between their units.
  const sysEdges: {from: number; to: number; weight: 0 | 1; why: EdgeWhy}[] = []
  c.inventory.systems.forEach((system, s) => {
    if (!moves(s)) return
    for (const id of system.after) {
      const d = c.systemIndex.get(id)
      if (d !== undefined && moves(d)) sysEdges.push({from: d, to: s, weight: 1, why: {kind: 'after', system: s, dependency: d}})
    }
  })
  c.inventory.systems.forEach((system, s) => {
    if (!system.group || !moves(s) || system.environment !== 'prod') return
    const firsts = groupFirst.get(system.group)!
    for (const env of ['test', 'dev'] as const) {
      const d = firsts[ENVIRONMENTS.indexOf(env)]
      if (d !== -1) sysEdges.push({from: d, to: s, weight: 1, why: {kind: 'environment', group: system.group, system: s, dependency: d}})
    }
  })
  for (const e of ruleEdges) sysEdges.push({from: e.first, to: e.second, weight: 0, why: {kind: 'rules', flow: e.flow, first: e.first, second: e.second}})

  // Step 5: one strongly connected pass over systems, with ties as non-strict
  // edges both ways. A component holding a strict edge is infeasible (an `after`
  // cycle, or an `after` inside a unit); any other component of two or more
  // systems can only move together, so it becomes one unit. Contracting a
  // component creates no new cycle, so one pass suffices.
  const graphEdges: {from: number; to: number; weight: 0 | 1; step: CycleStep}[] = sysEdges.map((e) => ({from: e.from, to: e.to, weight: e.weight, step: e.why}))
  for (const t of tieEdges) {
    graphEdges.push({from: t.a, to: t.b, weight: 0, step: t.why})
    graphEdges.push({from: t.b, to: t.a, weight: 0, step: t.why})
  }
  const {start, targets, edgeIds} = adjacency(n, graphEdges.map((e) => e.from), graphEdges.map((e) => e.to), graphEdges.length)
  const {component, count} = stronglyConnected(n, start, targets)
  const strictIn = new Int32Array(count).fill(-1)
  graphEdges.forEach((e, i) => {
    if (e.weight === 1 && component[e.from] === component[e.to] && strictIn[component[e.from]] === -1) strictIn[component[e.from]] = i
  })
  const cycles: Cycle[] = []
  const firstOf = new Int32Array(count).fill(-1)
  for (let s = 0; s < n; s++) {
    const comp = component[s]
    if (strictIn[comp] !== -1) {
      if (firstOf[comp] === -1) cycles.push(findCycle(graphEdges, strictIn[comp], component, start, targets, edgeIds))
    } else if (firstOf[comp] !== -1 && uf.find(s) !== uf.find(firstOf[comp])) {
      uf.union(firstOf[comp], s)
      if (!ties.has(s)) ties.set(s, {kind: 'cycle'})
    }
    if (firstOf[comp] === -1) firstOf[comp] = s
  }

  // Name units densely in order of their smallest system index.
  const unitOf = new Int32Array(n).fill(-1)
  const members: number[][] = []
  const unitOfRoot = new Map<number, number>()
  for (let s = 0; s < n; s++) {
    if (!moves(s)) continue
    const root = uf.find(s)
    let u = unitOfRoot.get(root)
    if (u === undefined) {
      u = members.length
      members.push([])
      unitOfRoot.set(root, u)
    }
    unitOf[s] = u
    members[u].push(s)
  }
  const edges: UnitEdge[] = []
  for (const e of sysEdges) {
    const [from, to] = [unitOf[e.from], unitOf[e.to]]
    if (from !== to) edges.push({from, to, weight: e.weight, why: e.why})
  }
  return {unitOf, members, edges, ties, partners, cycles}
}

const SOURCE_FIRST = 1
const TARGET_FIRST = 2

/**
 * Which of the two orders of moving the ends of flow f (SOURCE_FIRST: the
 * source moves first, TARGET_FIRST: the target) exposes, in between, a class
 * that today's placement does not.
 */
function intermediateUnclean(c: Compiled, k: Classification, f: number): number {
  const a = c.flowSource[f]
  const b = c.flowTarget[f]
  const todayA = c.systemZone[a]
  const todayB = c.systemZone[b]
  // A violation is (rule, subject, class): compare R2 with R2 and R3 with R3, never
  // their union (an R3 class that replaces an R2 class of today is still new).
  const destinationToday = destination(c, k, f, todayB, '')
  const transitToday = transit(c, k, f, todayA, todayB)
  const exposes = (za: number, zb: number) =>
    ((destination(c, k, f, zb, '') & ~destinationToday) | (transit(c, k, f, za, zb) & ~transitToday)) !== 0
  // A retired end that moves first stops the flow with it.
  const sourceFirst = c.systemStrategy[a] !== Strategy.Retire && exposes(c.systemDestination[a], todayB)
  const targetFirst = c.systemStrategy[b] !== Strategy.Retire && exposes(todayA, c.systemDestination[b])
  return (sourceFirst ? SOURCE_FIRST : 0) | (targetFirst ? TARGET_FIRST : 0)
}

/**
 * The shortest cycle through a strict edge inside its component: the edge,
 * then a breadth-first path from its head back to its tail. Systems in order,
 * each bound to the next by the step at the same index.
 */
function findCycle(
  graphEdges: {from: number; to: number; weight: 0 | 1; step: CycleStep}[],
  strict: number,
  component: Int32Array,
  start: Int32Array,
  targets: Int32Array,
  edgeIds: Int32Array,
): Cycle {
  const {from: tail, to: head} = graphEdges[strict]
  const target = component[tail]
  const reachedBy = new Map<number, number>([[head, -1]])
  const queue = [head]
  for (let q = 0; q < queue.length && !reachedBy.has(tail); q++) {
    const v = queue[q]
    for (let i = start[v]; i < start[v + 1]; i++) {
      const w = targets[i]
      if (component[w] !== target || reachedBy.has(w)) continue
      reachedBy.set(w, edgeIds[i])
      queue.push(w)
    }
  }
  const path: number[] = []
  for (let v = tail; v !== head; ) {
    const e = reachedBy.get(v)!
    path.unshift(e)
    v = graphEdges[e].from
  }
  const edges = [strict, ...path]
  return {systems: edges.map((e) => graphEdges[e].from), steps: edges.map((e) => graphEdges[e].step)}
}
