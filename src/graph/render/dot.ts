/**
 * Graphviz DOT for a graph view (`dot -Tsvg graph.dot > graph.svg`).
 *
 * Every id and label is a double-quoted DOT string (see `dotString`), so names
 * in Kazakh or Russian with quotes, commas, backslashes or line breaks come
 * out as written. Nodes are filled by the most sensitive class they hold, and
 * `unknown` ones are dashed; flow edges take the colour of what they carry,
 * tight-coupled flows are bold, `after` dashed and group ties dotted. Per
 * wave, the waves are laid out left to right as columns.
 * Reference: https://graphviz.org/doc/info/lang.html
 */
import {LEGEND, PALETTE, SENSITIVITY_ORDER, CONSTRAINT_COLOUR} from './sensitivity.js'
import type {GraphView, ViewEdge, ViewNode} from './view.js'

/** A DOT double-quoted string: `\` and `"` escaped, line breaks as `\n` (centred lines). */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, '\\n')}"`
}

const attrs = (list: Record<string, string | number>): string =>
  `[${Object.entries(list)
    .map(([key, value]) => `${key}=${typeof value === 'number' ? value : dotString(value)}`)
    .join(', ')}]`

export function renderDot(view: GraphView): string {
  const out: string[] = []
  out.push(`digraph ${dotString(`kosh ${view.by}`)} {`)
  out.push(`  graph ${attrs({rankdir: 'LR', fontname: 'Helvetica', fontsize: 12, labelloc: 't', label: `${view.inventory}: by ${view.by}`})}`)
  out.push(`  node ${attrs({shape: 'box', style: 'rounded,filled', fontname: 'Helvetica', fontsize: 10})}`)
  out.push(`  edge ${attrs({fontname: 'Helvetica', fontsize: 9})}`)

  const byCluster = new Map<string, ViewNode[]>()
  const loose: ViewNode[] = []
  for (const node of view.nodes) {
    if (node.cluster === undefined) loose.push(node)
    else if (byCluster.has(node.cluster)) byCluster.get(node.cluster)!.push(node)
    else byCluster.set(node.cluster, [node])
  }
  for (const cluster of view.clusters) {
    out.push('')
    // Graphviz draws a subgraph as a box only when its name starts with "cluster".
    out.push(`  subgraph ${dotString(`cluster_${cluster.id}`)} {`)
    out.push(`    graph ${attrs({label: cluster.label, style: 'rounded', color: '#999999'})}`)
    for (const node of byCluster.get(cluster.id) ?? []) out.push(`    ${nodeLine(node)}`)
    out.push('  }')
  }
  if (loose.length > 0) out.push('')
  for (const node of loose) out.push(`  ${nodeLine(node)}`)

  // Per wave, the waves are the columns: flows may point back to an earlier
  // wave, so they do not rank nodes; invisible edges line the clusters up.
  const timeline = view.by === 'wave'
  if (view.edges.length > 0) out.push('')
  for (const edge of view.edges) {
    out.push(`  ${dotString(edge.source)} -> ${dotString(edge.target)} ${attrs({...edgeAttrs(edge), ...(timeline ? {constraint: 'false'} : {})})}`)
  }
  if (timeline) {
    const firsts = view.clusters.map((c) => byCluster.get(c.id)?.[0]).filter((n): n is ViewNode => n !== undefined)
    for (let i = 1; i < firsts.length; i++) out.push(`  ${dotString(firsts[i - 1].id)} -> ${dotString(firsts[i].id)} ${attrs({style: 'invis', weight: 10})}`)
  }

  const levels = SENSITIVITY_ORDER.filter((level) => view.nodes.some((n) => n.sensitivity === level))
  if (levels.length > 0) {
    out.push('')
    out.push(`  subgraph ${dotString('cluster_legend')} {`)
    out.push(`    graph ${attrs({label: 'most sensitive class held', style: 'rounded', color: '#cccccc', fontsize: 10})}`)
    for (const level of levels) {
      out.push(`    ${dotString(`legend:${level}`)} ${attrs({label: LEGEND[level], fillcolor: PALETTE[level].fill, color: PALETTE[level].stroke, ...(level === 'unknown' ? {style: 'rounded,filled,dashed'} : {})})}`)
    }
    out.push('  }')
  }
  out.push('}')
  return out.join('\n') + '\n'
}

function nodeLine(node: ViewNode): string {
  const colour = PALETTE[node.sensitivity]
  return `${dotString(node.id)} ${attrs({
    label: node.label.join('\n'),
    fillcolor: colour.fill,
    color: colour.stroke,
    ...(node.sensitivity === 'unknown' ? {style: 'rounded,filled,dashed'} : {}),
  })}`
}

function edgeAttrs(edge: ViewEdge): Record<string, string | number> {
  if (edge.kind === 'after') return {label: edge.label, style: 'dashed', color: CONSTRAINT_COLOUR, fontcolor: CONSTRAINT_COLOUR}
  if (edge.kind === 'group') return {label: edge.label, style: 'dotted', dir: 'none', color: CONSTRAINT_COLOUR, fontcolor: CONSTRAINT_COLOUR}
  const colour = PALETTE[edge.sensitivity].stroke
  return {label: edge.label, color: colour, fontcolor: colour, ...(edge.tight > 0 ? {penwidth: 2.5} : {}), ...(edge.sensitivity === 'unknown' ? {style: 'dashed'} : {})}
}
