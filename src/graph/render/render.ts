/**
 * Draw a graph view in one of the formats `kosh graph --format` offers. JSON
 * is the view itself (`GraphView`, format `kosh-graph/1`), indented, keys in
 * the order the type declares them.
 */
import {renderDot} from './dot.js'
import {renderMermaid} from './mermaid.js'
import type {GraphView} from './view.js'

export const GRAPH_FORMATS = ['dot', 'mermaid', 'json'] as const
export type GraphFormat = (typeof GRAPH_FORMATS)[number]

export function renderGraph(view: GraphView, format: GraphFormat): string {
  switch (format) {
    case 'dot':
      return renderDot(view)
    case 'mermaid':
      return renderMermaid(view)
    case 'json':
      return JSON.stringify(view, null, 2) + '\n'
  }
}
