/**
 * The inventory digest: SHA-256 over the canonical content of the model, not
 * over file bytes. Row order, line numbers, quoting, line ends and a BOM do not
 * change it; a changed value does.
 *
 * Files and a database snapshot of the same inventory therefore give the same
 * digest, and a plan can tell it is stale.
 *
 * Records are hashed in an order of their own, not the file's: by the 32-bit
 * FNV-1a hash of their key (over its UTF-16 code units), then by key
 * (key-order.ts), which is a sort of numbers rather than of strings. Each file
 * is its name on a line, then a line per record: its values in UTF-8,
 * separated by US (0x1f). flows.csv, which reaches a million rows, names
 * its systems by their place in that order of systems.csv (a 32-bit
 * little-endian number) and its classes, legal basis and coupling by a byte,
 * so that what is hashed per flow is mostly its id.
 */
import {createHash} from 'node:crypto'

import {ByteWriter, utf8Write} from '../io/utf8.js'
import {CLASSES, COUPLINGS, LEGAL_BASES, type Flow, type Inventory} from './inventory.js'
import {idOrder, keyOrderWithHashes} from './key-order.js'
import {systemReferences} from './references.js'
import type {FlowEnds} from './flows-digest.js'

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

/** Column names as JSON strings: the same few names on every row. */
const quotedNames = new Map<string, string>()
const quotedName = (name: string) => {
  let quoted = quotedNames.get(name)
  if (quoted === undefined) quotedNames.set(name, (quoted = JSON.stringify(name)))
  return quoted
}

/** Columns kosh does not know, as `[["name","value"],...]` sorted by name; '' when there are none. */
const extra = (e: Record<string, string>) => {
  const keys = Object.keys(e)
  if (keys.length === 0) return ''
  if (keys.length > 1) keys.sort()
  let text = '['
  for (let i = 0; i < keys.length; i++) {
    const value = e[keys[i]]
    text += (i === 0 ? '[' : ',[') + quotedName(keys[i]) + (value === '' ? ',""]' : ',' + JSON.stringify(value) + ']')
  }
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
  // Concatenated rather than joined, and encoded once per system (writeCanonical).
  systems: (s) =>
    s.id + US + s.name + US + s.owner + US + s.zone + US + (s.targetZone ?? '') + US + s.classes.join(';') + US + s.storageGb + US + s.criticality + US +
    s.strategy + US + s.after.join(';') + US + (s.wave ?? '') + US + (s.group ?? '') + US + s.environment + US + extra(s.extra),
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

/**
 * Rows in key order (key-order.ts); rows with equal keys, which only an
 * invalid inventory has, by their canonical line.
 */
function canonicalOrder(keys: string[], lineOf: (i: number) => string, ordered = keyOrderWithHashes(keys)): Int32Array {
  const {order, hashes} = ordered
  for (let start = 0; start < order.length; ) {
    let end = start + 1
    while (end < order.length && hashes[order[end]] === hashes[order[start]] && keys[order[end]] === keys[order[start]]) end++
    if (end - start > 1) order.set(Array.from(order.subarray(start, end)).sort((a, b) => compare(lineOf(a), lineOf(b))), start)
    start = end
  }
  return order
}

/**
 * Every file's records as canonical lines, in canonical order: what is hashed
 * for each file but flows.csv, whose records are hashed in their compact form
 * (`writeFlow`) instead.
 */
export function canonicalInventory(inventory: Inventory): Record<Kind, string[]> {
  const out = {} as Record<Kind, string[]>
  for (const kind of KINDS) {
    const lines: string[] = []
    canonicalLines(inventory, kind, (line) => lines.push(line))
    out[kind] = lines
  }
  return out
}

/** Canonical records into a SHA-256 through one reused buffer, fed to the hash a megabyte at a time. */
class RecordHash {
  private readonly hash = createHash('sha256')
  private readonly buffer = Buffer.allocUnsafe(1 << 20)
  private at = 0

  /** UTF-8 of `value` (a lone surrogate becomes U+FFFD, as in `Buffer.from`). */
  text(value: string): void {
    // At most three UTF-8 bytes per UTF-16 code unit.
    if (this.at + value.length * 3 > this.buffer.length) {
      this.flush()
      if (value.length * 3 > this.buffer.length) {
        this.hash.update(value, 'utf8')
        return
      }
    }
    this.at += utf8Write(this.buffer, value, this.at)
  }

  byte(value: number): void {
    if (this.at === this.buffer.length) this.flush()
    this.buffer[this.at++] = value
  }

  line(text: string): void {
    this.text(text)
    this.byte(NEWLINE)
  }

  /** The bytes `source[start, end)`, copied here. */
  bytes(source: Buffer, start: number, end: number): void {
    if (this.at + (end - start) > this.buffer.length) {
      this.flush()
      if (end - start > this.buffer.length) {
        this.hash.update(source.subarray(start, end))
        return
      }
    }
    this.at += source.copy(this.buffer, this.at, start, end)
  }

  digest(): string {
    this.flush()
    return this.hash.digest('hex')
  }

  private flush(): void {
    this.hash.update(this.buffer.subarray(0, this.at))
    this.at = 0
  }
}

const UNIT = 0x1f
const NEWLINE = 0x0a
/** Stands for a flow end that names no system (an invalid inventory): the id follows as text. */
const NO_SYSTEM = 0xffffffff

/** The bit of each class, in the order of CLASSES. */
const CLASS_BIT = new Map<string, number>(CLASSES.map((c, i) => [c, 1 << i]))

/**
 * A flow: id US, source and target (uint32 place of the system in canonical
 * order, or NO_SYSTEM then the id and US), classes (a byte of CLASS_BIT),
 * purpose US, legal basis and coupling (a byte each: 1 + their place in
 * LEGAL_BASES and COUPLINGS, 0 for none), then each column kosh does not know,
 * by name, as name US value US; then a newline.
 */
function writeFlow(h: ByteWriter, f: Flow, source: number, target: number, masks: Map<readonly string[], number>): void {
  h.text(f.id)
  h.byte(UNIT)
  writeEnd(h, source, f.source)
  writeEnd(h, target, f.target)
  let mask = masks.get(f.classes)
  if (mask === undefined) {
    mask = 0
    for (const c of f.classes) mask |= CLASS_BIT.get(c) ?? 0
    masks.set(f.classes, mask)
  }
  h.byte(mask)
  h.text(f.purpose ?? '')
  h.byte(UNIT)
  h.byte(f.legalBasis === undefined ? 0 : 1 + LEGAL_BASES.indexOf(f.legalBasis))
  h.byte(1 + COUPLINGS.indexOf(f.coupling))
  for (const name of sortedNames(f.extra)) {
    h.text(name)
    h.byte(UNIT)
    h.text(f.extra[name])
    h.byte(UNIT)
  }
  h.byte(NEWLINE)
}

/** The keys of a row's unknown columns, sorted: rows of one file share them, so the last answer is kept. */
let lastNames: string[] = []
let lastSorted: string[] = []
function sortedNames(extra: Record<string, string>): string[] {
  const names = Object.keys(extra)
  if (names.length === 0) return names
  let same = names.length === lastNames.length
  for (let i = 0; same && i < names.length; i++) same = names[i] === lastNames[i]
  if (!same) {
    lastNames = names
    lastSorted = names.length > 1 ? [...names].sort() : names
  }
  return lastSorted
}

function writeEnd(h: ByteWriter, place: number, id: string): void {
  if (place >= 0) return h.uint32(place)
  h.uint32(NO_SYSTEM)
  h.text(id)
  h.byte(UNIT)
}

/** Where canonical lines go: a hash, or bytes kept for one. */
interface LineSink {
  line(text: string): void
  text(value: string): void
  byte(value: number): void
}

/**
 * Every file's records in canonical order into `out`, but flows.csv's, which
 * `flows` writes (given each system's place in canonical order, by row).
 */
function writeCanonical(inventory: Inventory, out: LineSink, flows: (place: Int32Array) => void): void {
  // Each system's place in canonical order, by which flows name their ends.
  const systemOrder = canonicalOrder(inventory.systems.map(KEY.systems), (i) => LINE.systems(inventory.systems[i]))
  const place = new Int32Array(systemOrder.length)
  for (let k = 0; k < systemOrder.length; k++) place[systemOrder[k]] = k
  for (const kind of KINDS) {
    out.line(kind)
    if (kind === 'systems') {
      for (const i of systemOrder) out.line(LINE.systems(inventory.systems[i]))
    } else if (kind === 'flows') {
      flows(place)
    } else canonicalLines(inventory, kind, (line) => out.line(line))
  }
}

/** Each flow's ends as systems by index (-1: no such system), and each system's place in canonical order. */
function flowEnds(inventory: Inventory, place: Int32Array): FlowEnds {
  const {flowSource, flowTarget} = systemReferences(inventory)
  return {source: flowSource, target: flowTarget, place}
}

/** The place in canonical order of system `s` (-1: none), by which a flow's record names its end. */
const placeOf = (place: Int32Array, s: number) => (s < 0 ? -1 : place[s])

export function inventoryDigest(inventory: Inventory): string {
  const hash = new RecordHash()
  writeCanonical(inventory, hash, (place) => {
    const ends = flowEnds(inventory, place)
    const flows = inventory.flows
    const masks = new Map<readonly string[], number>()
    // Written in file order (memory order) and hashed in canonical order from the
    // buffer, rather than visiting a million flow objects in an order that misses the cache.
    const records = new ByteWriter(flows.length * 64)
    const starts = new Float64Array(flows.length + 1)
    for (let f = 0; f < flows.length; f++) {
      starts[f] = records.at
      writeFlow(records, flows[f], placeOf(ends.place, ends.source[f]), placeOf(ends.place, ends.target[f]), masks)
    }
    starts[flows.length] = records.at
    for (const f of canonicalOrder(flows.map(KEY.flows), (i) => LINE.flows(flows[i]), idOrder(flows))) hash.bytes(records.buffer, starts[f], starts[f + 1])
  })
  return hash.digest()
}

/**
 * What the digest hashes before flows.csv's records and after them, and the
 * flows' ends with each system's place, for a digest whose flows are read from
 * the file's bytes (flows-digest.ts): SHA-256 of prefix, flow records, suffix
 * is the digest.
 */
export function digestParts(inventory: Inventory): {prefix: Buffer; suffix: Buffer; ends: FlowEnds} {
  const before = new ByteWriter(1 << 16)
  const after = new ByteWriter((1 << 20) + 512 * inventory.systems.length)
  let into = before
  let ends: FlowEnds = {source: new Int32Array(0), target: new Int32Array(0), place: new Int32Array(0)}
  const sink: LineSink = {line: (text) => (into.text(text), into.byte(NEWLINE)), text: (value) => into.text(value), byte: (value) => into.byte(value)}
  writeCanonical(inventory, sink, (place) => {
    ends = flowEnds(inventory, place)
    into = after
  })
  return {prefix: before.buffer.subarray(0, before.at), suffix: after.buffer.subarray(0, after.at), ends}
}
