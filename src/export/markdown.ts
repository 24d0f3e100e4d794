/**
 * plan.md: the plan for reviewers, in English, Russian or Kazakh.
 *
 * Rendered from the plan document only (never recomputed): summary, where
 * restricted data sit, the violations present today and the wave that removes
 * each, a Mermaid diagram of the waves, each wave with its systems and the
 * reason each is there, retained systems, findings and waivers, every state's
 * verification, why no plan exists when none does, and the digests.
 *
 * Large inventories stay readable and small: beyond `limits.detailedDiagram`
 * systems the diagram groups systems by wave and route between zones, beyond
 * `limits.listAll` systems each wave lists only its first systems and points to
 * waves.csv, only the first `limits.detailedWaves` waves have a section of their
 * own (a plan of thousands of waves, an `after` chain thousands long, lists the
 * rest in waves.csv), and every other list, the overview of waves too, is cut
 * at `limits.rows` rows.
 */
import {appendAll} from '../model/lists.js'
import {findingCounts, findingRows, type PlanDocument, type PlannedSystem} from './plan-document.js'
import {
  findingPlace, findingText, inlinePieces, movingCount, reasonsText, ruleLabel, shadeOf, SHADES, stateName, waiversOf, waveDates,
  type Shade,
} from './i18n/describe.js'
import {textFor, type Lang, type Text} from './i18n/index.js'

export interface MarkdownLimits {
  /** Up to this many moving systems the diagram draws each system; beyond it, groups. */
  detailedDiagram: number
  /** Beyond this many route groups the diagram draws one node per wave. */
  diagramGroups: number
  /** The diagram draws at most this many waves. */
  diagramWaves: number
  /** Up to this many moving systems every wave lists all its systems. */
  listAll: number
  /** Beyond listAll: about this many system rows across all waves ... */
  listBudget: number
  /** ... but at least this many per wave. */
  listPerWaveMin: number
  /** Only the first this many waves have a section listing their systems. */
  detailedWaves: number
  /** Any other list (violations, findings, zones, retained systems). */
  rows: number
}

export const MARKDOWN_LIMITS: MarkdownLimits = {
  detailedDiagram: 60, diagramGroups: 240, diagramWaves: 120, listAll: 1000, listBudget: 4000, listPerWaveMin: 3, detailedWaves: 240, rows: 1000,
}

export function renderMarkdown(doc: PlanDocument, lang: Lang = 'en', limits: Partial<MarkdownLimits> = {}): string {
  const text = textFor(lang)
  const {m, f} = text
  const lim = {...MARKDOWN_LIMITS, ...limits}
  const out: string[] = []
  const line = (s = '') => out.push(s)
  const moving = movingCount(doc)

  line(`# ${esc(m.title(doc.inventory.name))}`)
  line()
  line(`*${esc(m.subtitle)}*`)
  line()

  // Summary
  line(`## ${m.glossary.summary}`)
  line()
  const status = !doc.feasible ? m.status.infeasible : doc.verification.valid ? m.status.valid : m.status.invalid
  const item = (label: string, value: string) => line(`- **${esc(label)}:** ${value}`)
  item(m.summary.status, `**${esc(status)}**`)
  for (const [label, value] of planItems(text, doc)) item(label, esc(value))
  const count = findingCounts(doc)
  item(m.present.heading, doc.feasible ? esc(m.summary.presentValue(f.number(count.present), f.number(count.removed))) : f.number(count.present))
  if (count.introduced > 0) item(m.summary.introduced, f.number(count.introduced))
  if (count.final > 0) item(m.summary.finalViolations, f.number(count.final))
  item(m.summary.findings, f.number(count.findings))
  for (const [label, value] of optionItems(text, doc)) item(label, esc(value))
  item(m.summary.inventory, `${esc(doc.inventory.name)} (${esc(inventoryCounts(text, doc))})`)
  line()

  if (!doc.feasible) infeasibleSection(text, doc, line)

  // Where restricted data sit
  line(`## ${esc(m.sensitivity.heading)}`)
  line()
  line(esc(m.sensitivity.intro))
  line()
  const zones = doc.sensitivity.filter((z) => z.today.length > 0 || z.final.length > 0)
  if (zones.length === 0) line(m.none)
  else {
    table(line, [m.glossary.zone, m.glossary.current_state, m.glossary.final_state],
      zones.slice(0, lim.rows).map((z) => [esc(z.zone), classCell(text, z.today), classCell(text, z.final)]))
    more(text, line, Math.min(zones.length, lim.rows), zones.length, 'plan.json')
  }
  line()

  // Violations present today
  line(`## ${esc(m.present.heading)}`)
  line()
  line(esc(m.present.intro))
  line()
  const present = doc.verification.present
  if (count.present === 0) line(m.none)
  else {
    table(line, [m.table.rule, m.table.subject, m.table.classes, m.table.zone, m.glossary.removed_in_wave, m.table.waiver],
      findingRows(present, lim.rows).map((p) => [
        esc(ruleLabel(text, p.rule)), code(p.subject), classCell(text, p.classes), esc(findingPlace(p)),
        p.removedInWave === undefined ? esc(m.present.notRemoved) : String(p.removedInWave),
        p.waiver ? esc(m.present.waivedUntil(f.date(p.waiver.expires))) : m.dash,
      ]))
    more(text, line, Math.min(count.present, lim.rows), count.present, 'plan.json')
  }
  line()

  // Diagram
  if (doc.waves.length > 0) {
    line(`## ${esc(m.diagram.heading)}`)
    line()
    line(esc(m.diagram.legend))
    if (moving > lim.detailedDiagram) line(`${esc(m.diagram.aggregated)}`)
    if (doc.waves.length > lim.diagramWaves) line(esc(m.diagram.truncated(f.number(lim.diagramWaves), f.number(doc.waves.length))))
    line()
    line('```mermaid')
    for (const l of mermaid(text, doc, lim)) line(l)
    line('```')
    line()
  }

  // Waves (an infeasible plan has none, and says why above)
  if (doc.feasible) {
    line(`## ${esc(m.waves.heading)}`)
    line()
  }
  if (doc.feasible && doc.waves.length === 0) {
    line(m.waves.empty)
    line()
  } else if (doc.waves.length > 0) {
    line(esc(m.waves.overview))
    line()
    const withDates = doc.waves.some((w) => w.dates)
    table(line, [m.glossary.wave, ...(withDates ? [m.table.dates] : []), m.glossary.systems, m.glossary.storage_gb, m.table.sensitive, m.table.sourceZones, m.table.removes],
      doc.waves.slice(0, lim.rows).map((w) => [
        String(w.wave), ...(withDates ? [esc(waveDates(text, w.dates))] : []), f.number(w.totals.systems), f.gb(w.totals.storageGb),
        classCell(text, w.totals.sensitive), esc(w.totals.zones.join(', ')), w.removes ? f.number(w.removes) : m.dash,
      ]))
    more(text, line, Math.min(doc.waves.length, lim.rows), doc.waves.length, 'plan.json')
    line()
    const detailed = doc.waves.slice(0, lim.detailedWaves)
    const perWave = moving <= lim.listAll ? Infinity : Math.max(lim.listPerWaveMin, Math.floor(lim.listBudget / detailed.length))
    for (const w of detailed) {
      line(`### ${esc(m.waveTitle(String(w.wave)))}`)
      line()
      if (w.dates) {
        line(`*${esc(waveDates(text, w.dates))}*`)
        line()
      }
      item(m.glossary.systems, f.number(w.totals.systems))
      item(m.glossary.storage_gb, f.gb(w.totals.storageGb))
      item(m.table.sensitive, classCell(text, w.totals.sensitive))
      item(m.table.sourceZones, esc(w.totals.zones.join(', ')))
      if (w.removes) item(m.table.removes, f.number(w.removes))
      line()
      const shown = w.systems.slice(0, perWave)
      table(line, [m.table.system, m.table.name, m.glossary.owner, m.table.route, m.table.strategy, m.table.classes, m.table.gb, m.glossary.reason],
        shown.map((s) => systemRow(text, s)))
      if (shown.length < w.systems.length) {
        line()
        line(esc(m.shownOfWave(f.number(shown.length), f.number(w.systems.length))))
      }
      line()
    }
    if (detailed.length < doc.waves.length) {
      more(text, line, detailed.length, doc.waves.length, 'waves.csv')
      line()
    }
  }

  // Retained
  if (doc.retained.length > 0) {
    line(`## ${esc(m.retained.heading)}`)
    line()
    line(esc(m.retained.intro))
    line()
    table(line, [m.table.system, m.table.name, m.glossary.owner, m.glossary.zone, m.table.classes],
      doc.retained.slice(0, lim.rows).map((s) => [code(s.id), esc(s.name), esc(s.owner), esc(s.zone), classCell(text, s.classes)]))
    more(text, line, Math.min(doc.retained.length, lim.rows), doc.retained.length, 'waves.csv')
    line()
  }

  // Findings and waivers
  line(`## ${esc(m.findings.heading)}`)
  line()
  line(esc(m.findings.intro))
  line()
  if (count.findings === 0) line(m.none)
  else {
    table(line, [m.table.rule, m.table.subject, m.table.description, m.table.source, m.table.waiver],
      findingRows(doc.findings, lim.rows).map((x) => [
        esc(ruleLabel(text, x.rule)), code(x.subject), inline(findingText(text, x)), code(`${x.file}:${x.line}`),
        x.waiver ? esc(m.present.waivedUntil(f.date(x.waiver.expires))) : m.dash,
      ]))
    more(text, line, Math.min(count.findings, lim.rows), count.findings, 'plan.json')
  }
  line()
  const waivers = waiversOf(doc)
  if (waivers.length > 0) {
    line(`## ${esc(m.waivers.heading)}`)
    line()
    line(esc(m.waivers.intro))
    line()
    table(line, [m.table.rule, m.table.subject, m.glossary.owner, m.table.expires, m.table.justification, m.table.source],
      waivers.slice(0, lim.rows).map((w) => [
        esc(ruleLabel(text, w.rule)), code(w.subject), esc(w.waiver.owner), esc(f.date(w.waiver.expires)), esc(w.waiver.justification), code(`waivers.csv:${w.waiver.line}`),
      ]))
    more(text, line, Math.min(waivers.length, lim.rows), waivers.length, 'plan.json')
    line()
  }

  // Every state
  line(`## ${esc(m.states.heading)}`)
  line()
  line(esc(m.states.intro))
  line()
  const withUntil = doc.verification.states.some((s) => s.until)
  table(line, [m.table.state, ...(withUntil ? [m.table.lastDay] : []), m.table.violations, m.table.introduced, m.table.removed],
    doc.verification.states.slice(0, lim.rows).map((s) => [
      esc(stateName(text, doc, s.state)), ...(withUntil ? [s.until && s.until !== '9999-12-31' ? esc(f.date(s.until)) : m.dash] : []),
      f.number(s.violations), f.number(s.introduced), f.number(s.removed),
    ]))
  more(text, line, Math.min(doc.verification.states.length, lim.rows), doc.verification.states.length, 'plan.json')
  line()
  // Without a plan every system is "not in any wave": say it once, above, not per system.
  if (doc.feasible && doc.verification.conditions.length > 0) {
    line(`### ${esc(m.states.conditions)}`)
    line()
    table(line, [m.table.condition, m.table.subject, m.table.source],
      doc.verification.conditions.slice(0, lim.rows).map((c) => [inline(m.condition[c.condition]), code(c.subject), code(`${c.file}:${c.line}`)]))
    more(text, line, Math.min(doc.verification.conditions.length, lim.rows), doc.verification.conditions.length, 'plan.json')
    line()
  }
  for (const [heading, list, total] of [[m.states.introducedHeading, doc.verification.introduced, count.introduced], [m.states.finalHeading, doc.verification.final, count.final]] as const) {
    if (total === 0) continue
    line(`### ${esc(heading)}`)
    line()
    table(line, [m.table.state, m.table.rule, m.table.description, m.table.source],
      findingRows(list, lim.rows).map((x) => [x.state === undefined ? m.dash : `S${x.state}`, esc(ruleLabel(text, x.rule)), inline(findingText(text, x)), code(`${x.file}:${x.line}`)]))
    more(text, line, Math.min(total, lim.rows), total, 'plan.json')
    line()
  }

  // Integrity
  line(`## ${esc(m.integrity.heading)}`)
  line()
  item(m.integrity.format, code(doc.format))
  item(m.glossary.generated_from, esc(doc.inventory.name))
  item(m.integrity.inventoryDigest, code(doc.inventory.digest))
  item(m.integrity.planDigest, code(doc.digest))
  line()
  line(esc(m.integrity.note))
  return out.join('\n') + '\n'
}

function infeasibleSection(text: Text, doc: PlanDocument, line: (s?: string) => void): void {
  const {m} = text
  line(`## ${esc(m.infeasible.heading)}`)
  line()
  line(esc(m.infeasible.intro))
  line()
  doc.infeasible.forEach((item, i) => {
    line(`${i + 1}. ${inline(m.infeasibility[item.kind])}`)
    if (item.finding) line(`   ${inline(findingText(text, item.finding))}`)
    // A cycle is printed one system per line, back to where it starts.
    const systems = item.kind === 'after-cycle' && item.systems.length > 1 ? [...item.systems, item.systems[0]] : item.systems
    line(`   - **${esc(m.infeasible.systems)}:**${item.kind === 'after-cycle' ? '' : ' ' + systems.map(code).join(', ')}`)
    if (item.kind === 'after-cycle') for (const s of systems) line(`     - ${code(s)}`)
    line(`   - **${esc(m.infeasible.source)}:** ${code(`${item.file}:${item.line}`)}`)
  })
  line()
}

function systemRow(text: Text, s: PlannedSystem): string[] {
  const {m, f} = text
  const to = s.strategy === 'retire' ? m.dash : s.to
  return [code(s.id), esc(s.name), esc(s.owner), esc(`${s.from} → ${to}`), esc(m.strategyName(s.strategy)), classCell(text, s.classes), f.gb(s.storageGb), inline(reasonsText(text, s.reasons))]
}

/** Systems, waves, period and volume as label and value; without a plan, only the systems. */
export function planItems({m, f}: Text, doc: PlanDocument): [string, string][] {
  const total = doc.inventory.counts.systems
  if (!doc.feasible) return [[m.summary.systems, f.count(total, m.nouns.system)]]
  const moving = movingCount(doc)
  const items: [string, string][] = [
    [m.summary.systems, m.summary.systemsValue(f.number(moving), f.number(doc.retained.length), f.number(total), {moving, retained: doc.retained.length})],
    [m.summary.waves, m.summary.wavesValue(f.number(doc.waveCount), f.number(doc.lowerBound), doc.waveCount === doc.lowerBound)],
  ]
  const dated = doc.waves.filter((w) => w.dates)
  if (dated.length > 0) items.push([m.summary.period, m.dateRange(f.date(dated[0].dates!.start), f.date(dated[dated.length - 1].dates!.end))])
  items.push([m.glossary.storage_gb, f.gb(doc.waves.reduce((sum, w) => sum + w.totals.storageGb, 0))])
  return items
}

/** The options the plan was made with, as label and value. */
export function optionItems({m, f}: Text, doc: PlanDocument): [string, string][] {
  const o = doc.options
  const items: [string, string][] = []
  if (o.maxSystems?.length) items.push([m.summary.capacitySystems, o.maxSystems.map(f.number).join(', ')])
  if (o.maxGb?.length) items.push([m.summary.capacityGb, o.maxGb.map(f.gb).join(', ')])
  if (o.start) items.push([m.summary.start, f.date(o.start)])
  if (o.start && o.waveDays) items.push([m.summary.waveDays, f.number(o.waveDays)])
  if (o.blackouts?.length) items.push([m.summary.blackouts, o.blackouts.map((b) => m.dateRange(f.date(b.from), f.date(b.to))).join('; ')])
  if (o.pins && Object.keys(o.pins).length > 0) items.push([m.summary.pins, f.number(Object.keys(o.pins).length)])
  return items
}

export function inventoryCounts({m, f}: Text, doc: PlanDocument): string {
  const c = doc.inventory.counts
  return [
    f.count(c.zones, m.nouns.zone), f.count(c.links, m.nouns.link), f.count(c.systems, m.nouns.system),
    f.count(c.flows, m.nouns.flow), f.count(c.datasets, m.nouns.dataset), f.count(c.waivers, m.nouns.waiver),
  ].join(', ')
}

// ---------------------------------------------------------------- Mermaid

const MERMAID_STYLE: Record<Shade, string> = {
  bank_secret: 'fill:#fecaca,stroke:#b91c1c,color:#111111',
  health: 'fill:#e9d5ff,stroke:#7e22ce,color:#111111',
  personal: 'fill:#fed7aa,stroke:#c2410c,color:#111111',
  none: 'fill:#e2e8f0,stroke:#64748b,color:#111111',
}

/**
 * The waves as a Mermaid flowchart, left to right, one subgraph per wave.
 * Small plans: a node per system and an arrow for each `after` or ordering
 * reason. Large plans: a node per route (from zone -> to zone) in each wave;
 * very large plans: a node per wave. Nodes are coloured by the most protected
 * class they hold.
 */
function mermaid(text: Text, doc: PlanDocument, lim: MarkdownLimits): string[] {
  const {m, f} = text
  const out = ['flowchart LR']
  const waves = doc.waves.slice(0, lim.diagramWaves)
  const shaded = new Map<Shade, string[]>()
  const shade = (node: string, s: Shade) => shaded.set(s, [...(shaded.get(s) ?? []), node])
  const moving = movingCount(doc)

  if (moving <= lim.detailedDiagram) {
    const node = new Map<string, string>()
    for (const w of waves) w.systems.forEach((s) => node.set(s.id, `s${node.size + 1}`))
    for (const w of waves) {
      out.push(`  subgraph w${w.wave}["${label(m.waveTitle(String(w.wave)))}"]`)
      out.push('    direction TB')
      for (const s of w.systems) {
        const to = s.strategy === 'retire' ? m.diagram.retired : s.to
        out.push(`    ${node.get(s.id)}["${label(s.id)}<br/>${label(`${s.from} → ${to}`)}"]`)
        shade(node.get(s.id)!, shadeOf(s.classes))
      }
      out.push('  end')
    }
    chain(out, waves)
    const edges = new Set<string>()
    for (const w of waves) {
      for (const s of w.systems) {
        for (const r of s.reasons) {
          if ((r.code === 'after' || r.code === 'order' || r.code === 'nonprod-first') && r.system && node.has(r.system)) {
            edges.add(`  ${node.get(r.system)} --> ${node.get(s.id)}`)
          }
        }
      }
    }
    appendAll(out, [...edges].sort(naturalEdge))
  } else {
    const groups = waves.map((w) => routeGroups(w.systems))
    const total = groups.reduce((n, g) => n + g.length, 0)
    let n = 0
    for (const [i, w] of waves.entries()) {
      const title = m.waveTitle(String(w.wave))
      if (total > lim.diagramGroups) {
        const node = `g${++n}`
        out.push(`  ${node}["${label(title)}<br/>${label(`${f.count(w.totals.systems, m.nouns.system)} · ${f.gb(w.totals.storageGb)} ${m.table.gb}`)}"]`)
        shade(node, shadeOf(w.totals.sensitive))
        continue
      }
      out.push(`  subgraph w${w.wave}["${label(title)}"]`)
      out.push('    direction TB')
      for (const g of groups[i]) {
        const node = `g${++n}`
        const to = g.to === '' ? m.diagram.retired : g.to
        out.push(`    ${node}["${label(`${g.from} → ${to}`)}<br/>${label(`${f.count(g.systems, m.nouns.system)} · ${f.gb(g.gb)} ${m.table.gb}`)}"]`)
        shade(node, shadeOf(g.classes))
      }
      out.push('  end')
    }
    if (total > lim.diagramGroups) for (let i = 1; i < n; i++) out.push(`  g${i} --> g${i + 1}`)
    else chain(out, waves)
  }
  for (const s of SHADES) out.push(`  classDef ${s} ${MERMAID_STYLE[s]}`)
  for (const s of SHADES) if (shaded.has(s)) out.push(`  class ${shaded.get(s)!.join(',')} ${s}`)
  return out
}

function chain(out: string[], waves: readonly {wave: number}[]): void {
  for (let i = 1; i < waves.length; i++) out.push(`  w${waves[i - 1].wave} --> w${waves[i].wave}`)
}

const naturalEdge = (a: string, b: string) => {
  const [x, y] = [a.match(/\d+/g)!.map(Number), b.match(/\d+/g)!.map(Number)]
  return x[0] - y[0] || x[1] - y[1]
}

export interface RouteGroup {
  from: string
  to: string
  systems: number
  gb: number
  classes: PlannedSystem['classes']
}

/** A wave's systems grouped by route (from zone -> to zone; '' for retired), in route order. */
export function routeGroups(systems: readonly PlannedSystem[]): RouteGroup[] {
  const groups = new Map<string, RouteGroup>()
  for (const s of systems) {
    const to = s.strategy === 'retire' ? '' : s.to
    const key = `${s.from}\u0000${to}`
    const g = groups.get(key) ?? {from: s.from, to, systems: 0, gb: 0, classes: []}
    g.systems++
    g.gb += s.strategy === 'retire' ? 0 : s.storageGb
    for (const c of s.classes) if (!g.classes.includes(c)) g.classes.push(c)
    groups.set(key, g)
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => ({...g, gb: Math.round(g.gb * 1000) / 1000}))
}

/** Text inside a quoted Mermaid label: quotes and angle brackets as entities. */
function label(text: string): string {
  return text.replace(/[\u0001\u0002]/g, '').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/[\r\n]+/g, ' ')
}

// ---------------------------------------------------------------- Markdown

/** Plain text in Markdown: characters that would format escaped, line breaks as spaces. */
export function esc(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ')
}

/** An inline code span that survives a table cell (| escaped) and backticks inside. */
export function code(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|')
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${clean}${pad}${fence}`
}

/** A sentence with marked ids: ids and `...` as code, the rest escaped. */
function inline(text: string): string {
  return inlinePieces(text).map((p) => (p.code ? code(p.text) : esc(p.text))).join('')
}

function classCell({m, f}: Text, classes: PlannedSystem['classes']): string {
  return classes.length === 0 ? m.dash : esc(f.classes(classes))
}

function table(line: (s?: string) => void, header: readonly string[], rows: readonly (readonly string[])[]): void {
  line(`| ${header.map(esc).join(' | ')} |`)
  line(`|${header.map(() => '---').join('|')}|`)
  for (const row of rows) line(`| ${row.join(' | ')} |`)
}

function more({m, f}: Text, line: (s?: string) => void, shown: number, total: number, file: string): void {
  if (shown >= total) return
  line()
  line(esc(m.shownOf(f.number(shown), f.number(total), file)))
}

