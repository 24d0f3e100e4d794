/**
 * Reading one inventory CSV file: bytes -> header + records + line numbers + diagnostics.
 *
 * The file is checked to be UTF-8 first (an Excel export in Windows-1251 is
 * named as such rather than parsed into mojibake). Inventory files are then
 * streamed by `scanCsv`, a single pass over the bytes that knows each record's
 * line; other CSV (imports, dataset lists) is read by csv-parse as arrays,
 * with line numbers derived from the byte positions of line breaks
 * (csv-parse's own line info doubles its cost). Only when that does not fit
 * (a quoted line break makes a record span lines, or a row is not valid CSV)
 * does the file get a second parse, by `parseText` below: a small RFC 4180
 * reader that knows the line and column of every record and error. It is used
 * there rather than csv-parse's line tracking because csv-parse counts a CRLF
 * inside a quoted field as two lines (every later row would be reported one
 * line too low) and, after an invalid closing quote, stays inside the quoted
 * field and swallows the rest of the file.
 * Syntax errors are collected per record, so one bad row does not hide the next.
 */
import {isUtf8} from 'node:buffer'
import {parse} from 'csv-parse'

import type {Diagnostic} from '../model/diagnostic.js'
import {appendAll} from '../model/lists.js'
import {scanCsv, type CsvVisitor, type Interner} from './scan-csv.js'
import {replayPart, type PartScan} from './scan-part.js'

export interface Position {
  line: number
  /** 1-based character column. */
  column: number
}

export interface CsvTable {
  header: string[]
  records: string[][]
  /** 1-based line where each record starts, parallel to `records`. */
  lines: number[]
  /** 1-based line of the header row. */
  headerLine: number
  /** Whether rows were dropped because they are not valid CSV. */
  incomplete: boolean
  /** Where field `index` (0-based) of the record that starts on `line` begins. */
  locate(line: number, index: number): Position | undefined
  /** Whether cells of columns that name ids were read through their id space's interner (see `RowSink.interners`). */
  interned?: boolean
}

export interface CsvRead {
  table?: CsvTable
  diagnostics: Diagnostic[]
}

const CHUNK = 1 << 20
const LF = 10
const CR = 13
const QUOTE = 34
const COMMA = 44

export async function readCsv(file: string, bytes: Buffer): Promise<CsvRead> {
  const diagnostics: Diagnostic[] = []
  if (!isUtf8(bytes)) {
    diagnostics.push(notUtf8(file, bytes))
    return {diagnostics}
  }

  let records: string[][] | undefined
  let lines: number[] | undefined
  const fast = await parseRecords(bytes)
  if (fast.clean) {
    lines = lineStarts(bytes, fast.records.length)
    if (lines) records = fast.records
  }
  if (!records || !lines) {
    // Some record spans lines (a quoted line break) or is not valid CSV: read
    // the text again, keeping track of lines and columns.
    fast.records.length = 0
    const slow = parseText(locatorOf(bytes).text)
    for (const problem of slow.problems) diagnostics.push(syntaxDiagnostic(file, problem))
    // The header row itself was not valid CSV: the columns of the file are unknown.
    if (slow.problems.length > 0 && (slow.lines.length === 0 || slow.problems[0].line < slow.lines[0])) return {diagnostics}
    records = slow.records
    lines = slow.lines
  }

  if (records.length === 0) {
    if (diagnostics.length === 0) {
      diagnostics.push({severity: 'error', code: 'KOSH-EMPTY-FILE', summary: 'the file is empty: it needs at least a header row', file, line: 1, column: 1, expected: 'a header row naming the columns'})
    }
    return {diagnostics}
  }
  const [header, ...rest] = records
  const [headerLine, ...recordLines] = lines
  const locator = locatorOf(bytes)
  const table: CsvTable = {
    header: header.map((name) => name.trim()),
    records: rest,
    lines: recordLines,
    headerLine,
    incomplete: diagnostics.length > 0,
    locate: (line, index) => locator.locate(line, index),
  }
  checkRagged(file, table, diagnostics)
  return {table, diagnostics}
}

/** The fast path: csv-parse without line info. `clean` is false when any record was not valid CSV. */
async function parseRecords(bytes: Buffer, onRecord?: (record: string[], index: number) => void): Promise<{records: string[][]; count: number; clean: boolean}> {
  const records: string[][] = []
  let clean = true
  let count = 0
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: () => {
      clean = false
    },
  })
  parser.on('readable', () => {
    let record: string[] | null
    while ((record = parser.read()) !== null) {
      if (onRecord) onRecord(record, count)
      else records.push(record)
      count++
    }
  })
  const done = new Promise<void>((resolve) => {
    parser.on('end', resolve)
    parser.on('error', () => {
      clean = false
      resolve()
    })
  })
  for (let offset = 0; offset < bytes.length && clean; offset += CHUNK) {
    if (!parser.write(bytes.subarray(offset, offset + CHUNK))) {
      await new Promise((resolve) => parser.once('drain', resolve))
    }
  }
  parser.end()
  await done
  return {records, count, clean}
}

/** Where a file's rows go as they are read: the header once, then each row with its line. */
export interface RowSink {
  /** Returns false when the rows cannot be read (a required column is missing, say). */
  header(table: CsvTable): boolean
  /** On the clean path, `entries` and `cells` hold each cell's interner entry and flags (valid only during the call) and `plain` says no cell needs trimming (see `scanCsv`). */
  row(record: string[], line: number, entries?: Int32Array, plain?: boolean, cells?: Uint8Array): void
  /** Per column of the header, the interner its cells are read through (none: decoded as they come). */
  interners?(header: string[]): (Interner | undefined)[]
}

/**
 * Read a file row by row into a sink, without holding its records: at a
 * million rows, held records cost more in garbage collection than parsing.
 * The clean path (`scanCsv`) knows each record's line; when the file holds
 * what it does not read (a row that is not valid CSV, a bare CR),
 * the rows read so far are dropped (`makeSink` is called again for a fresh
 * sink and fresh diagnostics) and the file is read by the line-tracking path
 * of `readCsv`. `part`: the file's last part, being scanned on another thread
 * (scan-part.ts).
 */
export async function streamCsv(file: string, bytes: Buffer, makeSink: (diagnostics: Diagnostic[]) => RowSink, part?: PartScan): Promise<Diagnostic[]> {
  if (!isUtf8(bytes)) {
    part?.stop()
    return [notUtf8(file, bytes)]
  }
  let diagnostics: Diagnostic[] = []
  let sink = makeSink(diagnostics)
  const visitor = new SinkVisitor(file, bytes, sink, diagnostics)
  if ((await scanClean(bytes, visitor, part)) && visitor.table !== undefined) return diagnostics

  // Start over on the line-tracking path.
  diagnostics = []
  sink = makeSink(diagnostics)
  const read = await readCsv(file, bytes)
  appendAll(diagnostics, read.diagnostics)
  if (!read.table) return diagnostics
  if (sink.header(read.table)) {
    for (let i = 0; i < read.table.records.length; i++) sink.row(read.table.records[i], read.table.lines[i])
  }
  return diagnostics
}

/**
 * The clean path: `scanCsv` over the whole file, or up to where `part`
 * starts and then that part's records as the other thread read them (or,
 * where they cannot be used, the scan again from where it stopped). False
 * when the file needs the line-tracking path.
 */
async function scanClean(bytes: Buffer, visitor: SinkVisitor, part: PartScan | undefined): Promise<boolean> {
  const text = bytes.toString('latin1')
  const stop = scanCsv(bytes, visitor, undefined, part?.from, text)
  if (stop === false || stop.at >= text.length || part === undefined) {
    part?.stop()
    return stop !== false
  }
  // Not when the part would start at the header, or before it.
  const columns = visitor.columns
  const read = stop.at === part.from && columns !== undefined ? await part.take() : (part.stop(), undefined)
  if (read && columns) {
    replayPart(read, bytes, text, columns, stop.line, visitor)
    return true
  }
  return scanCsv(bytes, visitor, {from: stop.at, line: stop.line, interners: visitor.columns}, undefined, text) !== false
}

/** The clean path's records, passed on to a sink: the header once, then each row with its line. */
class SinkVisitor implements CsvVisitor {
  table?: CsvTable
  /** Per column, the interner the sink gave for it (once the header has been read). */
  columns?: (Interner | undefined)[]
  private accept = false
  private width = 0

  constructor(
    private readonly file: string,
    private readonly bytes: Buffer,
    private readonly sink: RowSink,
    private readonly diagnostics: Diagnostic[],
  ) {}

  interners(header: string[]): (Interner | undefined)[] {
    return (this.columns = this.sink.interners?.(header) ?? [])
  }

  record(record: string[], line: number, entries: Int32Array, plain: boolean, cells: Uint8Array): void {
    const table = this.table
    if (table === undefined) {
      const locator = locatorOf(this.bytes)
      this.table = {header: record.map((name) => name.trim()), records: [], lines: [], headerLine: line, incomplete: false, locate: (l, i) => locator.locate(l, i), interned: true}
      this.width = record.length
      this.accept = this.sink.header(this.table)
      return
    }
    if (record.length !== this.width) raggedRow(this.file, table, record.length, line, this.diagnostics)
    if (this.accept) this.sink.row(record, line, entries, plain, cells)
  }
}

/**
 * Line numbers of the non-empty lines, one per record, when every record is one
 * physical line; undefined when the counts disagree.
 */
function lineStarts(bytes: Buffer, expected: number): number[] | undefined {
  const lines: number[] = []
  let line = 1
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  while (start <= bytes.length) {
    let end = bytes.indexOf(LF, start)
    if (end === -1) end = bytes.length
    let last = end
    if (last > start && bytes[last - 1] === CR) last--
    if (last > start) lines.push(line)
    line++
    start = end + 1
  }
  return expected < 0 || lines.length === expected ? lines : undefined
}

export interface SyntaxProblem {
  kind: 'unterminated-quote' | 'text-after-closing-quote' | 'quote-in-unquoted-field'
  line: number
  column: number
  /** Where the quote that caused it was opened. */
  opened?: Position
  found: string
}

export interface ParsedText {
  records: string[][]
  lines: number[]
  problems: SyntaxProblem[]
}

/**
 * RFC 4180 records of a text, with the line each starts on: `,` between
 * fields, LF or CRLF between records, `"` around a field that holds a comma,
 * quote or line break, `""` for a quote inside one. Empty lines are skipped.
 * A record that is not valid CSV is dropped with a problem naming the line and
 * column of its first error, and later rows are still read: text after a
 * closing quote, or a quote inside an unquoted field, is taken as text to the
 * end of the record (as csv-parse's relax_quotes would), so a quoted line
 * break later in the same record does not throw reading out of step; after a
 * quote that is never closed, reading resumes on the line after the one where
 * it was opened.
 */
export function parseText(text: string): ParsedText {
  const records: string[][] = []
  const lines: number[] = []
  const problems: SyntaxProblem[] = []
  const n = text.length
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0
  let line = 1
  let lineStart = pos

  /** Drop the record: resume at the start of the line after `at`. */
  const resumeAfterLineOf = (at: number, atLine: number) => {
    const nl = text.indexOf('\n', at)
    pos = nl === -1 ? n : nl + 1
    line = atLine + 1
    lineStart = pos
  }

  records: while (pos < n) {
    const first = text.charCodeAt(pos)
    if (first === LF || (first === CR && (text.charCodeAt(pos + 1) === LF || pos + 1 === n))) {
      pos += first === LF ? 1 : 2
      line++
      lineStart = pos
      continue
    }
    const recordLine = line
    const record: string[] = []
    /** The record is not valid CSV: it is read to its end, then dropped. */
    let bad = false
    for (;;) {
      if (text.charCodeAt(pos) === QUOTE) {
        const opened: Position = {line, column: pos - lineStart + 1}
        const openedAt = pos
        let value = ''
        let from = pos + 1
        for (;;) {
          const close = text.indexOf('"', from)
          if (close === -1) {
            problems.push({kind: 'unterminated-quote', line: opened.line, column: opened.column, opened, found: 'an opening quote with no closing quote before the end of the file'})
            resumeAfterLineOf(openedAt, opened.line)
            continue records
          }
          for (let nl = text.indexOf('\n', from); nl !== -1 && nl < close; nl = text.indexOf('\n', nl + 1)) {
            line++
            lineStart = nl + 1
          }
          value += text.slice(from, close)
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"'
            from = close + 2
            continue
          }
          pos = close + 1
          break
        }
        const next = text.charCodeAt(pos)
        if (!(pos >= n || next === COMMA || next === LF || (next === CR && (text.charCodeAt(pos + 1) === LF || pos + 1 === n)))) {
          if (!bad) problems.push({kind: 'text-after-closing-quote', line, column: pos - lineStart + 1, opened: opened.line === line ? undefined : opened, found: rawField(text, openedAt)})
          bad = true
          // The rest of the field is taken as text, up to the next comma or line end.
          while (pos < n && text.charCodeAt(pos) !== COMMA && text.charCodeAt(pos) !== LF) pos++
        }
        record.push(value)
      } else {
        let end = pos
        for (; end < n; end++) {
          const ch = text.charCodeAt(end)
          if (ch === COMMA || ch === LF) break
          if (ch === QUOTE && !bad) {
            // Reported, then taken as text so the rest of the record is read as such.
            problems.push({kind: 'quote-in-unquoted-field', line, column: end - lineStart + 1, found: rawField(text, pos)})
            bad = true
          }
        }
        // The CR of a CRLF line end is not part of the field.
        const trim = end > pos && text.charCodeAt(end - 1) === CR && (end === n || text.charCodeAt(end) === LF) ? 1 : 0
        record.push(text.slice(pos, end - trim))
        pos = end
      }
      if (pos >= n) break
      if (text.charCodeAt(pos) === COMMA) {
        pos++
        continue
      }
      if (text.charCodeAt(pos) === CR) pos++
      pos++
      line++
      lineStart = pos
      break
    }
    if (bad) continue
    records.push(record)
    lines.push(recordLine)
  }
  return {records, lines, problems}
}

/** The raw text of the field starting at `start`, up to its line's next comma, for a diagnostic. */
function rawField(text: string, start: number): string {
  let end = text.indexOf('\n', start)
  if (end === -1) end = text.length
  // Past the first closing quote (or the start), up to the next comma.
  const close = text.charCodeAt(start) === QUOTE ? text.indexOf('"', start + 1) : start
  const comma = text.indexOf(',', close === -1 ? start : close)
  if (comma !== -1 && comma < end) end = comma
  const raw = text.slice(start, end).replace(/\r$/, '')
  return raw.length > 60 ? `${raw.slice(0, 57)}...` : raw
}

function syntaxDiagnostic(file: string, problem: SyntaxProblem): Diagnostic {
  const at = {file, line: problem.line, column: problem.column}
  switch (problem.kind) {
    case 'unterminated-quote':
      return {
        severity: 'error',
        code: 'KOSH-UNTERMINATED-QUOTE',
        summary: 'a quoted field is never closed',
        ...at,
        found: problem.found,
        expected: 'a closing " (write "" for a quote inside a quoted field)',
        hint: 'The row was skipped; reading resumed on the next line',
      }
    case 'text-after-closing-quote':
      return {
        severity: 'error',
        code: 'KOSH-CSV-SYNTAX',
        summary: problem.opened
          ? `the row is not valid CSV: text follows the quote that closes the field opened on line ${problem.opened.line}`
          : 'the row is not valid CSV: text follows the closing quote of a field',
        ...at,
        found: problem.found,
        expected: 'a comma or the end of the line after a closing " (write "" for a quote inside a quoted field)',
      }
    case 'quote-in-unquoted-field':
      return {
        severity: 'error',
        code: 'KOSH-CSV-SYNTAX',
        summary: 'the row is not valid CSV: a quote inside a field that does not start with a quote',
        ...at,
        found: problem.found,
        expected: 'the whole field in quotes, with "" for each quote inside it (e.g. "Mega ""Bank""")',
      }
  }
}

function checkRagged(file: string, table: CsvTable, diagnostics: Diagnostic[]): void {
  const width = table.header.length
  for (let i = 0; i < table.records.length; i++) {
    if (table.records[i].length !== width) raggedRow(file, table, table.records[i].length, table.lines[i], diagnostics)
  }
}

function raggedRow(file: string, table: CsvTable, count: number, line: number, diagnostics: Diagnostic[]): void {
  const width = table.header.length
  const extra = count > width ? table.locate(line, width) : undefined
  diagnostics.push({
    severity: 'error',
    code: 'KOSH-RAGGED-ROW',
    summary: count > width ? 'the row has more fields than the header' : 'the row has fewer fields than the header',
    file,
    line: extra?.line ?? line,
    column: extra?.column,
    found: `${count} field${count === 1 ? '' : 's'}`,
    expected: `${width}, as in the header`,
  })
}

/**
 * Positions in one file's text, for pointing diagnostics at cells. Built once
 * per file, on the first diagnostic that needs it (the clean path never does),
 * so each lookup costs only the length of its record.
 */
export class CsvLocator {
  private starts?: number[]
  private decoded?: string

  constructor(private readonly bytes: Buffer) {}

  get text(): string {
    this.decoded ??= this.bytes.toString('utf8')
    return this.decoded
  }

  /** Offset in `text` where each line (1-based) starts; a leading BOM is not part of line 1. */
  private lineStart(line: number): number | undefined {
    if (!this.starts) {
      const text = this.text
      const starts = [text.charCodeAt(0) === 0xfeff ? 1 : 0]
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) starts.push(nl + 1)
      this.starts = starts
    }
    return this.starts[line - 1]
  }

  /**
   * Where field `index` (0-based) of the record starting on `line` begins.
   * Quoted fields may span lines, so the field can sit on a later line.
   */
  locate(line: number, index: number): Position | undefined {
    return this.fields(line, index + 1)[index]
  }

  /** The names in the header: the first line that is not empty. */
  header(): string[] {
    const text = this.text
    for (let line = 1; ; line++) {
      const start = this.lineStart(line)
      if (start === undefined) return []
      const ch = text.charCodeAt(start)
      if (start >= text.length || ch === LF || (ch === CR && text.charCodeAt(start + 1) === LF)) continue
      const values: {value: string; at: Position}[] = []
      this.fields(line, Infinity, values)
      return values.map((field) => field.value)
    }
  }

  private fields(line: number, limit: number, values?: {value: string; at: Position}[]): Position[] {
    const positions: Position[] = []
    let pos = this.lineStart(line)
    if (pos === undefined) return positions
    const text = this.text
    const n = text.length
    let lineStart = pos
    while (positions.length < limit) {
      const at = {line, column: pos - lineStart + 1}
      positions.push(at)
      let value = ''
      if (text.charCodeAt(pos) === QUOTE) {
        let from = pos + 1
        for (;;) {
          const close = text.indexOf('"', from)
          const stop = close === -1 ? n : close
          for (let nl = text.indexOf('\n', from); nl !== -1 && nl < stop; nl = text.indexOf('\n', nl + 1)) {
            line++
            lineStart = nl + 1
          }
          value += text.slice(from, stop)
          if (close === -1) return positions
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"'
            from = close + 2
            continue
          }
          pos = close + 1
          break
        }
        // Anything up to the delimiter belongs to this (invalid) field.
        while (pos < n && text.charCodeAt(pos) !== COMMA && text.charCodeAt(pos) !== LF) pos++
      } else {
        const start = pos
        while (pos < n && text.charCodeAt(pos) !== COMMA && text.charCodeAt(pos) !== LF) pos++
        value = text.slice(start, pos).replace(/\r$/, '')
      }
      values?.push({value, at})
      if (pos >= n || text.charCodeAt(pos) !== COMMA) break
      pos++
    }
    return positions
  }
}

const locators = new WeakMap<Buffer, CsvLocator>()

/** The locator of a file's bytes, shared by every stage that points into the file. */
export function locatorOf(bytes: Buffer): CsvLocator {
  let locator = locators.get(bytes)
  if (!locator) {
    locator = new CsvLocator(bytes)
    locators.set(bytes, locator)
  }
  return locator
}

/** Name a file that is not UTF-8, with where the first bad byte sits and a guess at what it is. */
function notUtf8(file: string, bytes: Buffer): Diagnostic {
  const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  const offset = firstInvalidUtf8(bytes)
  let lineStart = 0
  let line = 1
  for (let nl = bytes.indexOf(LF); nl !== -1 && nl < offset; nl = bytes.indexOf(LF, nl + 1)) {
    line++
    lineStart = nl + 1
  }
  // Everything before the bad byte is valid UTF-8: count its characters for the column.
  let column = bytes.toString('utf8', lineStart, offset).replace(/^\uFEFF/, '').length + 1
  let high = 0
  let cyrillic = 0
  for (const byte of bytes) {
    if (byte >= 0x80) {
      high++
      if (byte >= 0xc0) cyrillic++
    }
  }
  const looks1251 = !utf16 && high > 0 && cyrillic / high > 0.6
  if (utf16) {
    line = 1
    column = 1
  }
  return {
    severity: 'error',
    code: 'KOSH-NOT-UTF8',
    summary: utf16
      ? 'the file is not UTF-8: it is UTF-16 (Excel "Unicode Text")'
      : looks1251
        ? 'the file is not UTF-8: it looks like a Windows-1251 (Cyrillic) export'
        : 'the file is not UTF-8',
    file,
    line,
    column,
    found: utf16
      ? `the UTF-16 byte order mark ${bytes[0].toString(16).toUpperCase()} ${bytes[1].toString(16).toUpperCase()}`
      : `byte 0x${bytes[offset].toString(16).toUpperCase().padStart(2, '0')}, which is not valid UTF-8 here`,
    expected: 'UTF-8 text',
    hint: looks1251
      ? 'Re-save it as "CSV UTF-8" in Excel, or convert it: iconv -f WINDOWS-1251 -t UTF-8'
      : 'Re-save it as UTF-8 (in Excel: "CSV UTF-8")',
  }
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence (Unicode table 3-7). */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]
    if (b < 0x80) {
      i++
      continue
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1
    if (need < 0) return i
    // The second byte's range is narrower after E0, ED, F0 and F4 (no overlongs, surrogates or > U+10FFFF).
    const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80
    const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i
    }
    i += need + 1
  }
  return bytes.length - 1
}
