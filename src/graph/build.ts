/**
 * The dependency graph: systems as nodes; flows, `after` constraints and move
 * groups as typed edges, on a graphology `MultiDirectedGraph` (two systems may
 * exchange several flows, so parallel edges are the normal case).
 *
 * This graph is for `kosh graph` and for analysis: graphology is convenient
 * (attributes, traversal, its algorithm packages) but inserts some 65k edges
 * a second, far too slow for the planner's million-flow inventories. The
 * planner, rules and verifier run on the typed arrays of `compile.ts`.
 *
 * Built in small named steps (see `STEPS`), in the spirit of Terraform's
 * graph builders: each step does one thing and says why it sits where it does.
 * Node and edge order follow the inventory's rows; readers that print the
 * graph sort it themselves (see `render/view.ts`).
 */
import {MultiDirectedGraph} from 'graphology'

import type {Classification} from '../classify/classify.js'
import {classesOf, maskOf} from './compile.js'
import {
  destinationOf,
  targetZoneOf,
  type Coupling,
  type Criticality,
  type DataClass,
  type Environment,
  type Inventory,
  type LegalBasis,
  type Strategy,
  type ZoneRole,
} from '../model/inventory.js'

/** A system. `classes` are its effective classes when the graph was built with a classification. */
export type SystemNode = {
  name: string
  owner: string
  /** Where it runs today. */
  zone: string
  /** Where it moves to (its own zone when retained). */
  destination: string
  strategy: Strategy
  environment: Environment
  criticality: Criticality
  group?: string
  /** Wave it is pinned to in systems.csv. */
  wave?: number
  storageGb: number
  /** Classes as declared in systems.csv, closed under implication. */
  declared: DataClass[]
  /** Effective classes (with a classification), else declared plus datasets. */
  classes: DataClass[]
  /** No class declared or inferred: a gap, never a pass. */
  unknown: boolean
  /** The smallest id among the systems it must share a wave with (tight flows, groups); its own id when alone. */
  together: string
  /** Line in systems.csv. */
  line: number
}

/** A flow, source to target. */
export type FlowEdge = {
  kind: 'flow'
  id: string
  /** Classes as declared in flows.csv, closed; empty: everything its source holds. */
  declared: DataClass[]
  /** What it carries: its own classes or, when it declares none, what its source holds (needs a classification). */
  carries: DataClass[]
  coupling: Coupling
  purpose?: string
  legalBasis?: LegalBasis
  line: number
}

/** `after`: from the dependency (moves in an earlier wave) to the system that names it. */
export type AfterEdge = {kind: 'after'; line: number}

/** Same group and environment: these move in one wave. A chain in id order, so k members cost k - 1 edges, not k². */
export type GroupEdge = {kind: 'group'; group: string; environment: Environment}

export type DependencyEdge = FlowEdge | AfterEdge | GroupEdge

export type ZoneInfo = {id: string; name: string; country: string; role?: ZoneRole}

export type GraphAttributes = {
  inventory: string
  /** Whether node and flow classes are effective (classified) or only declared. */
  classified: boolean
  zones: ZoneInfo[]
}

export type DependencyGraph = MultiDirectedGraph<SystemNode, DependencyEdge, GraphAttributes>

export interface BuildInput {
  inventory: Inventory
  classification?: Classification
}

export interface BuildStep {
  name: string
  apply(graph: DependencyGraph, input: BuildInput): void
}

/** Edge keys: stable and readable, so a test or a tool can look an edge up. */
export const edgeKey = {
  flow: (id: string) => `flow:${id}`,
  after: (dependency: string, system: string) => `after:${dependency}->${system}`,
  group: (group: string, environment: string, a: string, b: string) => `group:${group}/${environment}:${a}->${b}`,
}

export const STEPS: readonly BuildStep[] = [
  {
    // First: systems name their zone, and every renderer clusters or aggregates by it.
    name: 'add zones',
    apply(graph, {inventory}) {
      const zones = inventory.zones.map((z) => ({id: z.id, name: z.name, country: z.country, ...(z.role ? {role: z.role} : {})}))
      graph.mergeAttributes({inventory: inventory.name, classified: false, zones})
    },
  },
  {
    // Before any edge: graphology refuses an edge whose ends are not nodes yet.
    name: 'add systems',
    apply(graph, {inventory, classification}) {
      const target = targetZoneOf(inventory)
      const fromDatasets = new Map<string, number>()
      for (const d of inventory.datasets) fromDatasets.set(d.system, (fromDatasets.get(d.system) ?? 0) | maskOf(d.classes))
      inventory.systems.forEach((s, i) => {
        const classes = classesFor(classification ? classification.effective[i] : maskOf(s.classes) | (fromDatasets.get(s.id) ?? 0))
        graph.addNode(s.id, {
          name: s.name, owner: s.owner, zone: s.zone,
          destination: s.strategy === 'retain' ? s.zone : destinationOf(s, target),
          strategy: s.strategy, environment: s.environment, criticality: s.criticality,
          ...(s.group ? {group: s.group} : {}), ...(s.wave !== undefined ? {wave: s.wave} : {}),
          storageGb: s.storageGb, declared: classesFor(maskOf(s.classes)), classes, unknown: classes.length === 0, together: s.id, line: s.line,
        })
      })
      if (classification) graph.setAttribute('classified', true)
    },
  },
  {
    // After systems, before the move constraints: flows are what the graph is mostly about, and what it carries needs the classification only.
    name: 'add flows',
    apply(graph, {inventory, classification}) {
      inventory.flows.forEach((f, i) => {
        const declared = classesFor(maskOf(f.classes))
        graph.addDirectedEdgeWithKey(edgeKey.flow(f.id), f.source, f.target, {
          kind: 'flow', id: f.id, declared,
          carries: classification ? classesFor(classification.carried[i]) : declared,
          coupling: f.coupling,
          ...(f.purpose ? {purpose: f.purpose} : {}), ...(f.legalBasis ? {legalBasis: f.legalBasis} : {}),
          line: f.line,
        })
      })
    },
  },
  {
    // Order constraints next: they point from the dependency to the dependant, the direction waves run.
    name: 'add after edges',
    apply(graph, {inventory}) {
      for (const s of inventory.systems) {
        for (const dependency of new Set(s.after)) {
          graph.addDirectedEdgeWithKey(edgeKey.after(dependency, s.id), dependency, s.id, {kind: 'after', line: s.line})
        }
      }
    },
  },
  {
    // Groups after flows and `after`: they only tie systems together, and the next step reads them.
    name: 'add group edges',
    apply(graph, {inventory}) {
      const groups = new Map<string, {group: string; environment: Environment; members: string[]}>()
      for (const s of inventory.systems) {
        if (!s.group) continue
        const key = `${s.group}\u0000${s.environment}`
        const entry = groups.get(key) ?? {group: s.group, environment: s.environment, members: []}
        entry.members.push(s.id)
        groups.set(key, entry)
      }
      for (const {group, environment, members} of groups.values()) {
        members.sort(compareIds)
        for (let i = 1; i < members.length; i++) {
          graph.addDirectedEdgeWithKey(edgeKey.group(group, environment, members[i - 1], members[i]), members[i - 1], members[i], {kind: 'group', group, environment})
        }
      }
    },
  },
  {
    // Last: systems joined by tight flows or a group share a wave, and both kinds of edge are in place now.
    name: 'mark tight coupling',
    apply(graph) {
      const seen = new Set<string>()
      for (const start of [...graph.nodes()].sort(compareIds)) {
        if (seen.has(start)) continue
        // Ids are visited in order, so `start` is the smallest id of its component.
        const stack = [start]
        seen.add(start)
        while (stack.length > 0) {
          const node = stack.pop()!
          graph.setNodeAttribute(node, 'together', start)
          graph.forEachEdge(node, (_key, edge, source, target) => {
            if (edge.kind === 'after' || (edge.kind === 'flow' && edge.coupling !== 'tight')) return
            const other = source === node ? target : source
            if (!seen.has(other)) {
              seen.add(other)
              stack.push(other)
            }
          })
        }
      }
    },
  },
]

/** Build the dependency graph of a valid inventory (validate first: edges to unknown systems throw). */
export function buildGraph(inventory: Inventory, classification?: Classification): DependencyGraph {
  return build(STEPS, inventory, classification)
}

/** The steps that add no edge. */
const NODE_STEPS = STEPS.filter((step) => step.name === 'add zones' || step.name === 'add systems')

/**
 * The graph's zones and systems without an edge, for the views that count
 * flows rather than draw them (`--by zone`, `--by wave`): graphology inserts
 * a million edges in seconds. Systems' `together` is then each its own id.
 */
export function buildSystemsGraph(inventory: Inventory, classification?: Classification): DependencyGraph {
  return build(NODE_STEPS, inventory, classification)
}

function build(steps: readonly BuildStep[], inventory: Inventory, classification?: Classification): DependencyGraph {
  const graph: DependencyGraph = new MultiDirectedGraph<SystemNode, DependencyEdge, GraphAttributes>()
  const input: BuildInput = {inventory, classification}
  for (const step of steps) step.apply(graph, input)
  return graph
}

/**
 * The class list of a mask, one shared array per mask (there are 32): a graph of
 * a million flows would otherwise hold a million copies of the same few lists.
 * Treat them as read-only.
 */
const CLASS_LISTS: DataClass[][] = Array.from({length: 32}, (_, mask) => classesOf(mask))
export function classesFor(mask: number): DataClass[] {
  return CLASS_LISTS[mask]
}

/** Code-unit order: the same on every machine, unlike `localeCompare`. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
