/**
 * A file another tool exported, read as a table whose rows remember their
 * line, so every imported system and flow can say where it came from
 * (`export.csv:12`). The inventory's own CSV reader does the parsing (UTF-8
 * check, BOM, CRLF, RFC 4180 quoting, quoted line breaks), so an export is
 * read exactly as strictly as an inventory file.
 *
 * Vendors' headers vary in case and spacing between versions ("Time slot",
 * "Timeslot", "time_slot"), so a column is found by its exact name first and
 * else by its key: the name in lower case without spaces or punctuation.
 */
import type {Diagnostic} from '../model/diagnostic.js'
import {readCsv} from '../load/csv-file.js'

/** Where an imported record comes from: the file as the user knows it and a 1-based line. */
export interface SourceRef {
  file: string
  line: number
}

export function formatRef(ref: SourceRef): string {
  return `${ref.file}:${ref.line}`
}

export interface SourceRow {
  line: number
  cells: string[]
}

export interface SourceTable {
  file: string
  header: string[]
  headerLine: number
  rows: SourceRow[]
  /** Where field `index` of the record on `line` begins, when the reader knows. */
  columnOf(line: number, index: number): number | undefined
}

/** A column name reduced to letters and digits in lower case: "Time slot", "time_slot" and "TimeSlot" are one key. */
export function columnKey(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')
}

/** The index of a column: by its exact name, else by its key when exactly one column has it. */
export function findColumn(table: Pick<SourceTable, 'header'>, name: string): number | undefined {
  const exact = table.header.indexOf(name)
  if (exact !== -1) return exact
  const key = columnKey(name)
  const matches = table.header.flatMap((h, i) => (columnKey(h) === key ? [i] : []))
  return matches.length === 1 ? matches[0] : undefined
}

export function cell(row: SourceRow, index: number | undefined): string {
  return index === undefined ? '' : (row.cells[index] ?? '').trim()
}

/** The position reader of the inventory's CSV table, when the loader offers one. */
type Locate = (line: number, index: number) => {line: number; column: number} | undefined

export async function readSourceTable(file: string, bytes: Buffer): Promise<{table?: SourceTable; diagnostics: Diagnostic[]}> {
  const {table, diagnostics} = await readCsv(file, bytes)
  if (!table) return {diagnostics}
  const locate = (table as {locate?: Locate}).locate
  const rows: SourceRow[] = []
  for (let i = 0; i < table.records.length; i++) {
    const cells = table.records[i]
    // Spreadsheets write empty rows as ",,,": they hold nothing to import.
    if (cells.every((c) => c.trim() === '')) continue
    rows.push({line: table.lines[i], cells})
  }
  return {
    table: {
      file,
      header: table.header,
      headerLine: table.headerLine,
      rows,
      columnOf: (line, index) => locate?.call(table, line, index)?.column,
    },
    diagnostics,
  }
}

/** An error about one cell of a source table. */
export function cellError(table: SourceTable, row: SourceRow, index: number | undefined, code: string, summary: string, found: string, expected: string): Diagnostic {
  return {
    severity: 'error',
    code,
    summary,
    file: table.file,
    line: row.line,
    column: index === undefined ? undefined : table.columnOf(row.line, index),
    field: index === undefined ? undefined : table.header[index],
    found,
    expected,
  }
}

/** Errors for required columns the header lacks. */
export function missingColumns(table: SourceTable, required: readonly string[], what: string): Diagnostic[] {
  return required
    .filter((name) => findColumn(table, name) === undefined)
    .map((name) => ({
      severity: 'error' as const,
      code: 'KOSH-IMPORT-MISSING-COLUMN',
      summary: `the column "${name}" is missing: this does not look like ${what}`,
      file: table.file,
      line: table.headerLine,
      column: 1,
      found: table.header.join(','),
      expected: `a header with ${required.join(', ')}`,
    }))
}
