/**
 * plan.html: the plan as one self-contained page, for reviewers offline.
 *
 * Rendered from the plan document only. Styles are inline, fonts are the
 * system's own, pictures are inline SVG and there is no script; a Content
 * Security Policy of `default-src 'none'` makes sure the page can never fetch
 * anything. Two pictures: the wave timeline, and zones x waves (how many
 * systems leave each zone in each wave, coloured by the most protected class
 * they hold, beside what each zone holds today and at the end). Lists are cut
 * like plan.md's, so a plan of 100 000 systems still opens quickly; @media
 * print gives a clean A4 copy.
 */
import {findingCounts, findingRows, type PlanDocument, type PlannedSystem, type WaveRecord} from './plan-document.js'
import {
  findingPlace, findingText, inlinePieces, movingCount, reasonsText, ruleLabel, shadeName, shadeOf, SHADES, stateName, waiversOf, waveDates,
  type Shade,
} from './i18n/describe.js'
import {textFor, type Lang, type Text} from './i18n/index.js'
import {inventoryCounts, MARKDOWN_LIMITS, optionItems, planItems, type MarkdownLimits} from './markdown.js'
import type {DataClass} from '../model/inventory.js'

export interface HtmlLimits extends MarkdownLimits {
  /** The timeline draws at most this many rows; more waves are grouped into ranges. */
  timelineRows: number
  /** The zones x waves picture: at most this many wave columns (ranges beyond) ... */
  graphColumns: number
  /** ... and this many zone rows (the rest as one row). */
  graphRows: number
}

export const HTML_LIMITS: HtmlLimits = {...MARKDOWN_LIMITS, timelineRows: 40, graphColumns: 20, graphRows: 30}

const COLOUR: Record<Shade, {fill: string; stroke: string}> = {
  bank_secret: {fill: '#dc2626', stroke: '#991b1b'},
  health: {fill: '#9333ea', stroke: '#6b21a8'},
  personal: {fill: '#ea580c', stroke: '#9a3412'},
  none: {fill: '#94a3b8', stroke: '#475569'},
}

export function renderHtml(doc: PlanDocument, lang: Lang = 'en', limits: Partial<HtmlLimits> = {}): string {
  const text = textFor(lang)
  const {m, f} = text
  const lim = {...HTML_LIMITS, ...limits}
  const moving = movingCount(doc)
  const status = !doc.feasible ? m.status.infeasible : doc.verification.valid ? m.status.valid : m.status.invalid
  const statusClass = doc.feasible && doc.verification.valid ? 'ok' : 'bad'
  const waivers = waiversOf(doc)
  const sections: {id: string; title: string; body: string}[] = []
  const add = (id: string, title: string, body: string) => sections.push({id, title, body})

  // Summary
  const count = findingCounts(doc)
  const summary: [string, string][] = [
    ...planItems(text, doc).map(([label, value]) => [label, esc(value)] as [string, string]),
    [m.present.heading, doc.feasible ? esc(m.summary.presentValue(f.number(count.present), f.number(count.removed))) : f.number(count.present)],
    ...(count.introduced > 0 ? [[m.summary.introduced, f.number(count.introduced)] as [string, string]] : []),
    ...(count.final > 0 ? [[m.summary.finalViolations, f.number(count.final)] as [string, string]] : []),
    [m.summary.findings, f.number(count.findings)],
    ...optionItems(text, doc).map(([label, value]) => [label, esc(value)] as [string, string]),
    [m.summary.inventory, `${esc(doc.inventory.name)} (${esc(inventoryCounts(text, doc))})`],
  ]
  add('summary', m.glossary.summary, `<dl class="summary">${summary.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`)

  if (!doc.feasible) {
    const items = doc.infeasible.map((item) => {
      const systems = item.kind === 'after-cycle' && item.systems.length > 1 ? [...item.systems, item.systems[0]] : item.systems
      const list = item.kind === 'after-cycle' ? `<ol class="cycle">${systems.map((s) => `<li><code>${esc(s)}</code></li>`).join('')}</ol>` : ` ${systems.map((s) => `<code>${esc(s)}</code>`).join(', ')}`
      return `<li><p>${inline(m.infeasibility[item.kind])}</p>${item.finding ? `<p>${inline(findingText(text, item.finding))}</p>` : ''}`
        + `<p><strong>${esc(m.infeasible.systems)}:</strong>${list}</p><p><strong>${esc(m.infeasible.source)}:</strong> <code>${esc(`${item.file}:${item.line}`)}</code></p></li>`
    })
    add('infeasible', m.infeasible.heading, `<p>${esc(m.infeasible.intro)}</p><ol class="infeasible">${items.join('')}</ol>`)
  }

  if (doc.waves.length > 0) {
    add('timeline', m.html.timeline, `<p class="note">${esc(m.html.timelineIntro)}</p>${timeline(text, doc, lim)}${legend(text)}`)
    add('graph', m.html.graph, `<p class="note">${esc(m.html.graphIntro)} ${esc(m.html.chips)}</p>${zonesByWaves(text, doc, lim)}${legend(text)}`)
  }

  // Restricted data by zone
  const zones = doc.sensitivity.filter((z) => z.today.length > 0 || z.final.length > 0)
  add('sensitivity', m.sensitivity.heading, `<p>${esc(m.sensitivity.intro)}</p>` + (zones.length === 0 ? `<p>${esc(m.none)}</p>`
    : table([m.glossary.zone, m.glossary.current_state, m.glossary.final_state], zones.slice(0, lim.rows).map((z) => [esc(z.zone), classCell(text, z.today), classCell(text, z.final)]))
      + more(text, zones.length, lim.rows, 'plan.json')))

  // Violations present today
  const present = doc.verification.present
  add('present', m.present.heading, `<p>${esc(m.present.intro)}</p>` + (count.present === 0 ? `<p>${esc(m.none)}</p>`
    : table([m.table.rule, m.table.subject, m.table.classes, m.table.zone, m.glossary.removed_in_wave, m.table.waiver], findingRows(present, lim.rows).map((p) => [
      esc(ruleLabel(text, p.rule)), `<code>${esc(p.subject)}</code>`, classCell(text, p.classes), esc(findingPlace(p)),
      p.removedInWave === undefined ? `<strong>${esc(m.present.notRemoved)}</strong>` : String(p.removedInWave),
      p.waiver ? esc(m.present.waivedUntil(f.date(p.waiver.expires))) : m.dash,
    ])) + more(text, count.present, lim.rows, 'plan.json')))

  // Waves (an infeasible plan has none, and says why above)
  let waves = ''
  if (doc.waves.length === 0) waves = `<p>${esc(m.waves.empty)}</p>`
  else {
    const withDates = doc.waves.some((w) => w.dates)
    waves += `<p>${esc(m.waves.overview)}</p>`
    waves += table([m.glossary.wave, ...(withDates ? [m.table.dates] : []), m.glossary.systems, m.glossary.storage_gb, m.table.sensitive, m.table.sourceZones, m.table.removes],
      doc.waves.slice(0, lim.rows).map((w) => [
        w.wave <= lim.detailedWaves ? `<a href="#wave-${w.wave}">${String(w.wave)}</a>` : String(w.wave), ...(withDates ? [esc(waveDates(text, w.dates))] : []),
        f.number(w.totals.systems), f.gb(w.totals.storageGb), classCell(text, w.totals.sensitive), esc(w.totals.zones.join(', ')), w.removes ? f.number(w.removes) : m.dash,
      ]), 'numbers') + more(text, doc.waves.length, lim.rows, 'plan.json')
    const detailed = doc.waves.slice(0, lim.detailedWaves)
    const perWave = moving <= lim.listAll ? Infinity : Math.max(lim.listPerWaveMin, Math.floor(lim.listBudget / detailed.length))
    for (const w of detailed) waves += waveSection(text, w, perWave)
    waves += more(text, doc.waves.length, detailed.length, 'waves.csv')
  }
  if (doc.feasible) add('waves', m.waves.heading, waves)

  if (doc.retained.length > 0) {
    add('retained', m.retained.heading, `<p>${esc(m.retained.intro)}</p>`
      + table([m.table.system, m.table.name, m.glossary.owner, m.glossary.zone, m.table.classes], doc.retained.slice(0, lim.rows).map((s) => [
        `<code>${esc(s.id)}</code>`, esc(s.name), esc(s.owner), esc(s.zone), classCell(text, s.classes),
      ])) + more(text, doc.retained.length, lim.rows, 'waves.csv'))
  }

  add('findings', m.findings.heading, `<p>${esc(m.findings.intro)}</p>` + (count.findings === 0 ? `<p>${esc(m.none)}</p>`
    : table([m.table.rule, m.table.subject, m.table.description, m.table.source, m.table.waiver], findingRows(doc.findings, lim.rows).map((x) => [
      esc(ruleLabel(text, x.rule)), `<code>${esc(x.subject)}</code>`, inline(findingText(text, x)), `<code>${esc(`${x.file}:${x.line}`)}</code>`,
      x.waiver ? esc(m.present.waivedUntil(f.date(x.waiver.expires))) : m.dash,
    ])) + more(text, count.findings, lim.rows, 'plan.json')))

  if (waivers.length > 0) {
    add('waivers', m.waivers.heading, `<p>${esc(m.waivers.intro)}</p>`
      + table([m.table.rule, m.table.subject, m.glossary.owner, m.table.expires, m.table.justification, m.table.source], waivers.slice(0, lim.rows).map((w) => [
        esc(ruleLabel(text, w.rule)), `<code>${esc(w.subject)}</code>`, esc(w.waiver.owner), esc(f.date(w.waiver.expires)), esc(w.waiver.justification), `<code>waivers.csv:${w.waiver.line}</code>`,
      ])) + more(text, waivers.length, lim.rows, 'plan.json'))
  }

  // Every state
  const withUntil = doc.verification.states.some((s) => s.until)
  let states = `<p>${esc(m.states.intro)}</p>` + table([m.table.state, ...(withUntil ? [m.table.lastDay] : []), m.table.violations, m.table.introduced, m.table.removed],
    doc.verification.states.slice(0, lim.rows).map((s) => [
      esc(stateName(text, doc, s.state)), ...(withUntil ? [s.until && s.until !== '9999-12-31' ? esc(f.date(s.until)) : m.dash] : []),
      f.number(s.violations), s.introduced ? `<strong>${f.number(s.introduced)}</strong>` : '0', f.number(s.removed),
    ]), 'numbers') + more(text, doc.verification.states.length, lim.rows, 'plan.json')
  // Without a plan every system is "not in any wave": say it once, above, not per system.
  if (doc.feasible && doc.verification.conditions.length > 0) {
    states += `<h3>${esc(m.states.conditions)}</h3>` + table([m.table.condition, m.table.subject, m.table.source], doc.verification.conditions.slice(0, lim.rows).map((c) => [
      inline(m.condition[c.condition]), `<code>${esc(c.subject)}</code>`, `<code>${esc(`${c.file}:${c.line}`)}</code>`,
    ])) + more(text, doc.verification.conditions.length, lim.rows, 'plan.json')
  }
  for (const [heading, list, total] of [[m.states.introducedHeading, doc.verification.introduced, count.introduced], [m.states.finalHeading, doc.verification.final, count.final]] as const) {
    if (total === 0) continue
    states += `<h3>${esc(heading)}</h3>` + table([m.table.state, m.table.rule, m.table.description, m.table.source], findingRows(list, lim.rows).map((x) => [
      x.state === undefined ? m.dash : `S${x.state}`, esc(ruleLabel(text, x.rule)), inline(findingText(text, x)), `<code>${esc(`${x.file}:${x.line}`)}</code>`,
    ])) + more(text, total, lim.rows, 'plan.json')
  }
  add('states', m.states.heading, states)

  add('integrity', m.integrity.heading, `<dl class="summary">${[
    [m.integrity.format, `<code>${esc(doc.format)}</code>`],
    [m.glossary.generated_from, esc(doc.inventory.name)],
    [m.integrity.inventoryDigest, `<code class="digest">${esc(doc.inventory.digest)}</code>`],
    [m.integrity.planDigest, `<code class="digest">${esc(doc.digest)}</code>`],
  ].map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl><p class="note">${esc(m.integrity.note)}</p>`)

  return `<!DOCTYPE html>
<html lang="${m.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="kosh ${esc(doc.format)}">
<title>${esc(m.title(doc.inventory.name))}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(m.title(doc.inventory.name))}</h1>
<p class="subtitle">${esc(m.subtitle)}</p>
<p class="status ${statusClass}">${esc(status)}</p>
</header>
<nav aria-label="${esc(m.contents)}"><h2>${esc(m.contents)}</h2><ol>${sections.map((s) => `<li><a href="#${s.id}">${esc(s.title)}</a></li>`).join('')}</ol></nav>
<main>
${sections.map((s) => `<section id="${s.id}">\n<h2>${esc(s.title)}</h2>\n${s.body}\n</section>`).join('\n')}
</main>
</body>
</html>
`
}

function waveSection(text: Text, w: WaveRecord, perWave: number): string {
  const {m, f} = text
  const facts = [
    ...(w.dates ? [esc(waveDates(text, w.dates))] : []),
    esc(f.count(w.totals.systems, m.nouns.system)),
    `${f.gb(w.totals.storageGb)} ${esc(m.table.gb)}`,
    `${esc(m.table.sourceZones)}: ${esc(w.totals.zones.join(', '))}`,
    ...(w.removes ? [`${esc(m.table.removes)}: ${f.number(w.removes)}`] : []),
  ]
  const shown = w.systems.slice(0, perWave)
  const rows = shown.map((s) => systemRow(text, s))
  return `<section class="wave" id="wave-${w.wave}">
<h3><span class="swatch ${shadeOf(w.totals.sensitive)}"></span>${esc(m.waveTitle(String(w.wave)))}</h3>
<p class="facts">${facts.join(' · ')}</p>
<p class="facts">${esc(m.table.sensitive)}: ${classCell(text, w.totals.sensitive)}</p>
${table([m.table.system, m.table.name, m.glossary.owner, m.table.route, m.table.strategy, m.table.classes, m.table.gb, m.glossary.reason], rows, 'systems')}
${shown.length < w.systems.length ? `<p class="note">${esc(m.shownOfWave(f.number(shown.length), f.number(w.systems.length)))}</p>` : ''}
</section>`
}

function systemRow(text: Text, s: PlannedSystem): string[] {
  const {m, f} = text
  const to = s.strategy === 'retire' ? m.dash : s.to
  return [`<code>${esc(s.id)}</code>`, esc(s.name), esc(s.owner), esc(`${s.from} → ${to}`), esc(m.strategyName(s.strategy)), classCell(text, s.classes), f.gb(s.storageGb), inline(reasonsText(text, s.reasons))]
}

// ---------------------------------------------------------------- pictures

interface Bucket {
  label: string
  from: number
  to: number
  systems: number
  gb: number
  sensitive: DataClass[]
  start?: string
  end?: string
}

/** Waves as columns or rows: one each, or ranges of consecutive waves when there are more than `max`. */
function buckets(text: Text, waves: readonly WaveRecord[], max: number): Bucket[] {
  const {m, f} = text
  const size = Math.max(1, Math.ceil(waves.length / max))
  const out: Bucket[] = []
  for (let i = 0; i < waves.length; i += size) {
    const part = waves.slice(i, i + size)
    const [first, last] = [part[0], part[part.length - 1]]
    const sensitive = new Set<DataClass>()
    for (const w of part) for (const c of w.totals.sensitive) sensitive.add(c)
    out.push({
      label: part.length === 1 ? m.waveTitle(String(first.wave)) : m.html.waveRange(String(first.wave), String(last.wave)),
      from: first.wave, to: last.wave,
      systems: part.reduce((n, w) => n + w.totals.systems, 0),
      gb: part.reduce((n, w) => n + w.totals.storageGb, 0),
      sensitive: [...sensitive],
      start: first.dates?.start, end: last.dates?.end,
    })
  }
  return out
}

const DAY = 86_400_000
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY

/** The wave timeline: a bar per wave (or range of waves) along the dates, or one step each without dates. */
function timeline(text: Text, doc: PlanDocument, lim: HtmlLimits): string {
  const {m, f} = text
  const rows = buckets(text, doc.waves, lim.timelineRows)
  const dated = rows.every((r) => r.start && r.end)
  const [W, labelW, infoW, rowH, top] = [1000, 150, 330, 34, 8]
  const barX = labelW
  const barW = W - labelW - infoW - 10
  const first = dated ? day(rows[0].start!) : 0
  const last = dated ? day(rows[rows.length - 1].end!) + 1 : rows.length
  const scale = barW / Math.max(1, last - first)
  const H = top + rows.length * rowH + 6
  const parts: string[] = []
  rows.forEach((r, i) => {
    const y = top + i * rowH
    const x0 = dated ? barX + (day(r.start!) - first) * scale : barX + i * scale
    const x1 = dated ? barX + (day(r.end!) + 1 - first) * scale : barX + (i + 1) * scale
    const shade = shadeOf(r.sensitive)
    const info = `${f.count(r.systems, m.nouns.system)} · ${f.gb(r.gb)} ${m.table.gb}`
    const when = dated ? m.dateRange(f.date(r.start!), f.date(r.end!)) : ''
    parts.push(`<g><title>${esc(`${r.label}: ${info}${when ? ` · ${when}` : ''}`)}</title>`
      + (i % 2 === 0 ? `<rect x="0" y="${y}" width="${W}" height="${rowH}" class="band"/>` : '')
      + `<text x="8" y="${y + rowH / 2 + 5}" class="label">${esc(r.label)}</text>`
      + `<rect x="${x0.toFixed(1)}" y="${y + 7}" width="${Math.max(3, x1 - x0 - 2).toFixed(1)}" height="${rowH - 14}" rx="3" fill="${COLOUR[shade].fill}" stroke="${COLOUR[shade].stroke}"/>`
      + `<text x="${W - infoW}" y="${y + (dated ? 14 : rowH / 2 + 5)}" class="info">${esc(info)}</text>`
      + (dated ? `<text x="${W - infoW}" y="${y + 28}" class="when">${esc(when)}</text>` : '')
      + '</g>')
  })
  return `<figure class="picture"><svg role="img" aria-label="${esc(m.html.timeline)}" viewBox="0 0 ${W} ${H}" width="100%" preserveAspectRatio="xMinYMin meet">${parts.join('')}</svg></figure>`
}

/**
 * Zones x waves: a row per zone, a column per wave (or range), the count of
 * systems leaving the zone in that wave coloured by the most protected class
 * they hold; left and right, the restricted classes the zone holds today and
 * at the end.
 */
function zonesByWaves(text: Text, doc: PlanDocument, lim: HtmlLimits): string {
  const {m, f} = text
  const cols = buckets(text, doc.waves, lim.graphColumns)
  const colOf = new Map<number, number>()
  cols.forEach((c, i) => {
    for (let w = c.from; w <= c.to; w++) colOf.set(w, i)
  })
  interface Cell {systems: number; gb: number; classes: Set<DataClass>}
  const cells = new Map<string, Cell[]>()
  const rowOf = (zone: string) => {
    let row = cells.get(zone)
    if (!row) cells.set(zone, (row = cols.map(() => ({systems: 0, gb: 0, classes: new Set<DataClass>()}))))
    return row
  }
  for (const w of doc.waves) {
    for (const s of w.systems) {
      const cell = rowOf(s.from)[colOf.get(w.wave)!]
      cell.systems++
      cell.gb += s.strategy === 'retire' ? 0 : s.storageGb
      for (const c of s.classes) cell.classes.add(c)
    }
  }
  const sensitivity = new Map(doc.sensitivity.map((z) => [z.zone, z]))
  // Zones that send systems or hold restricted data, in the plan's zone order; the busiest first when there are too many.
  let zones = doc.sensitivity.map((z) => z.zone).filter((z) => cells.has(z) || sensitivity.get(z)!.today.length > 0 || sensitivity.get(z)!.final.length > 0)
  for (const z of cells.keys()) if (!zones.includes(z)) zones.push(z)
  let other: {today: DataClass[]; final: DataClass[]; cells: Cell[]} | undefined
  if (zones.length > lim.graphRows) {
    // Destinations stay (where the data go), then the zones most systems leave.
    const destinations = new Set(doc.waves.flatMap((w) => w.systems.map((s) => s.to)))
    const weight = (z: string) => (destinations.has(z) ? Number.MAX_SAFE_INTEGER : (cells.get(z) ?? []).reduce((n, c) => n + c.systems, 0))
    const keep = new Set([...zones].sort((a, b) => weight(b) - weight(a) || (a < b ? -1 : 1)).slice(0, lim.graphRows - 1))
    const rest = zones.filter((z) => !keep.has(z))
    zones = zones.filter((z) => keep.has(z))
    other = {today: [], final: [], cells: cols.map(() => ({systems: 0, gb: 0, classes: new Set<DataClass>()}))}
    for (const z of rest) {
      const s = sensitivity.get(z)
      for (const c of s?.today ?? []) if (!other.today.includes(c)) other.today.push(c)
      for (const c of s?.final ?? []) if (!other.final.includes(c)) other.final.push(c)
      ;(cells.get(z) ?? []).forEach((cell, i) => {
        other!.cells[i].systems += cell.systems
        other!.cells[i].gb += cell.gb
        for (const c of cell.classes) other!.cells[i].classes.add(c)
      })
    }
  }
  const rows = zones.map((z) => ({zone: z, today: sensitivity.get(z)?.today ?? [], final: sensitivity.get(z)?.final ?? [], cells: cells.get(z) ?? cols.map(() => ({systems: 0, gb: 0, classes: new Set<DataClass>()}))}))
  if (other) rows.push({zone: m.html.otherZones, ...other})

  const [labelW, chipsW, headH, rowH] = [170, 84, 44, 30]
  const ranges = cols.some((c) => c.from !== c.to)
  const cellW = Math.max(ranges ? 50 : 38, Math.min(72, Math.floor(640 / cols.length)))
  const W = labelW + chipsW + cols.length * cellW + chipsW + 8
  const H = headH + rows.length * rowH + 4
  const gridX = labelW + chipsW
  const parts: string[] = []
  parts.push(`<text x="${labelW + chipsW / 2}" y="${headH - 12}" class="head" text-anchor="middle">${esc(m.html.today)}</text>`)
  parts.push(`<text x="${gridX + cols.length * cellW + chipsW / 2}" y="${headH - 12}" class="head" text-anchor="middle">${esc(m.html.final)}</text>`)
  cols.forEach((c, i) => {
    const label = c.from === c.to ? String(c.from) : `${String(c.from)}–${String(c.to)}`
    parts.push(`<text x="${gridX + i * cellW + cellW / 2}" y="${headH - 12}" class="head" text-anchor="middle"><title>${esc(c.label)}</title>${esc(label)}</text>`)
  })
  parts.push(`<text x="${gridX + (cols.length * cellW) / 2}" y="12" class="axis" text-anchor="middle">${esc(m.glossary.wave)} →</text>`)
  rows.forEach((r, i) => {
    const y = headH + i * rowH
    if (i % 2 === 0) parts.push(`<rect x="0" y="${y}" width="${W}" height="${rowH}" class="band"/>`)
    parts.push(`<text x="8" y="${y + rowH / 2 + 5}" class="label">${esc(clip(r.zone, 22))}<title>${esc(r.zone)}</title></text>`)
    parts.push(chips(text, labelW + 8, y + 8, r.today))
    parts.push(chips(text, gridX + cols.length * cellW + 8, y + 8, r.final))
    r.cells.forEach((cell, j) => {
      const x = gridX + j * cellW
      if (cell.systems === 0) {
        parts.push(`<rect x="${x + 2}" y="${y + 3}" width="${cellW - 4}" height="${rowH - 6}" rx="3" class="empty"/>`)
        return
      }
      const classes = [...cell.classes]
      const shade = shadeOf(classes)
      const tip = `${r.zone} · ${cols[j].label}: ${f.count(cell.systems, m.nouns.system)}, ${f.gb(cell.gb)} ${m.table.gb}${classes.length ? ` · ${f.classes(sortClasses(classes))}` : ''}`
      parts.push(`<g><title>${esc(tip)}</title><rect x="${x + 2}" y="${y + 3}" width="${cellW - 4}" height="${rowH - 6}" rx="3" fill="${COLOUR[shade].fill}" stroke="${COLOUR[shade].stroke}"/>`
        + `<text x="${x + cellW / 2}" y="${y + rowH / 2 + 5}" text-anchor="middle" class="count${shade === 'none' ? '' : ' on-dark'}">${esc(compact(f, cell.systems))}</text></g>`)
    })
  })
  return `<figure class="picture"><svg role="img" aria-label="${esc(m.html.graph)}" viewBox="0 0 ${W} ${H}" width="100%" style="max-width:${W * 1.25}px" preserveAspectRatio="xMinYMin meet">${parts.join('')}</svg></figure>`
}

/** Three squares: personal, health, bank secret, filled when the zone holds them. */
function chips(text: Text, x: number, y: number, classes: readonly DataClass[]): string {
  const order: Shade[] = ['personal', 'health', 'bank_secret']
  return order.map((c, i) => {
    const on = classes.includes(c as DataClass)
    return `<rect x="${x + i * 22}" y="${y}" width="16" height="14" rx="2" ${on ? `fill="${COLOUR[c].fill}" stroke="${COLOUR[c].stroke}"` : 'class="off"'}><title>${esc(shadeName(text, c))}</title></rect>`
  }).join('')
}

function legend(text: Text): string {
  return `<ul class="legend">${SHADES.map((s) => `<li><span class="swatch ${s}"></span>${esc(shadeName(text, s))}</li>`).join('')}</ul>`
}

const CLASS_ORDER: DataClass[] = ['public', 'internal', 'personal', 'health', 'bank_secret']
const sortClasses = (list: DataClass[]) => [...list].sort((a, b) => CLASS_ORDER.indexOf(a) - CLASS_ORDER.indexOf(b))

function compact(f: Text['f'], n: number): string {
  if (n < 10_000) return f.number(n)
  return `${f.number(Math.round(n / 1000))}k`
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`
}

// ---------------------------------------------------------------- HTML

export function esc(s: string): string {
  return s.replace(/[\u0001\u0002]/g, '').replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]!)
}

/** A sentence with marked ids: ids and `...` as <code>, the rest escaped. */
function inline(text: string): string {
  return inlinePieces(text).map((p) => (p.code ? `<code>${esc(p.text)}</code>` : esc(p.text))).join('')
}

function classCell({m, f}: Text, classes: readonly DataClass[]): string {
  if (classes.length === 0) return m.dash
  return `<span class="swatch ${shadeOf(classes)}"></span>${esc(f.classes(classes))}`
}

function table(header: readonly string[], rows: readonly (readonly string[])[], kind = ''): string {
  return `<div class="scroll"><table${kind ? ` class="${kind}"` : ''}><thead><tr>${header.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>`
    + rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')
    + '</tbody></table></div>'
}

function more({m, f}: Text, total: number, max: number, file: string): string {
  return total > max ? `<p class="note">${esc(m.shownOf(f.number(max), f.number(total), file))}</p>` : ''
}

const STYLE = `
:root{--ink:#0f172a;--muted:#475569;--line:#cbd5e1;--band:#f1f5f9;--ok:#166534;--bad:#b91c1c;
--bank_secret:${COLOUR.bank_secret.fill};--health:${COLOUR.health.fill};--personal:${COLOUR.personal.fill};--none:${COLOUR.none.fill}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--ink);background:#fff;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif}
header,main,nav{max-width:1280px;margin:0 auto;padding:0 24px}
header{padding-top:24px}
h1{font-size:1.7rem;margin:0 0 4px}
h2{font-size:1.3rem;margin:32px 0 8px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:1.1rem;margin:24px 0 4px}
.subtitle{color:var(--muted);margin:0 0 12px}
.status{display:inline-block;font-weight:600;padding:4px 12px;border-radius:4px;color:#fff;margin:0}
.status.ok{background:var(--ok)}.status.bad{background:var(--bad)}
nav h2{font-size:1rem;border:0;margin:20px 0 4px}
nav ol{margin:0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:4px 16px}
a{color:#1d4ed8}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"Liberation Mono",monospace;font-size:.88em;background:var(--band);padding:0 3px;border-radius:3px;overflow-wrap:break-word}
code.digest{font-size:.8em}
dl.summary{display:grid;grid-template-columns:minmax(180px,max-content) 1fr;gap:4px 16px;margin:8px 0}
dl.summary dt{font-weight:600;color:var(--muted)}dl.summary dd{margin:0}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:.9rem}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:break-word}
td:first-child code{white-space:nowrap}
th{background:var(--band);font-weight:600}
tbody tr:nth-child(even){background:#f8fafc}
table.numbers td:not(:first-child){font-variant-numeric:tabular-nums}
table.systems td:nth-child(7){text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.systems td:nth-child(8){width:34%}
table.systems td:nth-child(4){white-space:nowrap}
.facts{margin:2px 0;color:var(--muted)}
.note{color:var(--muted);font-size:.9rem}
.swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.35em;vertical-align:-.05em;border:1px solid rgba(0,0,0,.35)}
.swatch.bank_secret{background:var(--bank_secret)}.swatch.health{background:var(--health)}.swatch.personal{background:var(--personal)}.swatch.none{background:var(--none)}
.legend{list-style:none;padding:0;margin:4px 0 0;display:flex;flex-wrap:wrap;gap:4px 20px;font-size:.9rem}
figure.picture{margin:8px 0;overflow-x:auto}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif;fill:var(--ink)}
svg .label{font-size:13px;font-weight:600}
svg .info{font-size:13px}
svg .when{font-size:11px;fill:var(--muted)}
svg .head{font-size:12px;font-weight:600}
svg .axis{font-size:11px;fill:var(--muted)}
svg .count{font-size:12px;font-weight:700}
svg text.on-dark{fill:#fff}
svg .band{fill:#f8fafc}
svg .empty{fill:#fff;stroke:#e2e8f0}
svg .off{fill:#fff;stroke:#cbd5e1}
ol.cycle{margin:4px 0}
section.wave{border-left:4px solid var(--line);padding-left:12px;margin-top:20px}
@media (max-width:720px){dl.summary{grid-template-columns:1fr}header,main,nav{padding:0 12px}}
@media print{
@page{size:A4 landscape;margin:12mm}
body{font-size:10pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}
header,main{max-width:none;padding:0}
nav{display:none}
a{color:inherit;text-decoration:none}
h2{break-after:avoid;page-break-after:avoid}
h3{break-after:avoid;page-break-after:avoid}
figure.picture,tr,dl.summary{break-inside:avoid;page-break-inside:avoid}
section#timeline,section#graph{break-inside:avoid}
.scroll,figure.picture{overflow:visible}
thead{display:table-header-group}
table{font-size:8.5pt}
}
`
