/**
 * Typed cells: turning the strings of one CSV row into the model's values, and
 * a diagnostic (with file, line, column, what was found and what was expected)
 * for every cell that does not parse. One reader per file; it keeps going after
 * a bad cell so that every problem of the file is reported.
 */
import type {Diagnostic} from '../model/diagnostic.js'
import {CLASSES, type DataClass, type Extra} from '../model/inventory.js'
import type {CsvTable} from './csv-file.js'
import {CELL_TRIM, CELL_VISIBLE} from './scan-csv.js'

export interface ColumnSpec {
  name: string
  required: boolean
}

const EMPTY_EXTRA: Extra = Object.freeze({}) as Extra
const EMPTY_LIST: string[] = Object.freeze([]) as unknown as string[]
const isVisible = (c: number) => c > 32 && c < 127
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

export class RowReader {
  /** Column position by name: a plain object, read for every cell, looks up faster than a Map. */
  private readonly index: Record<string, number> = Object.create(null)
  readonly extraColumns: string[] = []
  /** Whether every required column is present, once, so rows can be read. */
  readonly usable: boolean
  /** The record being read and its line; set by `at`. */
  private record: string[] = []
  line = 0

  constructor(
    readonly file: string,
    private readonly table: CsvTable,
    columns: readonly ColumnSpec[],
    readonly diagnostics: Diagnostic[],
  ) {
    const known = new Set(columns.map((c) => c.name))
    let usable = true
    table.header.forEach((name, i) => {
      // A column without a name (Excel's trailing ",,") holds nothing kosh reads or keeps.
      if (name === '') return
      if (name in this.index) {
        diagnostics.push({severity: 'error', code: 'KOSH-DUPLICATE-COLUMN', summary: `the column "${name}" appears twice in the header`, file, line: table.headerLine, column: table.locate(table.headerLine, i)?.column, found: name, expected: 'each column once'})
        usable = false
        return
      }
      this.index[name] = i
      if (!known.has(name)) this.extraColumns.push(name)
    })
    for (const column of columns) {
      if (column.required && !(column.name in this.index)) {
        diagnostics.push({severity: 'error', code: 'KOSH-MISSING-COLUMN', summary: `the required column "${column.name}" is missing`, file, line: table.headerLine, column: 1, found: table.header.join(','), expected: `a header with ${columns.filter((c) => c.required).map((c) => c.name).join(', ')}`})
        usable = false
      }
    }
    this.usable = usable
  }

  at(row: number): this {
    this.record = this.table.records[row]
    this.line = this.table.lines[row]
    this.plain = false
    this.cells = undefined
    return this
  }

  /** Whether no cell of the record needs trimming (the scanner can tell). */
  private plain = false

  /** The scanner's flags for each cell of the record (see `scanCsv`), when it read it. */
  private cells?: Uint8Array

  /** Read a record that is not held in the table (streamed). */
  use(record: string[], line: number, plain = false, cells?: Uint8Array): this {
    this.record = record
    this.line = line
    this.plain = plain
    this.cells = cells
    return this
  }

  /** The trimmed cell, or '' when the column is absent or the row is short. */
  cell(name: string): string {
    const i = this.index[name]
    if (i === undefined) return ''
    const value = this.record[i]
    if (value === undefined) return ''
    if (this.plain || (this.cells !== undefined && (this.cells[i] & CELL_TRIM) === 0)) return value
    // Most cells have nothing to trim: printable ASCII at both ends says so without a new string.
    const first = value.charCodeAt(0)
    const last = value.charCodeAt(value.length - 1)
    return value.length === 0 || (first > 32 && first < 127 && last > 32 && last < 127) ? value : value.trim()
  }

  /** Where the column is in each record; -1 when the file has none. */
  position(name: string): number {
    return this.index[name] ?? -1
  }

  /** The class list already read, without a problem, from this exact cell text; undefined if none was. */
  knownClasses(cell: string): DataClass[] | undefined {
    return this.classLists.get(cell)
  }

  /** Whether the row reaches the column: a short row is reported once, as ragged, not once per missing cell. */
  private present(name: string): boolean {
    const i = this.index[name]
    return i !== undefined && i < this.record.length
  }

  text(name: string, required = false): string {
    const value = this.cell(name)
    if (required && value === '' && this.present(name)) this.problem(name, 'KOSH-MISSING-VALUE', `"${name}" must not be empty`, value, 'a value')
    return value
  }

  enumOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T
  enumOf<T extends string>(name: string, allowed: readonly T[]): T | undefined
  enumOf<T extends string>(name: string, allowed: readonly T[], fallback?: T): T | undefined {
    const value = this.cell(name)
    if (value === '') return fallback
    // Return the allowed constant itself: a million rows then share one string.
    const at = allowed.indexOf(value as T)
    if (at >= 0) return allowed[at]
    const lower = allowed.indexOf(value.toLowerCase() as T)
    if (lower >= 0) return allowed[lower]
    this.problem(name, 'KOSH-BAD-VALUE', `"${name}" has a value kosh does not know`, value, `one of ${allowed.join(', ')}`)
    return fallback
  }

  number(name: string, fallback: number): number {
    const value = this.cell(name)
    if (value === '') return fallback
    if (NUMBER.test(value)) {
      const n = Number(value)
      if (n >= 0) return n
    }
    this.problem(name, 'KOSH-BAD-NUMBER', `"${name}" is not a non-negative number`, value, 'a number such as 120 or 0.5 (a point, not a comma, for decimals)')
    return fallback
  }

  wave(name: string): number | undefined {
    const value = this.cell(name)
    if (value === '') return undefined
    if (/^\d+$/.test(value) && Number(value) >= 1) return Number(value)
    this.problem(name, 'KOSH-BAD-NUMBER', `"${name}" is not a wave number`, value, 'a whole number from 1')
    return undefined
  }

  date(name: string, required = false): string | undefined {
    const value = this.cell(name)
    if (value === '') {
      if (required && this.present(name)) this.problem(name, 'KOSH-MISSING-VALUE', `"${name}" must not be empty`, value, 'an ISO date (YYYY-MM-DD)')
      return undefined
    }
    if (isIsoDate(value)) return value
    this.problem(name, 'KOSH-BAD-DATE', `"${name}" is not a valid ISO date`, value, 'an ISO date YYYY-MM-DD, e.g. 2027-06-30')
    return undefined
  }

  /** A `;`-separated list, trimmed, empty items dropped. */
  list(name: string): string[] {
    const value = this.cell(name)
    if (value === '') return EMPTY_LIST
    const items = value.split(';').map((item) => item.trim()).filter((item) => item !== '')
    return items.length === 0 ? EMPTY_LIST : items
  }

  /**
   * The cell, shared with earlier rows that held the same text. For columns
   * whose values repeat (owners, zones, purposes), so that a large inventory
   * holds each distinct value once.
   */
  shared(name: string, required = false): string {
    const value = this.text(name, required)
    if (this.table.interned) return value
    const known = this.sharedValues.get(value)
    if (known !== undefined) return known
    this.sharedValues.set(value, value)
    return value
  }

  /** A reference to a row of another file: the other file's own id string when it is known. */
  reference(name: string, ids: ReadonlyMap<string, string>): string {
    const value = this.text(name, true)
    // Read through the ids' interner, the cell already is the id's own string.
    if (this.table.interned) return value
    return ids.get(value) ?? value
  }

  /** Parsed class lists by cell text: they repeat, and each is parsed (and reported) per row but stored once. */
  private readonly classLists = new Map<string, DataClass[]>()
  private readonly sharedValues = new Map<string, string>()

  classes(name: string): DataClass[] {
    const cell = this.cell(name)
    const known = this.classLists.get(cell)
    if (known !== undefined) return known
    const before = this.diagnostics.length
    const parsed = this.parseClasses(name)
    // Only a list without problems may stand for later rows: each bad row must be reported.
    if (this.diagnostics.length === before) this.classLists.set(cell, Object.freeze(parsed) as DataClass[])
    return parsed
  }

  private parseClasses(name: string): DataClass[] {
    const items = this.list(name)
    if (items.length === 0) return items as DataClass[]
    const result: DataClass[] = []
    for (const item of items) {
      const lower = item.toLowerCase() as DataClass
      if (CLASSES.includes(lower)) {
        if (!result.includes(lower)) result.push(lower)
      } else {
        this.problem(name, 'KOSH-UNKNOWN-CLASS', `"${name}" names a class kosh does not know`, item, `classes from ${CLASSES.join(', ')}, separated by ;`)
      }
    }
    return CLASSES.filter((c) => result.includes(c))
  }

  extra(): Extra {
    if (this.extraColumns.length === 0) return EMPTY_EXTRA
    const extra: Extra = {}
    for (const name of this.extraColumns) extra[name] = this.cell(name)
    return extra
  }

  /** Whether every cell of the current record is blank (Excel writes such rows as ",,,"). */
  get blank(): boolean {
    const record = this.record
    const cells = this.cells
    // Nearly every row has a cell that starts with printable ASCII: no trimming needed to say it is not blank
    // (the scanner's flags say so without touching the strings).
    for (let i = 0; i < record.length; i++) {
      if (cells !== undefined ? (cells[i] & CELL_VISIBLE) !== 0 : isVisible(record[i].charCodeAt(0))) return false
    }
    return this.plain ? record.every((value) => value === '') : record.every((value) => value.trim() === '')
  }

  problem(column: string, code: string, summary: string, found: string, expected: string): void {
    const i = this.index[column]
    // A quoted line break can put the cell on a later line than the row starts on.
    const at = i === undefined ? undefined : this.table.locate(this.line, i)
    this.diagnostics.push({
      severity: 'error',
      code,
      summary,
      file: this.file,
      line: at?.line ?? this.line,
      column: at?.column,
      field: column,
      found,
      expected,
    })
  }
}

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value)
  if (!m) return false
  const [, y, mo, d] = m.map(Number)
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}
