/**
 * A large inventory file read on two threads. flows.csv at a million rows is
 * the loader's largest cost, and most of it is the scan: splitting the text
 * into cells and looking each up in its column's interner. A second thread
 * reads the file from disk, hands this thread its bytes, and scans the last
 * part of it (from just after a line break past OWN_SHARE of the file) into
 * plain arrays: each cell as an entry of that thread's interner for its
 * column, or as where it starts and ends in the file. This thread scans the
 * first part itself, and where it finds a record starting exactly where the
 * other part starts, makes the other part's records from those arrays
 * (`replayPart`), strings shared through its own interners, and hands them to
 * the same visitor as the scan would have, with the same lines and flags.
 *
 * Whether a record starts there is known only to a reader of everything
 * before it (the line break may be inside a quoted cell). Where it does not,
 * or the other thread could not read its part (it gives up where `scanCsv`
 * would), this thread reads on from where it is, and the result is the same.
 */
import {stat} from 'node:fs/promises'
import {Worker} from 'node:worker_threads'

import {readWhole} from '../io/read-whole.js'
import type {FileKind} from '../model/inventory.js'
import {internerOf} from './interning.js'
import {fnv1aOf} from '../model/key-order.js'
import {CELL_ESCAPED, CELL_TRIM, CELL_UTF8, cut, scanCsv, type CsvVisitor, type Interner} from './scan-csv.js'

/** Files smaller than this are read and scanned on this thread alone: the second one would start later than it saves. */
const WORTH_A_PART = 16 << 20
/**
 * The share of the file this thread scans itself: it also makes the rows of
 * the whole file (the visitor's work), and it starts on this file only after
 * the ones before it, while the other thread starts on it at once.
 */
const OWN_SHARE = 0.3
/** The header is looked for in the file's first bytes only. */
const HEADER_BYTES = 1 << 16

/** What the other thread read of its part, record by record. */
export interface PartRead {
  /** Per record, its line counted from 1 at the start of the part. */
  lines: Int32Array
  /** Per record, how many cells it has. */
  widths: Int32Array
  /** Per cell, in record order: the entry of its value in that thread's interner for its column (-1: none). */
  entries: Int32Array
  /** Per cell, where its text starts and ends in the file (two ints). */
  bounds: Int32Array
  /** Per cell, its CELL_ flags. */
  flags: Uint8Array
  /** Per column, the index in `spaces` of its interner on that thread (-1: not interned). */
  spaceOf: Int32Array
  /** Per interner of that thread, where each of its values first occurs in the file (two ints per entry) and whether it is UTF-8. */
  spaces: {bounds: Int32Array; utf8: Uint8Array}[]
}

/** The part of a file another thread is scanning. */
export interface PartScan {
  /** Where the part starts: just after a line break. */
  from: number
  /** The part's records (once); undefined when that thread could not read them. */
  take(): Promise<PartRead | undefined>
  /** Let the thread go: its part is not wanted. */
  stop(): void
}

/** Where the other thread's part of `bytes` starts, or -1 when the file is read on one thread. */
export function partStart(bytes: Uint8Array): number {
  if (bytes.length < WORTH_A_PART) return -1
  const lf = bytes.indexOf(10, Math.floor(bytes.length * OWN_SHARE))
  return lf < 0 || lf + 1 >= bytes.length ? -1 : lf + 1
}

/**
 * Read the file at `path`: its bytes, and, when it is large enough, the scan
 * of its last part by another thread. A read error is the one `readWhole`
 * would give (its `code` kept).
 */
export function readWithPart(path: string, kind: FileKind): {bytes: Promise<Buffer>; part: Promise<PartScan | undefined>} {
  const large = stat(path).then(
    (s) => s.isFile() && s.size >= WORTH_A_PART,
    () => false,
  )
  let part: (scan: PartScan | undefined) => void
  const scan = new Promise<PartScan | undefined>((resolve) => (part = resolve))
  const bytes = large.then(async (yes) => {
    const worker = yes ? startWorker(path, kind) : undefined
    if (!worker) {
      part(undefined)
      return readWhole(path)
    }
    const read = await worker.bytes.catch((error: unknown) => {
      worker.stop()
      part(undefined)
      throw error
    })
    const from = partStart(read)
    if (from < 0) worker.stop()
    part(from < 0 ? undefined : {from, take: () => worker.part, stop: () => worker.stop()})
    return read
  })
  return {bytes, part: scan}
}

interface Reply {
  bytes?: Uint8Array
  error?: {code?: string; message: string}
  part?: PartRead | null
}

function startWorker(path: string, kind: FileKind): {bytes: Promise<Buffer>; part: Promise<PartRead | undefined>; stop(): void} | undefined {
  let worker: Worker
  try {
    worker = new Worker(new URL('./scan-part-worker.js', import.meta.url), {workerData: {path, kind}})
  } catch {
    return undefined
  }
  // Not unref'd: while this thread awaits its replies, the worker is what keeps the process
  // alive. It ends by itself once it has sent its part; stop() ends it sooner.

  // Its replies in order; undefined for any asked for once it has gone (failed to start, died, ended).
  const replies: Reply[] = []
  const waiting: ((reply: Reply | undefined) => void)[] = []
  let ended = false
  const next = () =>
    new Promise<Reply | undefined>((resolve) => {
      if (replies.length > 0) resolve(replies.shift())
      else if (ended) resolve(undefined)
      else waiting.push(resolve)
    })
  worker.on('message', (reply: Reply) => (waiting.length > 0 ? waiting.shift()!(reply) : replies.push(reply)))
  const gone = () => {
    ended = true
    for (const resolve of waiting.splice(0)) resolve(undefined)
  }
  worker.once('error', gone)
  worker.once('exit', gone)
  const bytes = next().then(async (reply) => {
    if (reply?.bytes) return Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.length)
    if (reply?.error) throw Object.assign(new Error(reply.error.message), {code: reply.error.code})
    // The thread did not start or died before reading: read the file here.
    return readWhole(path)
  })
  const part = bytes.then(next).then((reply) => reply?.part ?? undefined, () => undefined)
  return {bytes, part, stop: () => void worker.terminate()}
}

/**
 * Hand the records of another thread's part to `visitor`, as `scanCsv`
 * would: the file's text (Latin-1, as the scan read it), this thread's
 * interners per column, and the line the part starts on.
 */
export function replayPart(read: PartRead, file: Buffer, text: string, interners: (Interner | undefined)[], line: number, visitor: CsvVisitor): void {
  const {lines, widths, entries, bounds, flags, spaceOf} = read
  // Each value of that thread's interners as this thread's string and entry.
  const strings: string[][] = []
  const mine: Int32Array[] = []
  read.spaces.forEach((space, k) => {
    const interner = interners[spaceOf.indexOf(k)]
    const count = space.utf8.length
    const values = new Array<string>(count)
    const entriesHere = new Int32Array(count).fill(-1)
    for (let e = 0; e < count; e++) {
      const start = space.bounds[2 * e]
      const end = space.bounds[2 * e + 1]
      const ascii = space.utf8[e] === 0
      if (interner === undefined) values[e] = cut(file, text, start, end, ascii)
      else {
        // The scanner's hash of the cell's Latin-1 text, as a signed int.
        values[e] = interner.get(file, text, start, end, fnv1aOf(text, start, end) | 0, ascii)
        entriesHere[e] = interner.last
      }
    }
    strings.push(values)
    mine.push(entriesHere)
  })
  let widest = 0
  for (let r = 0; r < widths.length; r++) if (widths[r] > widest) widest = widths[r]
  const cellEntries = new Int32Array(widest)
  const cells = new Uint8Array(widest)
  const cellBounds = new Int32Array(2 * widest)
  for (let r = 0, k = 0; r < widths.length; r++) {
    const width = widths[r]
    const record: string[] = []
    let plain = true
    for (let column = 0; column < width; column++, k++) {
      const f = flags[k]
      const entry = entries[k]
      const space = column < spaceOf.length ? spaceOf[column] : -1
      const start = bounds[2 * k]
      const end = bounds[2 * k + 1]
      if (entry >= 0 && space >= 0) {
        record.push(strings[space][entry])
        cellEntries[column] = mine[space][entry]
      } else {
        const value = cut(file, text, start, end, (f & CELL_UTF8) === 0)
        record.push(f & CELL_ESCAPED ? value.replaceAll('""', '"') : value)
        cellEntries[column] = -1
      }
      cells[column] = f
      cellBounds[2 * column] = start
      cellBounds[2 * column + 1] = end
      if (f & CELL_TRIM) plain = false
    }
    visitor.record(record, line + lines[r] - 1, cellEntries, plain, cells, cellBounds)
  }
}

/**
 * The records of `file` from `from` (just after a line break) to its end, as
 * `replayPart` takes them, read with the interners the header's columns get
 * (interning.ts); undefined where `scanCsv` would give up, or the header
 * does not end within the file's first HEADER_BYTES.
 */
export function readPart(file: Buffer, kind: FileKind, from: number): PartRead | undefined {
  const header = readHeader(file.subarray(0, Math.min(from, HEADER_BYTES)))
  if (header === undefined) return undefined
  const byKey = new Map<string, Interner>()
  const interners = header.map((name) => internerOf(byKey, kind, name.trim()))
  const spaces = [...new Set(interners.filter((i) => i !== undefined))]
  const spaceOf = Int32Array.from(interners, (i) => (i === undefined ? -1 : spaces.indexOf(i)))
  const part = file.subarray(from)
  const visitor = new PartVisitor(from, spaceOf, spaces.length, part.length)
  if (scanCsv(part, visitor, {from: 0, line: 1, interners}) === false) return undefined
  return visitor.result()
}

/** The first record of the file, when it ends (with a line break) inside `head`. */
function readHeader(head: Buffer): string[] | undefined {
  let header: string[] | undefined
  const stop = scanCsv(head, {interners: () => [], record: (record) => void (header ??= record)}, undefined, 1)
  return stop !== false && head[stop.at - 1] === 10 ? header : undefined
}

/** A typed array that grows as it is filled. */
class Column<T extends Int32Array | Uint8Array> {
  length = 0
  constructor(public array: T) {}
  push(value: number): void {
    if (this.length === this.array.length) {
      const wider = new (this.array.constructor as new (n: number) => T)(this.array.length * 2)
      wider.set(this.array)
      this.array = wider
    }
    this.array[this.length++] = value
  }
  done(): T {
    // A view of the array, whose memory is handed over rather than copied.
    return this.array.subarray(0, this.length) as T
  }
}

class PartVisitor implements CsvVisitor {
  private readonly lines = new Column(new Int32Array(1 << 16))
  private readonly widths = new Column(new Int32Array(1 << 16))
  /** Per cell: written in place, room made once per record (millions of cells: a push each would cost more than the scan). */
  private entries: Int32Array
  private bounds: Int32Array
  private flags: Uint8Array
  private cells = 0
  /** Per interner, where each of its values was first seen. */
  private readonly firsts: {bounds: Column<Int32Array>; utf8: Column<Uint8Array>}[]

  /** `bytes`: the part's length, from which room for its cells is guessed (memory never written costs nothing resident). */
  constructor(
    private readonly from: number,
    private readonly spaceOf: Int32Array,
    spaces: number,
    bytes: number,
  ) {
    const room = Math.max(1 << 10, Math.ceil(bytes / 8))
    this.entries = new Int32Array(room)
    this.bounds = new Int32Array(2 * room)
    this.flags = new Uint8Array(room)
    this.firsts = Array.from({length: spaces}, () => ({bounds: new Column(new Int32Array(1 << 10)), utf8: new Column(new Uint8Array(1 << 9))}))
  }

  interners(): (Interner | undefined)[] {
    throw new Error('a part has no header')
  }

  record(record: string[], line: number, entries: Int32Array, _plain: boolean, cells: Uint8Array, bounds: Int32Array): void {
    const from = this.from
    const width = record.length
    this.lines.push(line)
    this.widths.push(width)
    if (this.cells + width > this.flags.length) this.grow(this.cells + width)
    const allEntries = this.entries
    const allBounds = this.bounds
    const allFlags = this.flags
    for (let column = 0, k = this.cells; column < width; column++, k++) {
      const entry = entries[column]
      const start = bounds[2 * column] + from
      const end = bounds[2 * column + 1] + from
      if (entry >= 0) {
        const first = this.firsts[this.spaceOf[column]]
        // Entries are handed out in order: the next one is a value seen for the first time.
        if (entry === first.utf8.length) {
          first.bounds.push(start)
          first.bounds.push(end)
          first.utf8.push(cells[column] & CELL_UTF8 ? 1 : 0)
        }
      }
      allEntries[k] = entry
      allBounds[2 * k] = start
      allBounds[2 * k + 1] = end
      allFlags[k] = cells[column]
    }
    this.cells += width
  }

  private grow(cells: number): void {
    const room = Math.max(cells, this.flags.length * 2)
    const entries = new Int32Array(room)
    entries.set(this.entries)
    this.entries = entries
    const bounds = new Int32Array(2 * room)
    bounds.set(this.bounds)
    this.bounds = bounds
    const flags = new Uint8Array(room)
    flags.set(this.flags)
    this.flags = flags
  }

  result(): PartRead {
    return {
      lines: this.lines.done(),
      widths: this.widths.done(),
      // Views of the arrays, whose memory is handed over rather than copied.
      entries: this.entries.subarray(0, this.cells),
      bounds: this.bounds.subarray(0, 2 * this.cells),
      flags: this.flags.subarray(0, this.cells),
      spaceOf: this.spaceOf,
      spaces: this.firsts.map((f) => ({bounds: f.bounds.done(), utf8: f.utf8.done()})),
    }
  }
}
