/**
 * Mermaid flowchart for a graph view (renders in GitHub, GitLab, plan.md).
 *
 * Mermaid ids are a narrow alphabet and some words (`end`, `graph`...) are
 * keywords, so nodes get generated ids (`s_`, `z_`, `w_` plus the id with
 * anything else as `_`, numbered on a clash) and the real name goes in a
 * quoted label. Inside quotes Mermaid still reads `#...;` as an entity and
 * `<...>` as HTML, so those and the quote are written as entity codes (see
 * `mermaidText`). Nodes are styled by class (`classDef`), edges by index
 * (`linkStyle`): tight-coupled flows thick (`==>`), `after` dotted with an
 * arrow, group ties dotted without.
 * Reference: https://mermaid.js.org/syntax/flowchart.html
 */
import {CONSTRAINT_COLOUR, LEGEND, PALETTE, SENSITIVITY_ORDER, type Sensitivity} from './sensitivity.js'
import type {GraphView, ViewEdge} from './view.js'

const ENTITIES: Record<string, string> = {'#': '#35;', '"': '#quot;', '<': '#lt;', '>': '#gt;', '&': '#amp;', '|': '#124;', '`': '#96;', '\\': '#92;'}

/** Text for inside a Mermaid `"..."` label: entity codes for the characters Mermaid would read, line breaks as spaces. */
export function mermaidText(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(/[#"<>&|`\\]/g, (ch) => ENTITIES[ch])
}

/** Mermaid-safe ids for the view's ids, stable for the same view. */
function idMap(ids: readonly string[], prefix: string): Map<string, string> {
  const used = new Set<string>()
  const map = new Map<string, string>()
  for (const id of ids) {
    const base = `${prefix}${id.replace(/[^A-Za-z0-9_]/g, '_')}`
    let candidate = base
    for (let n = 2; used.has(candidate); n++) candidate = `${base}_${n}`
    used.add(candidate)
    map.set(id, candidate)
  }
  return map
}

const ARROW: Record<ViewEdge['kind'], (tight: boolean) => string> = {
  flow: (tight) => (tight ? '==>' : '-->'),
  after: () => '-.->',
  group: () => '-.-',
}

export function renderMermaid(view: GraphView): string {
  const prefix = view.by === 'system' ? 's_' : view.by === 'zone' ? 'z_' : 'w_'
  const nodeId = idMap(view.nodes.map((n) => n.id), prefix)
  const clusterId = idMap(view.clusters.map((c) => c.id), 'c_')
  const out: string[] = [`%% kosh graph --by ${view.by}`, 'flowchart LR']

  const nodeLine = (id: string, label: string[]) => `${nodeId.get(id)}["${label.map(mermaidText).join('<br/>')}"]`
  for (const cluster of view.clusters) {
    out.push(`  subgraph ${clusterId.get(cluster.id)}["${mermaidText(cluster.label)}"]`)
    for (const node of view.nodes) if (node.cluster === cluster.id) out.push(`    ${nodeLine(node.id, node.label)}`)
    out.push('  end')
  }
  for (const node of view.nodes) if (node.cluster === undefined) out.push(`  ${nodeLine(node.id, node.label)}`)

  const linkColours = new Map<string, number[]>()
  view.edges.forEach((edge, i) => {
    out.push(`  ${nodeId.get(edge.source)} ${ARROW[edge.kind](edge.tight > 0)}|"${mermaidText(edge.label)}"| ${nodeId.get(edge.target)}`)
    const colour = edge.kind === 'flow' ? PALETTE[edge.sensitivity].stroke : CONSTRAINT_COLOUR
    if (linkColours.has(colour)) linkColours.get(colour)!.push(i)
    else linkColours.set(colour, [i])
  })

  // Per wave, invisible links (after the real ones, so `linkStyle` indexes hold) put the waves in order.
  if (view.by === 'wave') {
    const firsts = view.clusters.map((c) => view.nodes.find((n) => n.cluster === c.id)).filter((n) => n !== undefined)
    for (let i = 1; i < firsts.length; i++) out.push(`  ${nodeId.get(firsts[i - 1].id)} ~~~ ${nodeId.get(firsts[i].id)}`)
  }

  const levels = SENSITIVITY_ORDER.filter((level) => view.nodes.some((n) => n.sensitivity === level))
  if (levels.length > 0) {
    out.push('  subgraph legend["most sensitive class held"]')
    for (const level of levels) out.push(`    legend_${level}["${mermaidText(LEGEND[level])}"]`)
    out.push('  end')
  }
  for (const level of levels) out.push(`  classDef k_${level} ${classDef(level)}`)
  for (const level of levels) {
    const members = view.nodes.filter((n) => n.sensitivity === level).map((n) => nodeId.get(n.id)!)
    out.push(`  class ${[...members, `legend_${level}`].join(',')} k_${level}`)
  }
  for (const [colour, indexes] of [...linkColours].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(`  linkStyle ${indexes.join(',')} stroke:${colour},color:${colour}`)
  }
  return out.join('\n') + '\n'
}

function classDef(level: Sensitivity): string {
  const {fill, stroke} = PALETTE[level]
  return `fill:${fill},stroke:${stroke},color:#1b1b1b${level === 'unknown' ? ',stroke-dasharray:4 3' : ''}`
}
