/**
 * Move units and the constraints between them.
 *
 * A move unit is a set of systems that must share a wave: tight coupling,
 * a group (same group and environment), and pairs the rules force together.
 * Between units: strict precedence (`after`, a group's non-prod before its
 * prod) and non-strict precedence ("not after"), from pairs where only one
 * order of moving is clean. Units are found with union-find; a cycle of
 * non-strict edges merges its units (they can only move together); a cycle
 * that holds a strict edge is infeasible.
 *
 * Rule-forced pairs: for a flow between two systems of different units, look
 * at the two intermediate placements (one moved, the other not). A placement
 * is unclean when it has an R2 or R3 violation that today's placement does not
 * have. Both unclean: they move together. One unclean: the other order is a
 * precedence.
 */
import type {Classification} from '../classify/classify.js'
import {Strategy, type Compiled} from '../graph/compile.js'
import {adjacency, stronglyConnected} from '../graph/scc.js'
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
  /** Cycles of strict precedence: infeasible. Each is a list of system indexes. */
  cycles: number[][]
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
  const tie = (a: number, b: number, why: Tie) => {
    if (uf.union(a, b)) {
      if (!ties.has(b)) ties.set(b, why)
      else if (!ties.has(a)) ties.set(a, why)
    }
  }

  // Step 1: tight coupling (both move in the same wave).
  c.inventory.flows.forEach((flow, f) => {
    const [a, b] = [c.flowSource[f], c.flowTarget[f]]
    if (flow.coupling === 'tight' && a !== b && moves(a) && moves(b)) tie(a, b, {kind: 'tight', flow: f})
  })
  // Step 2: groups, per environment.
  const groupFirst = new Map<string, number>()
  c.inventory.systems.forEach((system, s) => {
    if (!system.group || !moves(s)) return
    const key = `${system.group}\u0000${system.environment}`
    const first = groupFirst.get(key)
    if (first === undefined) groupFirst.set(key, s)
    else tie(first, s, {kind: 'group', group: system.group})
  })
  // Step 3: pairs the rules force together or into one order.
  const ruleEdges: {first: number; second: number; flow: number}[] = []
  for (let f = 0; f < c.flowSource.length; f++) {
    const [a, b] = [c.flowSource[f], c.flowTarget[f]]
    if (a === b || !moves(a) || !moves(b)) continue
    const aFirst = intermediateUnclean(c, k, f, true)
    const bFirst = intermediateUnclean(c, k, f, false)
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
    for (const env of ['test', 'dev']) {
      const d = groupFirst.get(`${system.group}\u0000${env}`)
      if (d !== undefined) sysEdges.push({from: d, to: s, weight: 1, why: {kind: 'environment', group: system.group, system: s, dependency: d}})
    }
  })
  for (const e of ruleEdges) sysEdges.push({from: e.first, to: e.second, weight: 0, why: {kind: 'rules', flow: e.flow, first: e.first, second: e.second}})

  // Step 5: merge cycles of non-strict edges; a strict edge inside a cycle is infeasible.
  const cycles: number[][] = []
  for (let round = 0; round < 2; round++) {
    const roots = sysEdges.map((e) => [uf.find(e.from), uf.find(e.to)] as const)
    const {start, targets, edgeIds} = adjacency(n, roots.map((r) => r[0]), roots.map((r) => r[1]), roots.length)
    const {component} = stronglyConnected(n, start, targets)
    const bySize = new Map<number, number[]>()
    for (let s = 0; s < n; s++) {
      if (uf.find(s) !== s) continue
      const list = bySize.get(component[s]) ?? []
      list.push(s)
      bySize.set(component[s], list)
    }
    let merged = false
    for (const roots_ of bySize.values()) {
      if (roots_.length < 2) continue
      const strictInside = sysEdges.some((e, i) => e.weight === 1 && component[roots[i][0]] === component[roots_[0]] && component[roots[i][1]] === component[roots_[0]])
      if (strictInside) {
        if (round === 0) cycles.push(findCycle(sysEdges, roots, component, component[roots_[0]], start, targets, edgeIds))
        continue
      }
      for (const r of roots_.slice(1)) merged = uf.union(roots_[0], r) || merged
      for (const r of roots_) if (!ties.has(r) && r !== uf.find(r)) ties.set(r, {kind: 'cycle'})
    }
    if (!merged) break
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
  return {unitOf, members, edges, ties, cycles}
}

/** Whether moving one end of flow f first (the source when `sourceFirst`) exposes a class that today's placement does not. */
function intermediateUnclean(c: Compiled, k: Classification, f: number, sourceFirst: boolean): boolean {
  const [a, b] = [c.flowSource[f], c.flowTarget[f]]
  const moved = sourceFirst ? a : b
  if (c.systemStrategy[moved] === Strategy.Retire) return false // the flow stops with it
  const za = sourceFirst ? c.systemDestination[a] : c.systemZone[a]
  const zb = sourceFirst ? c.systemZone[b] : c.systemDestination[b]
  // A violation is (rule, subject, class): compare R2 with R2 and R3 with R3, never
  // their union (an R3 class that replaces an R2 class of today is still new).
  const newDestination = destination(c, k, f, zb, '') & ~destination(c, k, f, c.systemZone[b], '')
  const newTransit = transit(c, k, f, za, zb) & ~transit(c, k, f, c.systemZone[a], c.systemZone[b])
  return (newDestination | newTransit) !== 0
}

/**
 * A cycle through a strict edge inside one component, as the systems along its
 * edges in order (each must move before the next), for the infeasibility report.
 */
function findCycle(
  sysEdges: {from: number; to: number; weight: 0 | 1; why: EdgeWhy}[],
  roots: (readonly [number, number])[],
  component: Int32Array,
  target: number,
  start: Int32Array,
  targets: Int32Array,
  edgeIds: Int32Array,
): number[] {
  const strict = sysEdges.findIndex((e, i) => e.weight === 1 && component[roots[i][0]] === target && component[roots[i][1]] === target)
  const [tailRoot, headRoot] = roots[strict]
  // Breadth-first from the strict edge's head back to its tail, inside the component.
  const reachedBy = new Map<number, number>([[headRoot, -1]])
  const queue = [headRoot]
  for (let q = 0; q < queue.length && !reachedBy.has(tailRoot); q++) {
    const v = queue[q]
    for (let i = start[v]; i < start[v + 1]; i++) {
      const w = targets[i]
      if (component[w] !== target || reachedBy.has(w)) continue
      reachedBy.set(w, edgeIds[i])
      queue.push(w)
    }
  }
  const path: number[] = []
  for (let v = tailRoot; v !== headRoot; ) {
    const e = reachedBy.get(v)!
    path.unshift(e)
    v = roots[e][0]
  }
  const systems: number[] = []
  for (const e of [strict, ...path]) {
    for (const s of [sysEdges[e].from, sysEdges[e].to]) if (!systems.includes(s)) systems.push(s)
  }
  return systems
}
