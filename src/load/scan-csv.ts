/**
 * The clean path of the CSV reader: one pass over a file's text that splits
 * records and fields, counts lines, and turns cells into strings through an
 * `Interner`, so a value written a million times (a system id in flows.csv,
 * a class list, a purpose) is made once and every row shares its string.
 *
 * The file's bytes are read as Latin-1 text in one call, so that characters
 * and bytes line up: an ASCII cell (nearly every cell) is cut from that text
 * as it is, and only a cell with other bytes is decoded from UTF-8 on its
 * own. A native call per cell would cost more than the whole scan, and
 * decoding the file as UTF-8 would make every cell of a file with one
 * Cyrillic name a two-byte string.
 *
 * It reads only what is plainly valid: LF or CRLF line ends, quoted fields
 * that may hold line breaks (kept as they are, each LF counted as a line).
 * On anything else (a stray quote, an unclosed quote, a bare CR outside
 * quotes) it stops and says so, and the caller reads the file with the
 * line-tracking reader, which knows how to report and recover from each of
 * those.
 */

const LF = 10
const CR = 13
const QUOTE = 34
const COMMA = 44
/** Cells longer than this are cut as they come: long text rarely repeats. */
const MAX_INTERNED = 256
const FNV_OFFSET = 0x811c9dc5 | 0
const FNV_PRIME = 0x01000193

/**
 * Ints per slot: hash, entry, length, then up to `inline` characters of the
 * value, four to an int. A table starts with slots of 32 bytes (20
 * characters: `sys-000001`, `IS-000001`) and widens them to 64, a cache line
 * (52 characters: a UUID is 36, and the longer ids of real inventories), at
 * its first value too long for them; such values are then compared in the
 * slot instead of in a string elsewhere in memory (1.8 s -> 1.4 s for the two
 * million references of a flows.csv with UUID ids). The narrow slots halve
 * the table that two million references to 100,000 short ids read at random
 * (16 MB -> 8 MB; load 2.33 -> 2.17 s, fastest of five).
 */
const NARROW = {stride: 8, inline: 20}
const WIDE = {stride: 16, inline: 52}

/**
 * Distinct cell values: an open-addressing table of strings by hash. A value
 * of up to 52 characters (any id) is compared against the copy kept in its
 * slot, so a lookup reads one place in memory and then the string it returns;
 * no string is made for a value seen before.
 */
export class Interner {
  /** Ints per slot (NARROW until a value needs WIDE), and the most characters a slot holds. */
  private stride = NARROW.stride
  private inline = NARROW.inline
  /**
   * `stride` ints per slot: the hash of its value, its entry + 1 (0: an empty
   * slot; negative: a value with non-ASCII bytes, whose raw text is kept
   * apart), its length in bytes and, when it fits, its bytes.
   */
  private slots = new Int32Array(NARROW.stride << 10)
  private readonly strings: string[] = []
  /** The bytes of long non-ASCII values as Latin-1 text, by entry, for comparing. */
  private readonly raw = new Map<number, string>()
  /** The entry of the value `get` returned last: equal values have equal entries; -1 for a cell not interned. */
  last = -1

  /**
   * @param limit the most distinct values it keeps: past it, a value not seen
   * before is cut as it comes (entry -1). A column of free text that never
   * repeats (a purpose per flow) then costs no table of a million values.
   */
  constructor(private readonly limit = Number.POSITIVE_INFINITY) {}

  /** How many distinct values it holds; entries run from 0 to size - 1. */
  get size(): number {
    return this.strings.length
  }

  /** The string of the UTF-8 bytes `text[start, end)` (`text` is the file read as Latin-1), whose FNV-1a hash is `hash`. */
  get(file: Buffer, text: string, start: number, end: number, hash: number, ascii: boolean): string {
    const length = end - start
    if (length > MAX_INTERNED) {
      this.last = -1
      return cut(file, text, start, end, ascii)
    }
    const slots = this.slots
    const stride = this.stride
    const mask = slots.length / stride - 1
    for (let slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
      const at = slot * stride
      const tagged = slots[at + 1]
      if (tagged === 0) {
        if (this.strings.length >= this.limit) {
          this.last = -1
          return cut(file, text, start, end, ascii)
        }
        this.last = this.strings.length
        return this.add(at, file, text, start, end, hash, ascii)
      }
      if (slots[at] === hash && slots[at + 2] === length && this.matches(at, tagged, text, start, length)) {
        const entry = (tagged > 0 ? tagged : -tagged) - 1
        this.last = entry
        return this.strings[entry]
      }
    }
  }

  private matches(at: number, tagged: number, text: string, start: number, length: number): boolean {
    if (length <= this.inline) {
      const slots = this.slots
      for (let i = 0, word = at + 3; i < length; i += 4, word++) if (slots[word] !== pack(text, start + i, length - i)) return false
      return true
    }
    const entry = (tagged > 0 ? tagged : -tagged) - 1
    // A native comparison: a UUID is 36 characters, compared in one call.
    return text.startsWith(tagged > 0 ? this.strings[entry] : this.raw.get(entry)!, start)
  }

  private add(at: number, file: Buffer, text: string, start: number, end: number, hash: number, ascii: boolean): string {
    const entry = this.strings.length
    const length = end - start
    if (length > this.inline && this.inline < WIDE.inline && length <= WIDE.inline) {
      // The first value too long for narrow slots: widen them, and find this value's slot anew.
      this.rehash(WIDE.stride, 1)
      const mask = this.slots.length / this.stride - 1
      let slot = spread(hash) & mask
      while (this.slots[slot * this.stride + 1] !== 0) slot = (slot + 1) & mask
      at = slot * this.stride
    }
    const value = cut(file, text, start, end, ascii)
    this.strings.push(value)
    if (!ascii && length > this.inline) this.raw.set(entry, text.slice(start, end))
    const slots = this.slots
    slots[at] = hash
    slots[at + 1] = ascii ? entry + 1 : -(entry + 1)
    slots[at + 2] = length
    if (length <= this.inline) for (let i = 0, word = at + 3; i < length; i += 4, word++) slots[word] = pack(text, start + i, length - i)
    // Keep the table at most four-fifths full: a probe past the slot it starts at reads the next
    // cache line, which costs far less than a table twice the size (100,000 system ids: 262,144 slots, not 524,288).
    if (this.strings.length * 5 * this.stride > slots.length * 4) this.rehash(this.stride, 2)
    return value
  }

  /** Move every entry into a table of `grow` times the slots, each `stride` ints (as wide as before or wider). */
  private rehash(stride: number, grow: number): void {
    const old = this.slots
    const oldStride = this.stride
    const slots = new Int32Array((old.length / oldStride) * grow * stride)
    const mask = slots.length / stride - 1
    for (let from = 0; from < old.length; from += oldStride) {
      if (old[from + 1] === 0) continue
      let slot = spread(old[from]) & mask
      while (slots[slot * stride + 1] !== 0) slot = (slot + 1) & mask
      // Int by int: a subarray per slot would cost more than the copy. A narrow slot's ints are a wide one's first.
      const to = slot * stride
      for (let i = 0; i < oldStride; i++) slots[to + i] = old[from + i]
    }
    this.slots = slots
    this.stride = stride
    this.inline = stride === WIDE.stride ? WIDE.inline : NARROW.inline
  }
}

/** Up to four characters of Latin-1 text from `from` (as many as `left` allows) as one int. */
function pack(text: string, from: number, left: number): number {
  const count = left < 4 ? left : 4
  let word = 0
  for (let k = 0; k < count; k++) word |= text.charCodeAt(from + k) << (8 * k)
  return word
}

/** A cell's string: cut from the Latin-1 text when it is ASCII, else decoded from its UTF-8 bytes. */
export function cut(file: Buffer, text: string, start: number, end: number, ascii: boolean): string {
  return ascii ? text.slice(start, end) : file.toString('utf8', start, end)
}

const printable = (c: number) => c > 32 && c < 127

/** A cell that may need trimming: it begins or ends with something other than printable ASCII. */
export const CELL_TRIM = 1
/** A cell that is not blank: it begins with printable ASCII. */
export const CELL_VISIBLE = 2
/** A cell with bytes other than ASCII: its string is decoded from UTF-8. */
export const CELL_UTF8 = 4
/** A quoted cell holding a doubled quote (also CELL_TRIM): its string has `""` made `"`. */
export const CELL_ESCAPED = 8

/** What the file's text says of the cell `text[start, end)` without making or touching its string. */
function cellFlags(text: string, start: number, end: number): number {
  if (end === start) return 0
  const first = printable(text.charCodeAt(start))
  return (first && printable(text.charCodeAt(end - 1)) ? 0 : CELL_TRIM) | (first ? CELL_VISIBLE : 0)
}

/** Mix the high bits of an FNV hash into the low ones that pick the slot (MurmurHash3's finaliser). */
function spread(hash: number): number {
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b)
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35)
  return hash ^ (hash >>> 16)
}

/** What `scanCsv` hands a file's records to. */
export interface CsvVisitor {
  /**
   * Given the header: per column, the interner its cells are read through,
   * one shared by every column that names the same ids, none for a column
   * whose values do not repeat.
   */
  interners(header: string[]): (Interner | undefined)[]
  /**
   * Each record (the header first) with its line, its cells' interner entries
   * and flags (CELL_TRIM, CELL_VISIBLE, CELL_UTF8, CELL_ESCAPED; valid until
   * the next record, like `bounds`, where each cell's text starts and ends in
   * the file, two ints per cell) and whether it is plain: no cell begins or
   * ends with anything but printable ASCII, so none needs trimming. The flags
   * come from the file's text, so a reader need not touch a cell's string
   * (elsewhere in memory) to know them.
   */
  record(record: string[], line: number, entries: Int32Array, plain: boolean, cells: Uint8Array, bounds: Int32Array): void
}

/**
 * Where a scan starts other than at the top of the file (resuming, or one
 * part of a file read on two threads): `from` is the start of a record or of
 * a blank line, `line` its line, and `interners` the columns' interners, as
 * `CsvVisitor.interners` gave them for the header (which is then not read;
 * without them, the first record from there is the header).
 */
export interface ScanStart {
  from: number
  line: number
  interners?: (Interner | undefined)[]
}

/** Where a scan stopped: the start of the next record or blank line (the file's length at its end) and its line. */
export interface ScanStop {
  at: number
  line: number
}

/**
 * Every record of the file with the 1-based line it is on, skipping empty
 * lines, handed to `visitor` (an instance of one class for every file keeps
 * this loop optimised from file to file). Returns false, having stopped, when the file needs the line-tracking
 * reader; records already passed on must then be dropped. Otherwise it
 * returns where it stopped: at the end of the file, or after the first line
 * break (outside quotes) that ends at or past `until`.
 *
 * `text` is the file read as Latin-1 (`file.toString('latin1')`), when the
 * caller has it already; `resume` scans from a record other than the first.
 */
export function scanCsv(file: Buffer, visitor: CsvVisitor, resume?: ScanStart, until = Number.POSITIVE_INFINITY, text = file.toString('latin1')): ScanStop | false {
  const n = text.length
  // No read past the end (charCodeAt would give NaN): it keeps the loop on V8's fast path.
  const at = (i: number) => (i < n ? text.charCodeAt(i) : -1)
  let pos = resume ? resume.from : at(0) === 0xef && at(1) === 0xbb && at(2) === 0xbf ? 3 : 0
  let line = resume ? resume.line : 1
  /** Per column, where its values are interned; the header's own cells go through a throwaway one. */
  let interners: (Interner | undefined)[] | undefined = resume?.interners
  const headerCells = new Interner()
  /** Per column of the current record, its cell's interner entry (-1: not interned). */
  let entries = new Int32Array(64)
  /** Per column of the current record, CELL_ flags, read from the file's text. */
  let cells = new Uint8Array(64)
  /** Per column of the current record, where its text starts and ends in the file. */
  let bounds = new Int32Array(128)
  while (pos < n) {
    let c = text.charCodeAt(pos)
    if (c === LF) {
      pos++
      line++
      if (pos >= until) return {at: pos, line}
      continue
    }
    if (c === CR) {
      if (at(pos + 1) !== LF) return false
      pos += 2
      line++
      if (pos >= until) return {at: pos, line}
      continue
    }
    const record: string[] = []
    let plain = true
    /** Line breaks inside the record's quoted cells. */
    let breaks = 0
    for (let column = 0; ; column++) {
      if (column === entries.length) {
        const more = new Int32Array(entries.length * 2)
        more.set(entries)
        entries = more
        const wider = new Uint8Array(cells.length * 2)
        wider.set(cells)
        cells = wider
        const further = new Int32Array(bounds.length * 2)
        further.set(bounds)
        bounds = further
      }
      if (at(pos) === QUOTE) {
        // A quoted cell: interned like any other unless it holds a doubled quote (some tools quote every cell).
        const start = pos + 1
        let end = start
        let escaped = false
        let ascii = true
        let hash = FNV_OFFSET
        for (;; end++) {
          if (end >= n) return false
          c = text.charCodeAt(end)
          if (c === QUOTE) {
            if (at(end + 1) !== QUOTE) break
            escaped = true
            end++
          } else if (c === LF) {
            // A line break inside quotes is part of the value; the record goes on on the next line.
            breaks++
          } else if (c >= 0x80) {
            ascii = false
          }
          hash = Math.imul(hash ^ c, FNV_PRIME)
        }
        const interner = escaped || interners === undefined ? undefined : interners[column]
        if (interner === undefined) {
          const value = cut(file, text, start, end, ascii)
          record.push(escaped ? value.replaceAll('""', '"') : value)
          entries[column] = -1
        } else {
          record.push(interner.get(file, text, start, end, hash, ascii))
          entries[column] = interner.last
        }
        cells[column] = cellFlags(text, start, end) | (escaped ? CELL_TRIM | CELL_ESCAPED : 0) | (ascii ? 0 : CELL_UTF8)
        if (cells[column] & CELL_TRIM) plain = false
        bounds[2 * column] = start
        bounds[2 * column + 1] = end
        pos = end + 1
        c = at(pos)
        if (c !== -1 && c !== COMMA && c !== LF && c !== CR) return false
      } else {
        const start = pos
        let hash = FNV_OFFSET
        let ascii = true
        for (; pos < n; pos++) {
          c = text.charCodeAt(pos)
          if (c === COMMA || c === LF || c === CR) break
          if (c === QUOTE) return false
          if (c >= 0x80) ascii = false
          hash = Math.imul(hash ^ c, FNV_PRIME)
        }
        cells[column] = cellFlags(text, start, pos) | (ascii ? 0 : CELL_UTF8)
        if (cells[column] & CELL_TRIM) plain = false
        bounds[2 * column] = start
        bounds[2 * column + 1] = pos
        const interner = interners === undefined ? headerCells : interners[column]
        if (interner === undefined) {
          record.push(cut(file, text, start, pos, ascii))
          entries[column] = -1
        } else {
          record.push(interner.get(file, text, start, pos, hash, ascii))
          entries[column] = interner.last
        }
      }
      if (pos >= n) break
      c = text.charCodeAt(pos)
      if (c === COMMA) {
        pos++
        continue
      }
      if (c === CR) {
        if (at(pos + 1) !== LF) return false
        pos++
      }
      pos++
      break
    }
    if (interners === undefined) interners = visitor.interners(record)
    visitor.record(record, line, entries, plain, cells, bounds)
    line += 1 + breaks
    if (pos >= until) return {at: pos, line}
  }
  return {at: n, line}
}
