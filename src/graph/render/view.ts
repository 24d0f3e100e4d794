/**
 * Views: the dependency graph as one picture, per system, per zone or per
 * wave, before it is drawn in any format. The DOT, Mermaid and JSON renderers
 * all draw a `GraphView`, so the three say the same thing.
 *
 * Per system, every system is a node (clustered by its zone) and every flow,
 * `after` and group tie an edge. Per zone and per wave, systems are counted
 * into one node per zone (or per wave and zone move), and flows between two
 * such nodes become one edge with the number of flows and the union of what
 * they carry, so a 5,000-system inventory still gives a picture one can read.
 *
 * Everything is sorted (ids in code-unit order, waves by number), so the same
 * inventory always gives the same bytes.
 */
import {CLASSES, type DataClass} from '../../model/inventory.js'
import {compareIds, type DependencyGraph, type SystemNode} from '../build.js'
import {SENSITIVITY_ORDER, sensitivityOf, type Sensitivity} from './sensitivity.js'

export const GRAPH_FORMAT = 'kosh-graph/1'
export const GRAPH_BY = ['system', 'zone', 'wave'] as const
export type GraphBy = (typeof GRAPH_BY)[number]

/** The `--format json` document of `kosh graph`. */
export interface GraphView {
  format: typeof GRAPH_FORMAT
  inventory: string
  by: GraphBy
  clusters: ViewCluster[]
  nodes: ViewNode[]
  edges: ViewEdge[]
}

/** A box drawn around nodes: a zone (per system) or a wave (per wave). */
export interface ViewCluster {
  id: string
  label: string
  kind: 'zone' | 'wave' | 'retained'
}

export interface ViewNode {
  /** A system id, a zone id, or `<wave>:<from zone>><to zone>` / `retained:<zone>` per wave. */
  id: string
  /** Label lines, the name first. */
  label: string[]
  cluster?: string
  /** The most sensitive class held by any of its systems. */
  sensitivity: Sensitivity
  /** Union of the effective classes of its systems. */
  classes: DataClass[]
  systems: number
  /** Systems with no class declared or inferred (gaps). */
  unknown: number
  /** Per class, how many of its systems hold it (zone and wave views). */
  holding?: Partial<Record<DataClass, number>>
  /** Flows between two of its own systems (zone and wave views; not drawn as edges). */
  internalFlows?: number
  /** The system itself (system view). */
  system?: {zone: string; owner: string; declared: DataClass[]; together: string}
}

export interface ViewEdge {
  source: string
  target: string
  kind: 'flow' | 'after' | 'group'
  label: string
  /** The flow id (system view, flows only). */
  id?: string
  /** Flows this edge stands for (1 per flow in the system view, 0 for `after` and group ties). */
  flows: number
  /** Tight-coupled flows among them. */
  tight: number
  /** Union of what they carry. */
  classes: DataClass[]
  /** The most sensitive class carried; `none` for `after` and group ties. */
  sensitivity: Sensitivity
}

/** Every system a node, clustered by the zone it runs in today; flows, `after` and group ties as edges. */
export function systemView(graph: DependencyGraph): GraphView {
  const zones = zoneNames(graph)
  const ids = [...graph.nodes()].sort(compareIds)
  const clusterIds = [...new Set(ids.map((id) => graph.getNodeAttribute(id, 'zone')))].sort(compareIds)
  const nodes: ViewNode[] = ids.map((id) => {
    const s = graph.getNodeAttributes(id)
    return {
      id,
      label: [s.name, `${s.name === id ? '' : `${id} · `}${classesText(s.classes)}`],
      cluster: `zone:${s.zone}`,
      sensitivity: sensitivityOf(s.classes),
      classes: s.classes,
      systems: 1,
      unknown: s.unknown ? 1 : 0,
      system: {zone: s.zone, owner: s.owner, declared: s.declared, together: s.together},
    }
  })
  const edges: ViewEdge[] = []
  graph.forEachEdge((_key, e, source, target) => {
    if (e.kind === 'flow') {
      const tight = e.coupling === 'tight'
      edges.push({source, target, kind: 'flow', label: `${tight ? 'tight · ' : ''}${e.carries.length > 0 ? e.carries.join(', ') : 'unknown'}`, id: e.id, flows: 1, tight: tight ? 1 : 0, classes: e.carries, sensitivity: sensitivityOf(e.carries)})
    } else if (e.kind === 'after') {
      edges.push({source, target, kind: 'after', label: 'after', flows: 0, tight: 0, classes: [], sensitivity: 'none'})
    } else {
      edges.push({source, target, kind: 'group', label: `group ${e.group}`, flows: 0, tight: 0, classes: [], sensitivity: 'none'})
    }
  })
  return {
    format: GRAPH_FORMAT,
    inventory: graph.getAttribute('inventory'),
    by: 'system',
    clusters: clusterIds.map((z) => ({id: `zone:${z}`, label: zones.get(z)?.name ?? z, kind: 'zone'})),
    nodes,
    edges: sortEdges(edges, nodes),
  }
}

/**
 * What the zone and wave views count of the flows: each one's ends, whether
 * it is tight and what it carries. From a graph's edges, or straight from the
 * inventory (draw.ts), whose million flows would otherwise be inserted into
 * the graph only to be counted.
 */
export type FlowsOf = (visit: (source: string, target: string, tight: boolean, carries: readonly DataClass[]) => void) => void

/** The flows of a graph, as its edges hold them. */
export function graphFlows(graph: DependencyGraph): FlowsOf {
  return (visit) =>
    graph.forEachEdge((_key, e, source, target) => {
      if (e.kind === 'flow') visit(source, target, e.coupling === 'tight', e.carries)
    })
}

/** One node per zone (every zone, even an empty one) with its systems counted; flows between zones aggregated. */
export function zoneView(graph: DependencyGraph, flows: FlowsOf = graphFlows(graph)): GraphView {
  const zones = zoneNames(graph)
  const keys = [...zones.keys()].sort(compareIds)
  const label = (zone: string) => {
    const z = zones.get(zone)
    return !z ? zone : z.country === 'KZ' ? z.name : `${z.name} (${z.country})`
  }
  const {nodes, edges} = aggregate(graph, (s) => s.zone, keys.map((id) => ({id, label: label(id)})), flows)
  return {format: GRAPH_FORMAT, inventory: graph.getAttribute('inventory'), by: 'zone', clusters: [], nodes, edges}
}

export interface WaveInput {
  wave: number
  systems: string[]
}

/**
 * One cluster per wave; inside it, one node per move (from zone -> to zone) of
 * that wave's systems. Retained systems sit in their own cluster, one node per
 * zone. Flows between two nodes are aggregated.
 */
export function waveView(graph: DependencyGraph, waves: readonly WaveInput[], flows: FlowsOf = graphFlows(graph)): GraphView {
  const waveOf = new Map<string, number>()
  for (const w of waves) for (const id of w.systems) waveOf.set(id, w.wave)

  const keyOf = (s: SystemNode, id: string): string => {
    const wave = waveOf.get(id)
    if (wave === undefined) return s.strategy === 'retain' ? `retained:${s.zone}` : `unplaced:${s.zone}`
    return `${wave}:${s.zone}>${s.strategy === 'retire' ? '(retired)' : s.destination}`
  }
  const groups = new Map<string, {cluster: string; order: number; label: string}>()
  graph.forEachNode((id, s) => {
    const key = keyOf(s, id)
    if (groups.has(key)) return
    const wave = waveOf.get(id)
    // Zone ids, not names: a move names two zones, and the wave boxes repeat them; --by zone shows the names.
    if (wave !== undefined) groups.set(key, {cluster: `wave:${wave}`, order: wave, label: `${s.zone} → ${s.strategy === 'retire' ? 'retired' : s.destination}`})
    else if (s.strategy === 'retain') groups.set(key, {cluster: 'retained', order: Number.MAX_SAFE_INTEGER - 1, label: s.zone})
    else groups.set(key, {cluster: 'unplaced', order: Number.MAX_SAFE_INTEGER, label: s.zone})
  })
  const keys = [...groups.keys()].sort((a, b) => groups.get(a)!.order - groups.get(b)!.order || compareIds(a, b))
  const {nodes, edges} = aggregate(graph, keyOf, keys.map((id) => ({id, label: groups.get(id)!.label, cluster: groups.get(id)!.cluster})), flows)

  const clusters: ViewCluster[] = [...new Set(keys.map((k) => groups.get(k)!.cluster))].map((id) => {
    if (id === 'retained') return {id, label: 'Retained (stay where they are)', kind: 'retained'}
    if (id === 'unplaced') return {id, label: 'Not placed in any wave', kind: 'retained'}
    return {id, label: `Wave ${id.slice('wave:'.length)}`, kind: 'wave'}
  })
  return {format: GRAPH_FORMAT, inventory: graph.getAttribute('inventory'), by: 'wave', clusters, nodes, edges}
}

interface AggregateNode {
  id: string
  label: string
  cluster?: string
}

/** Count the graph's systems into the given nodes (in the given order) and sum the flows between two different nodes into one edge. */
function aggregate(graph: DependencyGraph, keyOf: (s: SystemNode, id: string) => string, order: readonly AggregateNode[], flows: FlowsOf): {nodes: ViewNode[]; edges: ViewEdge[]} {
  const stats = new Map(order.map((n) => [n.id, {systems: 0, unknown: 0, internalFlows: 0, holding: new Map<DataClass, number>()}]))
  const nodeKey = new Map<string, string>()
  graph.forEachNode((id, s) => {
    const key = keyOf(s, id)
    nodeKey.set(id, key)
    const st = stats.get(key)!
    st.systems++
    if (s.unknown) st.unknown++
    for (const c of s.classes) st.holding.set(c, (st.holding.get(c) ?? 0) + 1)
  })
  const between = new Map<string, {source: string; target: string; flows: number; tight: number; classes: Set<DataClass>}>()
  flows((source, target, tight, carries) => {
    const a = nodeKey.get(source)!
    const b = nodeKey.get(target)!
    if (a === b) {
      stats.get(a)!.internalFlows++
      return
    }
    const pair = `${a}\u0000${b}`
    let entry = between.get(pair)
    if (!entry) between.set(pair, (entry = {source: a, target: b, flows: 0, tight: 0, classes: new Set<DataClass>()}))
    entry.flows++
    if (tight) entry.tight++
    for (const c of carries) entry.classes.add(c)
  })

  const nodes: ViewNode[] = order.map(({id, label, cluster}) => {
    const st = stats.get(id)!
    const classes = CLASSES.filter((c) => st.holding.has(c))
    const held = SENSITIVITY_ORDER.filter((c): c is DataClass => st.holding.has(c as DataClass))
    const lines = [label, `${plural(st.systems, 'system')}${st.unknown > 0 ? `, ${st.unknown} unknown` : ''}`]
    if (held.length > 0) lines.push(held.map((c) => `${c} ${st.holding.get(c)}`).join(' · '))
    if (st.internalFlows > 0) lines.push(`${plural(st.internalFlows, 'flow')} inside`)
    return {
      id, label: lines, ...(cluster ? {cluster} : {}),
      sensitivity: st.systems === 0 ? 'none' : sensitivityOf(classes),
      classes, systems: st.systems, unknown: st.unknown,
      holding: Object.fromEntries(classes.map((c) => [c, st.holding.get(c)!])),
      internalFlows: st.internalFlows,
    }
  })
  const edges: ViewEdge[] = [...between.values()].map((e) => {
    const classes = CLASSES.filter((c) => e.classes.has(c))
    const label = `${plural(e.flows, 'flow')}${e.tight > 0 ? ` (${e.tight} tight)` : ''} · ${classes.length > 0 ? classes.join(', ') : 'unknown'}`
    return {source: e.source, target: e.target, kind: 'flow', label, flows: e.flows, tight: e.tight, classes, sensitivity: sensitivityOf(classes)}
  })
  return {nodes, edges: sortEdges(edges, nodes)}
}

const KIND_ORDER: Record<ViewEdge['kind'], number> = {flow: 0, after: 1, group: 2}

/** Edges in node order of their source, then target, then kind, then flow id. */
function sortEdges(edges: ViewEdge[], nodes: readonly ViewNode[]): ViewEdge[] {
  const rank = new Map(nodes.map((n, i) => [n.id, i]))
  return edges.sort(
    (a, b) =>
      rank.get(a.source)! - rank.get(b.source)! ||
      rank.get(a.target)! - rank.get(b.target)! ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      compareIds(a.id ?? a.label, b.id ?? b.label),
  )
}

function zoneNames(graph: DependencyGraph): Map<string, {name: string; country: string}> {
  return new Map(graph.getAttribute('zones').map((z) => [z.id, {name: z.name, country: z.country}]))
}

function classesText(classes: readonly DataClass[]): string {
  return classes.length > 0 ? classes.join(', ') : 'unknown (gap)'
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
