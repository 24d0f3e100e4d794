/**
 * The inventory digest: SHA-256 over the canonical content of the model, not
 * over file bytes. Row order, line numbers, quoting, line ends and a BOM do not
 * change it; a changed value does.
 *
 * Records are hashed in an order of their own, not the file's: by the 32-bit
 * FNV-1a hash of their key (over its UTF-16 code units), then by key. Putting
 * a million records in that order is a sort of numbers, where sorting by the
 * key itself compares a million strings twenty times each. Files and a database snapshot of the same
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

/** Columns kosh does not know, as `[["name","value"],...]` sorted by name; '' when there are none. */
const extra = (e: Record<string, string>) => {
  const keys = Object.keys(e)
  if (keys.length === 0) return ''
  if (keys.length > 1) keys.sort()
  let text = '['
  for (let i = 0; i < keys.length; i++) text += (i === 0 ? '[' : ',[') + JSON.stringify(keys[i]) + ',' + JSON.stringify(e[keys[i]]) + ']'
  return text + ']'
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
  for (const i of canonicalOrder(rows.map(key), (i) => line(rows[i]))) emit(line(rows[i]))
}

/** FNV-1a over the UTF-16 code units of `text`, as an unsigned 32-bit number. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5 | 0
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return hash >>> 0
}

/** Rows whose index fits beside a 32-bit hash in a double's 53-bit integer. */
const INDEX_BITS = 21
const INDEX_SPAN = 2 ** INDEX_BITS

/**
 * Row indexes by (hash of key, key); rows with equal keys (only in an invalid
 * inventory) by their canonical line. Each (hash, index) pair is packed into
 * one double so that a native numeric sort does the work; records that share
 * a hash (a few pairs in a million) are put in key order afterwards.
 */
function canonicalOrder(keys: string[], lineOf: (i: number) => string): Int32Array {
  const n = keys.length
  const order = new Int32Array(n)
  const hashes = new Float64Array(n)
  for (let i = 0; i < n; i++) hashes[i] = fnv1a(keys[i])
  if (n <= INDEX_SPAN) {
    const packed = new Float64Array(n)
    for (let i = 0; i < n; i++) packed[i] = hashes[i] * INDEX_SPAN + i
    packed.sort()
    for (let i = 0; i < n; i++) order[i] = packed[i] % INDEX_SPAN
  } else {
    const indexes = Array.from({length: n}, (_, i) => i)
    indexes.sort((a, b) => hashes[a] - hashes[b] || a - b)
    order.set(indexes)
  }
  const byKey = (a: number, b: number) => compare(keys[a], keys[b]) || compare(lineOf(a), lineOf(b))
  for (let start = 0; start < n; ) {
    let end = start + 1
    while (end < n && hashes[order[end]] === hashes[order[start]]) end++
    if (end - start > 1) order.set(Array.from(order.subarray(start, end)).sort(byKey), start)
    start = end
  }
  return order
}

/** The canonical form of an inventory: per file, its records as canonical lines, in canonical order. */
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
