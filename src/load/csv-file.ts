/**
 * Reading one inventory CSV file: bytes -> header + records + line numbers + diagnostics.
 *
 * The file is checked to be UTF-8 first (an Excel export in Windows-1251 is
 * named as such rather than parsed into mojibake), then streamed through
 * csv-parse as arrays. csv-parse's per-record line info doubles its cost, so
 * line numbers are derived from the byte positions of line breaks instead; only
 * when quoted line breaks make records span lines does the file get a second,
 * line-tracking parse. Syntax errors are collected per record
 * (`skip_records_with_error`), so one bad row does not hide the next.
 */
import {isUtf8} from 'node:buffer'
import {parse, type CsvError} from 'csv-parse'

import type {Diagnostic} from '../model/diagnostic.js'

export interface CsvTable {
  header: string[]
  records: string[][]
  /** 1-based line where each record starts, parallel to `records`. */
  lines: number[]
  /** 1-based line of the header row. */
  headerLine: number
}

export interface CsvRead {
  table?: CsvTable
  diagnostics: Diagnostic[]
}

const CHUNK = 1 << 20

export async function readCsv(file: string, bytes: Buffer): Promise<CsvRead> {
  const diagnostics: Diagnostic[] = []
  if (!isUtf8(bytes)) {
    diagnostics.push(notUtf8(file, bytes))
    return {diagnostics}
  }

  let parsed = await parseRecords(file, bytes, false, diagnostics)
  let lines = lineStarts(bytes, parsed.records.length)
  if (lines === undefined) {
    // Some record spans lines (a quoted line break) or was skipped as bad:
    // parse again, this time with csv-parse's line tracking.
    diagnostics.length = 0
    parsed = await parseRecords(file, bytes, true, diagnostics)
    lines = parsed.lines
  }

  if (parsed.records.length === 0) {
    if (diagnostics.length === 0) {
      diagnostics.push({severity: 'error', code: 'KOSH-EMPTY-FILE', summary: 'the file is empty: it needs at least a header row', file, line: 1, column: 1, expected: 'a header row naming the columns'})
    }
    return {diagnostics}
  }
  const [header, ...records] = parsed.records
  const [headerLine, ...recordLines] = lines
  const table: CsvTable = {header: header.map((name) => name.trim()), records, lines: recordLines, headerLine}
  checkRagged(file, bytes, table, diagnostics)
  return {table, diagnostics}
}

interface Parsed {
  records: string[][]
  lines: number[]
}

async function parseRecords(file: string, bytes: Buffer, trackLines: boolean, diagnostics: Diagnostic[]): Promise<Parsed> {
  const records: string[][] = []
  const lines: number[] = []
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: trackLines,
    on_skip: (error: CsvError | undefined) => {
      if (error) diagnostics.push(syntaxDiagnostic(file, bytes, error))
    },
  })
  parser.on('readable', () => {
    let item: unknown
    while ((item = parser.read()) !== null) {
      if (trackLines) {
        const {record, info} = item as {record: string[]; info: {lines: number}}
        records.push(record)
        // info.lines is the line the record ends on; count its line breaks back to where it starts.
        lines.push(info.lines - countBreaks(record))
      } else {
        records.push(item as string[])
      }
    }
  })
  const done = new Promise<void>((resolve) => {
    parser.on('end', resolve)
    parser.on('error', (error: CsvError) => {
      diagnostics.push(syntaxDiagnostic(file, bytes, error))
      resolve()
    })
  })
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    if (!parser.write(bytes.subarray(offset, offset + CHUNK))) {
      await new Promise((resolve) => parser.once('drain', resolve))
    }
  }
  parser.end()
  await done
  return {records, lines}
}

function countBreaks(record: string[]): number {
  let breaks = 0
  for (const field of record) {
    for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) breaks++
  }
  return breaks
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
    let end = bytes.indexOf(10, start)
    if (end === -1) end = bytes.length
    let last = end
    if (last > start && bytes[last - 1] === 13) last--
    if (last > start) lines.push(line)
    line++
    start = end + 1
  }
  return lines.length === expected ? lines : undefined
}

function syntaxDiagnostic(file: string, bytes: Buffer, error: CsvError): Diagnostic {
  const context = error as CsvError & {lines?: number; column?: number | string}
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    const opened = unclosedQuote(bytes.toString('utf8'))
    return {
      severity: 'error',
      code: 'KOSH-UNTERMINATED-QUOTE',
      summary: 'a quoted field is never closed',
      file,
      line: opened?.line ?? context.lines,
      column: opened?.column,
      found: 'an opening quote with no closing quote before the end of the file',
      expected: 'a closing " (write "" for a quote inside a quoted field)',
    }
  }
  return {
    severity: 'error',
    code: 'KOSH-CSV-SYNTAX',
    summary: `the row is not valid CSV: ${error.message.replace(/^[^:]*:\s*/, '')}`,
    file,
    line: context.lines,
    expected: 'RFC 4180 CSV: comma-separated fields, quoted with " when they hold a comma, quote or line break',
  }
}

/** Where the quote that is still open at the end of the text was opened. */
export function unclosedQuote(text: string): {line: number; column: number} | undefined {
  let line = 1
  let column = 0
  let inQuotes = false
  let fieldStart = true
  let opened: {line: number; column: number} | undefined
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    column++
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          i++
          column++
        } else {
          inQuotes = false
        }
      }
    } else if (ch === '"' && fieldStart) {
      inQuotes = true
      opened = {line, column}
    }
    fieldStart = !inQuotes && (ch === ',' || ch === '\n' || ch === '\r')
    if (ch === '\n') {
      line++
      column = 0
      if (!inQuotes) fieldStart = true
    }
  }
  return inQuotes ? opened : undefined
}

function checkRagged(file: string, bytes: Buffer, table: CsvTable, diagnostics: Diagnostic[]): void {
  const width = table.header.length
  for (let i = 0; i < table.records.length; i++) {
    const count = table.records[i].length
    if (count === width) continue
    diagnostics.push({
      severity: 'error',
      code: 'KOSH-RAGGED-ROW',
      summary: count > width ? 'the row has more fields than the header' : 'the row has fewer fields than the header',
      file,
      line: table.lines[i],
      column: count > width ? columnOfField(bytes, table.lines[i], width) : undefined,
      found: `${count} field${count === 1 ? '' : 's'}`,
      expected: `${width}, as in the header`,
    })
  }
}

/**
 * The 1-based character column where field `index` (0-based) starts on a line,
 * for pointing a diagnostic at a cell. Quoted commas are skipped.
 */
export function columnOfField(bytes: Buffer | string, line: number, index: number): number | undefined {
  const text = lineText(bytes, line)
  if (text === undefined) return undefined
  let field = 0
  let inQuotes = false
  for (let i = 0; i < text.length; i++) {
    if (field === index) return i + 1
    const ch = text[i]
    if (ch === '"') inQuotes = !inQuotes
    else if (ch === ',' && !inQuotes) field++
  }
  return field === index ? text.length + 1 : undefined
}

function lineText(bytes: Buffer | string, line: number): string | undefined {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('utf8')
  let start = 0
  for (let l = 1; l < line; l++) {
    start = text.indexOf('\n', start) + 1
    if (start === 0) return undefined
  }
  let end = text.indexOf('\n', start)
  if (end === -1) end = text.length
  return text.slice(start, end).replace(/\r$/, '').replace(/^\uFEFF/, '')
}

/** Name a file that is not UTF-8, with where the first bad byte sits and a guess at what it is. */
function notUtf8(file: string, bytes: Buffer): Diagnostic {
  const offset = firstInvalidUtf8(bytes)
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 10) {
      line++
      lineStart = i + 1
    }
  }
  let high = 0
  let cyrillic = 0
  for (const byte of bytes) {
    if (byte >= 0x80) {
      high++
      if (byte >= 0xc0) cyrillic++
    }
  }
  const looks1251 = high > 0 && cyrillic / high > 0.6
  return {
    severity: 'error',
    code: 'KOSH-NOT-UTF8',
    summary: looks1251 ? 'the file is not UTF-8: it looks like a Windows-1251 (Cyrillic) export' : 'the file is not UTF-8',
    file,
    line,
    column: offset - lineStart + 1,
    found: `byte 0x${bytes[offset].toString(16).toUpperCase().padStart(2, '0')}, which cannot start or continue a UTF-8 character`,
    expected: 'UTF-8 text',
    hint: looks1251
      ? 'Re-save it as "CSV UTF-8" in Excel, or convert it: iconv -f WINDOWS-1251 -t UTF-8'
      : 'Re-save it as UTF-8 (in Excel: "CSV UTF-8")',
  }
}

function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1
    if (need < 0) return i
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]
      if (c === undefined || (c & 0xc0) !== 0x80) return i
    }
    i += need + 1
  }
  return bytes.length - 1
}
