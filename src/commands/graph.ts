import * as Flags from '@oclif/core/flags'

import {KoshCommand, inventoryFlag} from '../cli/base.js'
import {EXIT, KoshError, invalidInventory} from '../cli/errors.js'
import {drawGraph} from '../graph/render/draw.js'
import {GRAPH_FORMATS, renderGraph, type GraphFormat} from '../graph/render/render.js'
import {GRAPH_BY, type GraphBy, type GraphView} from '../graph/render/view.js'
import {writeFileAtomic} from '../io/atomic.js'
import {hasErrors} from '../model/diagnostic.js'
import {fromDbFlags, openInventorySource} from '../store/flags.js'
import {formatInfeasibility} from '../plan/explain.js'

/** `kosh graph --json`: what was drawn, and the drawing's data. */
export interface GraphCommandResult {
  inventory: string
  by: GraphBy
  format: GraphFormat
  /** The file written, when `--out` was given. */
  out?: string
  nodes: number
  edges: number
  /** The view that was drawn: the same document `--format json` writes. */
  graph: GraphView
}

/** Above this many systems a per-system picture is hard to read; the command suggests --by zone. */
const READABLE_SYSTEMS = 300

export default class Graph extends KoshCommand {
  static override summary = 'Draw the dependency graph: systems, zones or waves, coloured by the most sensitive class'
  static override description = `Nodes are filled by the most sensitive class they hold (health > bank_secret > personal > internal > public > unknown); flow edges are labelled and coloured by what they carry. Tight-coupled flows are bold, "after" constraints dashed, move groups dotted.
--by system draws every system inside its zone; --by zone draws one node per zone with counts of systems and classes, and one edge per pair of zones with the number of flows and the union of what they carry; --by wave runs the planner and draws one box per wave with its moves (from zone -> to zone).
Output is sorted, so the same inventory gives the same bytes. --out writes the file atomically; without it the graph goes to stdout.`

  static override examples = [
    '<%= config.bin %> graph --by zone --format mermaid',
    '<%= config.bin %> graph --format dot --out graph.dot && dot -Tsvg graph.dot -o graph.svg',
    '<%= config.bin %> graph --by wave --format json --out waves.json',
  ]

  static override flags = {
    inventory: inventoryFlag,
    ...fromDbFlags,
    format: Flags.string({description: 'output format', options: [...GRAPH_FORMATS], default: 'dot'}),
    by: Flags.string({description: 'one node per system, per zone, or per wave and move', options: [...GRAPH_BY], default: 'system'}),
    out: Flags.string({description: 'write to this file (atomically) instead of stdout', helpValue: 'FILE'}),
  }

  async run(): Promise<GraphCommandResult> {
    const {flags} = await this.parse(Graph)
    const format = flags.format as GraphFormat
    const by = flags.by as GraphBy
    const {inventory, diagnostics, where} = await openInventorySource({inventory: flags.inventory, fromDb: flags['from-db'], databaseUrl: flags['database-url']})
    if (hasErrors(diagnostics)) throw invalidInventory(where, diagnostics)
    if (by === 'system' && inventory.systems.length > READABLE_SYSTEMS) {
      this.progress(`${inventory.systems.length} systems: a picture per system will be hard to read; --by zone or --by wave aggregates them`)
    }

    const drawn = drawGraph(inventory, by)
    if (drawn.infeasible) {
      const why = drawn.infeasible.map((item) => formatInfeasibility(item, where)).join('\n')
      throw new KoshError(`no valid plan exists, so there are no waves to draw (kosh plan says more):\n${why}`, EXIT.findings)
    }
    const {view} = drawn
    const text = renderGraph(view, format)
    if (flags.out) await writeFileAtomic(flags.out, text)

    const result: GraphCommandResult = {inventory: where, by, format, ...(flags.out ? {out: flags.out} : {}), nodes: view.nodes.length, edges: view.edges.length, graph: view}
    if (!this.jsonEnabled()) {
      if (flags.out) this.log(`Wrote ${flags.out}: ${view.nodes.length} nodes, ${view.edges.length} edges (${format}, by ${by})`)
      else process.stdout.write(text)
    }
    return result
  }
}
