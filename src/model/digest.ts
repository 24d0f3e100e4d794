/**
 * The inventory digest: SHA-256 over the canonical content of the model, not
 * over file bytes. Row order, line numbers, quoting, line ends and a BOM do not
 * change it; a changed value does. Files and a database snapshot of the same
 * inventory therefore give the same digest, and a plan can tell it is stale.
 */
import {createHash} from 'node:crypto'

import type {Inventory} from './inventory.js'

/** A JSON.stringify replacer that writes every object with its keys sorted. */
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  const record = value as Record<string, unknown>
  const sorted: Record<string, unknown> = {}
  for (const key of Object.keys(record).sort()) sorted[key] = record[key]
  return sorted
}

/**
 * Stable JSON: object keys sorted, `undefined` dropped, indented when `indent`
 * is given. Native JSON.stringify does the writing; the replacer only orders keys.
 */
export function canonicalJson(value: unknown, indent = 0): string {
  return JSON.stringify(value, sortedKeys, indent || undefined)
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

const extra = (e: Record<string, string>) => {
  const keys = Object.keys(e)
  return keys.length === 0 ? '' : JSON.stringify(keys.sort().map((k) => [k, e[k]]))
}

/**
 * One canonical line per record: its values in a fixed order, separated by
 * US (0x1f), lists by `;` (line numbers left out). Cells cannot hold 0x1f in a
 * way that matters here: a value with it would still hash differently from one
 * without. The sort key comes first so records sort by it.
 */
const US = '\u001f'
type Kind = 'zones' | 'links' | 'systems' | 'flows' | 'datasets' | 'waivers'

const LINE: {[K in Kind]: (row: Inventory[K][number]) => string} = {
  zones: (z) => [z.id, z.name, z.country, z.role ?? '', z.approvedClasses.join(';'), z.approvedUntil ?? '', extra(z.extra)].join(US),
  links: (l) => [l.zoneA, l.zoneB, l.approvedClasses.join(';'), extra(l.extra)].join(US),
  systems: (s) =>
    [s.id, s.name, s.owner, s.zone, s.targetZone ?? '', s.classes.join(';'), s.storageGb, s.criticality, s.strategy, s.after.join(';'), s.wave ?? '', s.group ?? '', s.environment, extra(s.extra)].join(US),
  // Concatenated rather than joined: a million flows, no array per row.
  flows: (f) =>
    f.id + US + f.source + US + f.target + US + f.classes.join(';') + US + (f.purpose ?? '') + US + (f.legalBasis ?? '') + US + f.coupling + US + extra(f.extra),
  datasets: (d) => [d.system, d.dataset, d.column, d.classes.join(';'), d.evidence, extra(d.extra)].join(US),
  waivers: (w) => [w.rule, w.subject, w.justification, w.owner, w.expires, extra(w.extra)].join(US),
}

/** The sort key of each record: the start of its canonical line. */
const KEY: {[K in Kind]: (row: Inventory[K][number]) => string} = {
  zones: (z) => z.id,
  links: (l) => l.zoneA + US + l.zoneB,
  systems: (s) => s.id,
  flows: (f) => f.id,
  datasets: (d) => d.system + US + d.dataset,
  waivers: (w) => w.rule + US + w.subject,
}

const KINDS: Kind[] = ['datasets', 'flows', 'links', 'systems', 'waivers', 'zones']

/** A file's records as canonical lines, in canonical order, each passed to `emit`. */
function canonicalLines<K extends Kind>(inventory: Inventory, kind: K, emit: (line: string) => void): void {
  const rows = inventory[kind] as Inventory[K][number][]
  const key = KEY[kind] as (row: Inventory[K][number]) => string
  const line = LINE[kind] as (row: Inventory[K][number]) => string
  let ascending = true
  for (let i = 1; i < rows.length && ascending; i++) ascending = key(rows[i - 1]) < key(rows[i])
  if (ascending) {
    // Rows already in strict key order: stream them, nothing to hold or sort.
    for (let i = 0; i < rows.length; i++) emit(line(rows[i]))
    return
  }
  for (const text of rows.map(line).sort(compare)) emit(text)
}

/** The canonical form of an inventory: per file, its records as canonical lines, sorted. */
export function canonicalInventory(inventory: Inventory): Record<Kind, string[]> {
  const out = {} as Record<Kind, string[]>
  for (const kind of KINDS) {
    const lines: string[] = []
    canonicalLines(inventory, kind, (line) => lines.push(line))
    out[kind] = lines
  }
  return out
}

export function inventoryDigest(inventory: Inventory): string {
  const hash = createHash('sha256')
  // Feed the hash in chunks: one native call per row costs more than the hashing.
  let chunk = ''
  const emit = (line: string) => {
    chunk += line + '\n'
    if (chunk.length > 1 << 18) {
      hash.update(chunk)
      chunk = ''
    }
  }
  for (const kind of KINDS) {
    emit(kind)
    canonicalLines(inventory, kind, emit)
  }
  hash.update(chunk)
  return hash.digest('hex')
}
