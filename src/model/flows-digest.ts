/**
 * The flows.csv part of the inventory digest, read straight from the file's
 * bytes: the records `writeFlow` in digest.ts makes from the model, in the
 * same canonical order, without a string or an object per flow. It runs on a
 * second thread while the first plans (digest-worker.ts), so a million flows
 * are not read twice on the same core.
 *
 * It reads only what it can read exactly as the loader does, for an
 * inventory that is valid: the scanner's CSV (scan-csv.ts), cells trimmed as
 * String.prototype.trim trims them, class lists, legal bases and couplings
 * spelt in ASCII, every flow end a known system, every id once. On anything
 * else (a row the loader would report, a stray quote, an id used twice, a
 * class in another script) it gives up and says why, and the digest is made
 * from the model instead: it never guesses.
 */
import {createHash} from 'node:crypto'

import {ByteWriter} from '../io/utf8.js'
import {CLASSES, COUPLINGS, LEGAL_BASES} from './inventory.js'
import {hashOrder} from './key-order.js'

const LF = 10
const CR = 13
const QUOTE = 34
const COMMA = 44
const SEMICOLON = 59
const UNIT = 0x1f
const NEWLINE = 0x0a
const FNV_OFFSET = 0x811c9dc5 | 0
const FNV_PRIME = 0x01000193

/**
 * Each flow's ends, by row: the index of the system each names, as the
 * loader resolved them (-1: none), and each system's place in canonical
 * order, by which the digest names them.
 */
export interface FlowEnds {
  source: Int32Array
  target: Int32Array
  place: Int32Array
}

/** At most this many unknown columns are kept track of here (each costs two numbers per flow). */
const MAX_EXTRAS = 12

/**
 * Where each flow's values are in the file (`cells`: id, purpose, then each
 * kept column, as start and end; a position past the file's end is in `side`,
 * which holds cells with doubled quotes unescaped), their codes (`codes`:
 * class mask, legal basis, coupling), and the order they are hashed in.
 */
export interface Section {
  file: Uint8Array
  side: Uint8Array
  stride: number
  cells: Int32Array
  codes: Uint8Array
  names: readonly Uint8Array[]
  order: Int32Array
}

/** flows.csv read from its bytes, or why it could not be. */
export type FlowsSection = Section | {unsure: string}

class Unsure extends Error {}
const unsure = (reason: string): never => {
  throw new Unsure(reason)
}

/** flows.csv's part of the digest from its bytes, expecting the `flows` flows the loader read. */
export function flowsSection(file: Uint8Array, flows: number): FlowsSection {
  try {
    return new FlowsReader(file, flows).read()
  } catch (error) {
    if (error instanceof Unsure) return {unsure: error.message}
    throw error
  }
}

/**
 * SHA-256 of `prefix`, the section's flows in their order, then `suffix`:
 * the inventory digest (digest.ts). Each flow as `writeFlow` writes it: id
 * US, the places of its ends (32-bit little-endian), class mask, purpose US,
 * legal basis and coupling codes, then each kept column as name US value US,
 * and a newline.
 */
export function sectionDigest(prefix: Uint8Array, section: Section, ends: FlowEnds, suffix: Uint8Array): string | {unsure: string} {
  const {file, side, stride, cells, codes, names, order} = section
  const {source, target, place} = ends
  if (source.length !== order.length || target.length !== order.length) return {unsure: 'the flow ends do not match'}
  for (let f = 0; f < order.length; f++) if (source[f] < 0 || target[f] < 0) return {unsure: 'a flow names a system the inventory does not have'}
  const hash = createHash('sha256').update(prefix)
  const size = file.length
  const out = Buffer.allocUnsafe(1 << 20)
  let at = 0
  const room = (n: number) => {
    if (at + n <= out.length) return true
    hash.update(out.subarray(0, at))
    at = 0
    return n <= out.length
  }
  const bytes = (from: Uint8Array, start: number, end: number) => {
    if (!room(end - start)) return void hash.update(from.subarray(start, end))
    for (let i = start; i < end; i++) out[at++] = from[i]
  }
  const cell = (c: number) => {
    const start = cells[c]
    const end = cells[c + 1]
    if (start >= size) bytes(side, start - size, end - size)
    else bytes(file, start, end)
  }
  const u32 = (n: number) => {
    out[at++] = n & 0xff
    out[at++] = (n >>> 8) & 0xff
    out[at++] = (n >>> 16) & 0xff
    out[at++] = n >>> 24
  }
  for (let k = 0; k < order.length; k++) {
    const f = order[k]
    const c = f * stride
    cell(c)
    room(12)
    out[at++] = UNIT
    u32(place[source[f]])
    u32(place[target[f]])
    out[at++] = codes[3 * f]
    cell(c + 2)
    room(3)
    out[at++] = UNIT
    out[at++] = codes[3 * f + 1]
    out[at++] = codes[3 * f + 2]
    for (let e = 0; e < names.length; e++) {
      bytes(names[e], 0, names[e].length)
      room(1)
      out[at++] = UNIT
      cell(c + 4 + 2 * e)
      room(1)
      out[at++] = UNIT
    }
    room(1)
    out[at++] = NEWLINE
  }
  return hash.update(out.subarray(0, at)).update(suffix).digest('hex')
}

/** The length of the whitespace character (as String.prototype.trim knows it) that starts at `i`, or 0. */
function spaceAt(b: Uint8Array, i: number, end: number): number {
  const c = b[i]
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return 1
  if (c === 0xc2) return i + 1 < end && b[i + 1] === 0xa0 ? 2 : 0
  if (c < 0xe1 || c > 0xef || i + 2 >= end) return 0
  return isSpace3(c, b[i + 1], b[i + 2]) ? 3 : 0
}

/** The length of the whitespace character that ends just before `end`, or 0. */
function spaceBefore(b: Uint8Array, start: number, end: number): number {
  const c = b[end - 1]
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return 1
  if (end - 2 >= start && b[end - 2] === 0xc2 && c === 0xa0) return 2
  return end - 3 >= start && isSpace3(b[end - 3], b[end - 2], c) ? 3 : 0
}

/** U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000 and U+FEFF in UTF-8. */
function isSpace3(a: number, b: number, c: number): boolean {
  if (a === 0xe2) return (b === 0x80 && ((c >= 0x80 && c <= 0x8a) || c === 0xa8 || c === 0xa9 || c === 0xaf)) || (b === 0x81 && c === 0x9f)
  if (a === 0xe1) return b === 0x9a && c === 0x80
  if (a === 0xe3) return b === 0x80 && c === 0x80
  return a === 0xef && b === 0xbb && c === 0xbf
}

/** FNV-1a over the UTF-16 code units of the UTF-8 text `b[start, end)`: fnv1a in key-order.ts, from bytes. */
function fnvOfUtf8(b: Uint8Array, start: number, end: number): number {
  let hash = FNV_OFFSET
  for (let i = start; i < end; ) {
    const c = b[i]
    if (c < 0x80) {
      hash = Math.imul(hash ^ c, FNV_PRIME)
      i++
      continue
    }
    let point: number
    if (c < 0xe0) {
      point = ((c & 0x1f) << 6) | (b[i + 1] & 0x3f)
      i += 2
    } else if (c < 0xf0) {
      point = ((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f)
      i += 3
    } else {
      point = ((c & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f)
      i += 4
    }
    if (point < 0x10000) {
      hash = Math.imul(hash ^ point, FNV_PRIME)
    } else {
      point -= 0x10000
      hash = Math.imul(hash ^ (0xd800 + (point >> 10)), FNV_PRIME)
      hash = Math.imul(hash ^ (0xdc00 + (point & 0x3ff)), FNV_PRIME)
    }
  }
  return hash >>> 0
}

const decoder = new TextDecoder('utf-8')
const text = (b: Uint8Array, start: number, end: number) => decoder.decode(b.subarray(start, end))

/** A keyword's place in `words` when `b[start, end)` spells it in ASCII, upper or lower case; -1 for none. */
function keyword(words: readonly string[], b: Uint8Array, start: number, end: number): number {
  for (let w = 0; w < words.length; w++) {
    const word = words[w]
    if (word.length !== end - start) continue
    let same = true
    for (let i = 0; same && i < word.length; i++) {
      let c = b[start + i]
      if (c >= 0x41 && c <= 0x5a) c += 0x20
      same = c === word.charCodeAt(i)
    }
    if (same) return w
  }
  return -1
}

const KNOWN = new Set(['id', 'source', 'target', 'classes', 'purpose', 'legal_basis', 'coupling'])

class FlowsReader {
  private pos = 0
  /** Per column of the current record: where its value starts and ends, in `file` or, for a cell with doubled quotes, in `side`. */
  private starts = new Int32Array(64)
  private ends = new Int32Array(64)
  private escaped = new Uint8Array(64)
  private width = 0
  /** Cells with doubled quotes, unescaped as they are read, kept for hashing. */
  private side = new ByteWriter(1 << 16)

  constructor(
    private readonly file: Uint8Array,
    private readonly flows: number,
  ) {}

  read(): FlowsSection {
    const file = this.file
    if (file[0] === 0xef && file[1] === 0xbb && file[2] === 0xbf) this.pos = 3
    if (!this.next()) return unsure('flows.csv has no header')
    const header = Array.from({length: this.width}, (_, i) => {
      this.value(i)
      return text(this.vb, this.vs, this.ve)
    })
    const columns = new Map<string, number>()
    header.forEach((name, i) => {
      if (name === '') return
      if (columns.has(name)) unsure(`the column "${name}" appears twice`)
      columns.set(name, i)
    })
    const at = (name: string) => columns.get(name) ?? -1
    const [id, source, target] = ['id', 'source', 'target'].map((name) => at(name) >= 0 ? at(name) : unsure(`no ${name} column`))
    const [classes, purpose, legal, coupling] = ['classes', 'purpose', 'legal_basis', 'coupling'].map(at)
    // The unknown columns a flow's `extra` keeps, in the order the digest writes them.
    const kept: Record<string, string> = {}
    for (const name of header) if (name !== '' && !KNOWN.has(name)) kept[name] = ''
    const extras = Object.keys(kept).sort().map((name) => ({name: Buffer.from(name, 'utf8'), at: at(name)}))
    if (extras.length > MAX_EXTRAS) unsure(`${extras.length} unknown columns`)
    const width = this.width

    const n = this.flows
    const stride = 4 + 2 * extras.length
    const cells = new Int32Array(n * stride)
    const codes = new Uint8Array(n * 3)
    const hashes = new Float64Array(n)
    const loose = 1 + COUPLINGS.indexOf('loose')
    let f = 0
    while (this.next()) {
      // As the loader: a row of another width is reported (so the inventory is not valid) even when blank.
      if (this.width !== width) unsure(`a row has ${this.width} fields, the header ${width}`)
      if (this.blank()) continue
      if (f === n) unsure('more flows than the loader read')
      const c = f * stride
      this.keep(id, cells, c)
      if (cells[c] === cells[c + 1]) unsure('a flow has no id')
      hashes[f] = fnvOfUtf8(this.vb, this.vs, this.ve)
      if (purpose >= 0) this.keep(purpose, cells, c + 2)
      for (let e = 0; e < extras.length; e++) this.keep(extras[e].at, cells, c + 4 + 2 * e)
      codes[3 * f] = classes < 0 ? 0 : this.classMask(classes)
      codes[3 * f + 1] = legal < 0 ? 0 : this.code(LEGAL_BASES, legal, 0)
      codes[3 * f + 2] = coupling < 0 ? loose : this.code(COUPLINGS, coupling, loose)
      f++
    }
    if (f !== n) unsure('fewer flows than the loader read')
    const side = this.side.buffer.subarray(0, this.side.at)
    const section: Section = {file: this.file, side, stride, cells, codes, names: extras.map((e) => e.name), order: new Int32Array(0)}
    section.order = canonicalOrder(section, hashes)
    return section
  }

  /**
   * Keep where the trimmed value of the column is, at `cells[c]` and
   * `cells[c + 1]`: in the file, or past its end for a value in `side`.
   */
  private keep(column: number, cells: Int32Array, c: number): void {
    this.value(column)
    const past = this.vb === this.file ? 0 : this.file.length
    cells[c] = past + this.vs
    cells[c + 1] = past + this.ve
  }

  /** 1 + the place in `words` of the keyword in the column, `fallback` for an empty cell. */
  private code(words: readonly string[], column: number, fallback: number): number {
    this.value(column)
    if (this.vs === this.ve) return fallback
    const w = keyword(words, this.vb, this.vs, this.ve)
    return w < 0 ? unsure('a legal basis or coupling kosh does not read here') : 1 + w
  }

  /** The class list in the column as the digest's bit mask: `;`-separated, each item trimmed, empty items dropped. */
  private classMask(column: number): number {
    this.value(column)
    const b = this.vb
    const s = this.vs
    const e = this.ve
    let mask = 0
    for (let from = s; from < e; ) {
      let to = from
      while (to < e && b[to] !== SEMICOLON) to++
      let i = from
      let j = to
      for (let n; i < j && (n = spaceAt(b, i, j)) > 0; ) i += n
      for (let n; j > i && (n = spaceBefore(b, i, j)) > 0; ) j -= n
      if (i < j) {
        const c = keyword(CLASSES, b, i, j)
        if (c < 0) unsure('a class kosh does not read here')
        mask |= 1 << c
      }
      from = to + 1
    }
    return mask
  }

  /** Whether every cell of the record is empty once trimmed (the loader skips such rows). */
  private blank(): boolean {
    for (let i = 0; i < this.width; i++) {
      this.value(i)
      if (this.vs < this.ve) return false
    }
    return true
  }

  /** The trimmed value of a cell of the current record: its bytes `vb[vs, ve)`. */
  private vb: Uint8Array = new Uint8Array(0)
  private vs = 0
  private ve = 0
  private value(column: number): void {
    const b = this.escaped[column] ? this.side.buffer : this.file
    let s = this.starts[column]
    let e = this.ends[column]
    for (let n; s < e && (n = spaceAt(b, s, e)) > 0; ) s += n
    for (let n; e > s && (n = spaceBefore(b, s, e)) > 0; ) e -= n
    this.vb = b
    this.vs = s
    this.ve = e
  }

  /** Read the next record into `starts`/`ends`; false at the end of the file. As scanCsv reads, or unsure. */
  private next(): boolean {
    const b = this.file
    const n = b.length
    let pos = this.pos
    // Empty lines between records.
    for (;;) {
      if (pos >= n) return false
      if (b[pos] === LF) pos++
      else if (b[pos] === CR) {
        if (pos + 1 >= n || b[pos + 1] !== LF) unsure('a bare CR')
        pos += 2
      } else break
    }
    let column = 0
    for (;;) {
      if (column === this.starts.length) this.widen()
      if (b[pos] === QUOTE) {
        const start = pos + 1
        let end = start
        let escaped = false
        for (;; end++) {
          if (end >= n) unsure('a quote that is never closed')
          if (b[end] === QUOTE) {
            if (end + 1 < n && b[end + 1] === QUOTE) {
              escaped = true
              end++
            } else break
          }
        }
        if (escaped) this.unescape(column, start, end)
        else this.cell(column, start, end, 0)
        pos = end + 1
        if (pos < n && b[pos] !== COMMA && b[pos] !== LF && b[pos] !== CR) unsure('text after a closing quote')
      } else {
        const start = pos
        while (pos < n) {
          const c = b[pos]
          if (c === COMMA || c === LF || c === CR) break
          if (c === QUOTE) unsure('a quote inside an unquoted field')
          pos++
        }
        this.cell(column, start, pos, 0)
      }
      column++
      if (pos >= n) break
      const c = b[pos]
      if (c === COMMA) {
        pos++
        continue
      }
      if (c === CR) {
        if (pos + 1 >= n || b[pos + 1] !== LF) unsure('a bare CR')
        pos++
      }
      pos++
      break
    }
    this.width = column
    this.pos = pos
    return true
  }

  private cell(column: number, start: number, end: number, escaped: number): void {
    this.starts[column] = start
    this.ends[column] = end
    this.escaped[column] = escaped
  }

  /** A quoted cell with doubled quotes: its value, each pair one quote, appended to `side`. */
  private unescape(column: number, start: number, end: number): void {
    const b = this.file
    const from = this.side.at
    for (let i = start; i < end; i++) {
      this.side.byte(b[i])
      if (b[i] === QUOTE) i++
    }
    this.cell(column, from, this.side.at, 1)
  }

  private widen(): void {
    const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
      const wider = new (a.constructor as new (n: number) => T)(a.length * 2)
      wider.set(a)
      return wider
    }
    this.starts = grow(this.starts)
    this.ends = grow(this.ends)
    this.escaped = grow(this.escaped)
  }
}

/**
 * The flows in canonical order: by the hash of the id, then by id as
 * JavaScript compares strings (key-order.ts). An id used twice is left to
 * the model's digest, which orders such rows by their whole line.
 */
function canonicalOrder(section: Section, hashes: Float64Array): Int32Array {
  const n = hashes.length
  const order = hashOrder(hashes)
  const {file, side, stride, cells} = section
  const idOf = (row: number) => {
    const start = cells[row * stride]
    const end = cells[row * stride + 1]
    return start >= file.length ? text(side, start - file.length, end - file.length) : text(file, start, end)
  }
  for (let k = 0; k < n; ) {
    let end = k + 1
    while (end < n && hashes[order[end]] === hashes[order[k]]) end++
    if (end - k > 1) {
      const ids = Array.from(order.subarray(k, end), (row) => ({row, id: idOf(row)}))
      ids.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : unsure('a flow id is used twice')))
      ids.forEach(({row}, i) => (order[k + i] = row))
    }
    k = end
  }
  return order
}
