/**
 * Formats with one server (or configuration item) per row: each row becomes
 * a system through a column map. The AWS CMF intake form is this with a
 * built-in map; `generic` is this with the user's `--map` alone.
 *
 * A row repeated with the same values (one server listed twice) is one
 * system; the same id with different values is an error naming both rows.
 */
import type {Diagnostic} from '../../model/diagnostic.js'
import {appendAll} from '../../model/lists.js'
import {formatAddress, parseAddress, type Address} from '../address.js'
import type {ColumnMap, MapEntry, MapTarget} from '../column-map.js'
import {IMPORTED_FROM, note, SYSTEM_COLUMNS, type Draft, type DraftSystem, type SystemColumn} from '../draft.js'
import {cell, cellError, columnKey, findColumn, formatRef, missingColumns, type SourceRow, type SourceTable} from '../source.js'
import {readClasses, readCriticality, readEnvironment, readList, readStorage, readStrategy, readText, readWave, type ValueRead} from '../values.js'

const READERS: Record<Exclude<SystemColumn, 'id' | 'name'>, (text: string) => ValueRead> = {
  owner: readText,
  zone: readText,
  target_zone: readText,
  classes: readClasses,
  storage_gb: readStorage,
  criticality: readCriticality,
  strategy: readStrategy,
  after: readList,
  wave: readWave,
  group: readText,
  environment: readEnvironment,
}

/** One looked-up value: its text and where it came from. */
interface Cell {
  text: string
  entry?: MapEntry
  index?: number
}

export interface RowContext {
  table: SourceTable
  row: SourceRow
  addresses: Address[]
  get(target: MapTarget): string
}

export interface MappedFormat {
  /** What the file should be, for "this does not look like ..." errors. */
  what: string
  /** Columns every file must have. */
  required: string[]
  /** Built-in entries, used when their column exists and the user's map does not set the target. */
  defaults: MapEntry[]
  /** The user's map (`--map`); its entries win. */
  map?: ColumnMap
  /** The file the user's map was read from. */
  mapFile?: string
  /** The system id from the id cell. */
  idOf(raw: string): string
  /** Extra systems.csv columns and how to fill them. */
  extras: {name: string; value(context: RowContext): string}[]
}

export function draftFromRows(tables: SourceTable[], format: MappedFormat): Draft {
  const draft: Draft = {systems: [], flows: [], systemExtras: [...format.extras.map((e) => e.name), IMPORTED_FROM], flowExtras: [IMPORTED_FROM], columns: new Set(), notes: [], diagnostics: []}
  const seen = new Map<string, {system: DraftSystem; signature: string}>()
  const repeated: string[] = []
  const undecided: string[] = []
  // A bad constant is one mistake however many rows it fills: report it once.
  const badConstants = new Set<MapEntry>()

  for (const table of tables) {
    for (const name of table.header) draft.columns.add(columnKey(name))
    const missing = missingColumns(table, format.required, format.what)
    appendAll(draft.diagnostics, missing)
    const map = missing.length === 0 ? effectiveMap(table, format, draft.diagnostics) : undefined
    if (!map) continue
    for (const row of table.rows) {
      const system = readRow(table, row, map, format, draft.diagnostics, undecided, badConstants)
      if (!system) continue
      const signature = JSON.stringify([system.values, {...system.extra, [IMPORTED_FROM]: ''}])
      const first = seen.get(system.id)
      if (!first) {
        seen.set(system.id, {system, signature})
        draft.systems.push(system)
      } else if (first.signature === signature) {
        repeated.push(system.id)
      } else {
        draft.diagnostics.push({...cellError(table, row, map.get('id')?.index, 'KOSH-DUPLICATE-ID', `the system "${system.id}" is also on ${formatRef(first.system.ref)}, with other values`, system.id, 'one row per server, or the same values in each repeat')})
      }
    }
  }

  if (repeated.length > 0) draft.notes.push(note('repeated-rows', `${repeated.length} repeated row(s) with the same values were read once`, repeated))
  if (undecided.length > 0) draft.notes.push(note('strategy-undecided', `${undecided.length} system(s) have a strategy still to be decided (TBC): the column is left empty, which kosh reads as rehost`, undecided))
  const noEnvironment = draft.systems.filter((s) => !s.values.environment).map((s) => s.id)
  if (noEnvironment.length > 0) draft.notes.push(note('no-environment', `${noEnvironment.length} system(s) have no environment: kosh treats them as prod`, noEnvironment))
  const pinned = draft.systems.filter((s) => s.values.wave).map((s) => s.id)
  if (pinned.length > 0) draft.notes.push(note('pinned', `${pinned.length} system(s) are pinned to the wave the source gives; empty the wave column to let the planner choose`, pinned))
  return draft
}

/** The map for one table: built-in entries whose column it has, then the user's, each with its column index. */
function effectiveMap(table: SourceTable, format: MappedFormat, diagnostics: Diagnostic[]): Map<MapTarget, Cell & {entry: MapEntry}> | undefined {
  const result = new Map<MapTarget, Cell & {entry: MapEntry}>()
  let usable = true
  for (const entry of format.defaults) {
    if (entry.source.kind !== 'column') continue
    const index = findColumn(table, entry.source.column)
    if (index !== undefined) result.set(entry.target, {text: '', entry, index})
  }
  for (const entry of format.map?.values() ?? []) {
    if (entry.source.kind === 'constant') {
      result.set(entry.target, {text: entry.source.value, entry})
      continue
    }
    const index = findColumn(table, entry.source.column)
    if (index === undefined) {
      usable = false
      diagnostics.push({severity: 'error', code: 'KOSH-IMPORT-NO-COLUMN', summary: `"${entry.target}" is mapped to the column "${entry.source.column}", which ${table.file} does not have`, file: entry.file, line: entry.line, column: 1, found: entry.source.column, expected: `a column of ${table.file}: ${table.header.join(', ')}`})
      continue
    }
    result.set(entry.target, {text: '', entry, index})
  }
  if (usable && !result.has('id')) {
    diagnostics.push({severity: 'error', code: 'KOSH-IMPORT-NO-ID', summary: 'nothing is mapped to "id"', file: format.mapFile ?? table.file, expected: 'a line "id,COLUMN" in the column map naming the column that identifies each system'})
    return undefined
  }
  return usable ? result : undefined
}

function readRow(
  table: SourceTable,
  row: SourceRow,
  map: Map<MapTarget, Cell & {entry: MapEntry}>,
  format: MappedFormat,
  diagnostics: Diagnostic[],
  undecided: string[],
  badConstants: Set<MapEntry>,
): DraftSystem | undefined {
  const lookup = (target: MapTarget): Cell => {
    const mapped = map.get(target)
    if (!mapped) return {text: ''}
    return mapped.index === undefined ? mapped : {...mapped, text: cell(row, mapped.index)}
  }
  const problem = (at: Cell, code: string, summary: string, expected: string) => {
    // A bad constant is the map's fault: point at its line.
    if (at.index === undefined && at.entry?.file) {
      if (!badConstants.has(at.entry)) diagnostics.push({severity: 'error', code, summary, file: at.entry.file, line: at.entry.line, column: 1, field: at.entry.target, found: at.text, expected})
      badConstants.add(at.entry)
    } else diagnostics.push(cellError(table, row, at.index, code, summary, at.text, expected))
  }

  const idCell = lookup('id')
  if (idCell.text === '') {
    problem(idCell, 'KOSH-MISSING-VALUE', 'the row has no id', 'the name or id of the system')
    return undefined
  }
  const id = format.idOf(idCell.text)
  const values: DraftSystem['values'] = {id, name: lookup('name').text || idCell.text}
  let ok = true
  for (const column of SYSTEM_COLUMNS) {
    if (column === 'id' || column === 'name') continue
    const at = lookup(column)
    const read = READERS[column](at.text)
    if ('error' in read) {
      problem(at, 'KOSH-BAD-VALUE', `"${column}": ${read.error}`, read.expected)
      ok = false
      continue
    }
    if (read.undecided) undecided.push(id)
    // `after` names other rows by the same id rule as this row's id.
    values[column] = column === 'after' ? read.value.split(';').filter(Boolean).map(format.idOf).join(';') : read.value
  }

  const addresses: Address[] = []
  const ipCell = lookup('ip')
  for (const text of ipCell.text.split(/[\s;,]+/).filter(Boolean)) {
    const address = parseAddress(text)
    if (address) addresses.push(address)
    else {
      problem({...ipCell, text}, 'KOSH-IMPORT-BAD-ADDRESS', '"ip" is not an IPv4 or IPv6 address', 'addresses such as 10.1.2.3 or fd00::1, separated by ;')
      ok = false
    }
  }
  if (!ok) return undefined

  const host = lookup('host').text
  const attributes = new Map<string, Set<string>>()
  table.header.forEach((name, i) => {
    const key = columnKey(name)
    if (!attributes.has(key)) attributes.set(key, new Set([cell(row, i)]))
  })
  const context: RowContext = {table, row, addresses, get: (target) => lookup(target).text}
  const extra: Record<string, string> = {}
  for (const e of format.extras) extra[e.name] = e.value(context)
  const ref = {file: table.file, line: row.line}
  extra[IMPORTED_FROM] = formatRef(ref)
  return {
    id,
    values,
    extra,
    ref,
    facts: {hosts: [...new Set([values.name!, idCell.text, id, host].filter(Boolean))], addresses, attributes},
  }
}

/** The addresses of a row, canonical and `;`-separated, for an `ips` column. */
export function addressList(addresses: readonly Address[]): string {
  return [...new Set(addresses.map(formatAddress))].sort().join(';')
}
