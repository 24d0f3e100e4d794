/**
 * The clean path of the CSV reader: one pass over a file's bytes that splits
 * records and fields, counts lines, and turns cells into strings through an
 * `Interner`, so a value written a million times (a system id in flows.csv,
 * a class list, a purpose) is decoded once and every row shares its string.
 *
 * It reads only what is plainly valid: records on one physical line each, LF or
 * CRLF line ends, quoted fields without line breaks. On anything else (a
 * quoted line break, a stray quote, an unclosed quote, a bare CR) it stops and
 * says so, and the caller reads the file with the line-tracking reader, which
 * knows how to report and recover from each of those.
 */

const LF = 10
const CR = 13
const QUOTE = 34
const COMMA = 44
/** Cells longer than this are decoded as they come: long text rarely repeats. */
const MAX_INTERNED = 256
const FNV_OFFSET = 0x811c9dc5 | 0
const FNV_PRIME = 0x01000193

/**
 * Distinct cell values by their UTF-8 bytes: an open-addressing table over a
 * copy of each distinct value's bytes. Looking a value up costs a hash and a
 * compare of its bytes; no string is made for a value seen before.
 */
export class Interner {
  /** Per slot, the hash of its value and its entry + 1 (0: an empty slot), side by side so a probe reads one place. */
  private slots = new Int32Array(2 << 12)
  /** Per entry, where its bytes start in the arena and how many there are. */
  private spans = new Int32Array(2 << 11)
  private arena = new Uint8Array(1 << 16)
  private used = 0
  private readonly strings: string[] = []
  /** The entry of the value `get` returned last: equal values have equal entries; -1 for a cell too long to intern. */
  last = -1

  /** How many distinct values it holds; entries run from 0 to size - 1. */
  get size(): number {
    return this.strings.length
  }

  /** The string of `bytes[start, end)`, whose FNV-1a hash is `hash`. */
  get(file: Buffer, bytes: Uint8Array, start: number, end: number, hash: number, ascii: boolean): string {
    const length = end - start
    if (length > MAX_INTERNED) {
      this.last = -1
      return decode(file, start, end, ascii)
    }
    const slots = this.slots
    const mask = (slots.length >> 1) - 1
    for (let slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[2 * slot + 1] - 1
      if (entry < 0) {
        this.last = this.strings.length
        return this.add(slot, file, bytes, start, end, hash, ascii)
      }
      if (slots[2 * slot] === hash && this.spans[2 * entry + 1] === length && this.same(entry, bytes, start, length)) {
        this.last = entry
        return this.strings[entry]
      }
    }
  }

  private same(entry: number, bytes: Uint8Array, start: number, length: number): boolean {
    const arena = this.arena
    const from = this.spans[2 * entry]
    for (let i = 0; i < length; i++) if (arena[from + i] !== bytes[start + i]) return false
    return true
  }

  private add(slot: number, file: Buffer, bytes: Uint8Array, start: number, end: number, hash: number, ascii: boolean): string {
    const entry = this.strings.length
    const length = end - start
    if (2 * entry === this.spans.length) this.spans = grow(this.spans)
    while (this.used + length > this.arena.length) {
      const arena = new Uint8Array(this.arena.length * 2)
      arena.set(this.arena)
      this.arena = arena
    }
    const arena = this.arena
    for (let i = 0, to = this.used; i < length; i++) arena[to + i] = bytes[start + i]
    this.spans[2 * entry] = this.used
    this.spans[2 * entry + 1] = length
    this.used += length
    const value = decode(file, start, end, ascii)
    this.strings.push(value)
    this.slots[2 * slot] = hash
    this.slots[2 * slot + 1] = entry + 1
    // Keep the table at most half full.
    if (this.strings.length > this.slots.length >> 2) this.rehash()
    return value
  }

  private rehash(): void {
    const old = this.slots
    const slots = new Int32Array(old.length * 2)
    const mask = (slots.length >> 1) - 1
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === 0) continue
      let slot = spread(old[i]) & mask
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask
      slots[2 * slot] = old[i]
      slots[2 * slot + 1] = old[i + 1]
    }
    this.slots = slots
  }
}

/** Mix the high bits of an FNV hash into the low ones that pick the slot (MurmurHash3's finaliser). */
function spread(hash: number): number {
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b)
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35)
  return hash ^ (hash >>> 16)
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2)
  bigger.set(array)
  return bigger
}

function decode(bytes: Buffer, start: number, end: number, ascii: boolean): string {
  return bytes.toString(ascii ? 'latin1' : 'utf8', start, end)
}

/**
 * Every record of the file with the 1-based line it is on, skipping empty
 * lines. `internersFor` is given the header and says, per column, through
 * which interner its cells are read: one shared by every column that names
 * the same ids, none for a column whose values do not repeat. With each
 * record come its cells' interner entries, valid until the next record.
 * Returns false, having stopped, when the file needs the line-tracking
 * reader; records already passed on must then be dropped.
 */
export function scanCsv(file: Buffer, onRecord: (record: string[], line: number, entries: Int32Array) => void, internersFor: (header: string[]) => (Interner | undefined)[] = () => []): boolean {
  // A plain view, and no read past the end: both keep the loop on V8's fast path.
  const bytes = new Uint8Array(file.buffer, file.byteOffset, file.length)
  const n = bytes.length
  const at = (i: number) => (i < n ? bytes[i] : -1)
  let pos = at(0) === 0xef && at(1) === 0xbb && at(2) === 0xbf ? 3 : 0
  let line = 1
  /** Per column, where its values are interned; the header's own cells go through a throwaway one. */
  let interners: (Interner | undefined)[] | undefined
  const headerCells = new Interner()
  /** Per column of the current record, its cell's interner entry (-1: not interned). */
  let entries = new Int32Array(64)
  while (pos < n) {
    let b = bytes[pos]
    if (b === LF) {
      pos++
      line++
      continue
    }
    if (b === CR) {
      if (at(pos + 1) !== LF) return false
      pos += 2
      line++
      continue
    }
    const record: string[] = []
    for (let column = 0; ; column++) {
      if (column === entries.length) entries = grow(entries)
      if (at(pos) === QUOTE) {
        const start = pos + 1
        let end = start
        let escaped = false
        let ascii = true
        for (;; end++) {
          if (end >= n) return false
          b = bytes[end]
          if (b === QUOTE) {
            if (at(end + 1) !== QUOTE) break
            escaped = true
            end++
          } else if (b === LF || b === CR) {
            return false
          } else if (b >= 0x80) {
            ascii = false
          }
        }
        const text = decode(file, start, end, ascii)
        record.push(escaped ? text.replaceAll('""', '"') : text)
        entries[column] = -1
        pos = end + 1
        b = at(pos)
        if (b !== -1 && b !== COMMA && b !== LF && b !== CR) return false
      } else {
        const start = pos
        let hash = FNV_OFFSET
        let ascii = true
        for (; pos < n; pos++) {
          b = bytes[pos]
          if (b === COMMA || b === LF || b === CR) break
          if (b === QUOTE) return false
          if (b >= 0x80) ascii = false
          hash = Math.imul(hash ^ b, FNV_PRIME)
        }
        const interner = interners === undefined ? headerCells : interners[column]
        if (interner === undefined) {
          record.push(decode(file, start, pos, ascii))
          entries[column] = -1
        } else {
          record.push(interner.get(file, bytes, start, pos, hash, ascii))
          entries[column] = interner.last
        }
      }
      if (pos >= n) break
      b = bytes[pos]
      if (b === COMMA) {
        pos++
        continue
      }
      if (b === CR) {
        if (at(pos + 1) !== LF) return false
        pos++
      }
      pos++
      break
    }
    if (interners === undefined) interners = internersFor(record)
    onRecord(record, line, entries)
    line++
  }
  return true
}
