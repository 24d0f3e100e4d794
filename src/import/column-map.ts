/**
 * The column map (`--map FILE`): which source column, or which constant,
 * fills each systems.csv column. A CSV with the header `target,source`:
 *
 *     target,source
 *     id,ci_id
 *     name,Display Name
 *     owner,="Qazyna Bank — IT"
 *
 * `target` is a systems.csv column, or `ip` (addresses for the zone map,
 * `;`-separated) or `host` (an FQDN for zone-map globs). `source` is a column
 * of the imported file, or a constant written `="value"` as spreadsheets do.
 * Each line is split at its first comma, so a constant may hold commas and
 * the spreadsheet spelling needs no extra quoting.
 */
import type {Diagnostic} from '../model/diagnostic.js'
import {SYSTEM_COLUMNS, type SystemColumn} from './draft.js'

export const MAP_TARGETS = [...SYSTEM_COLUMNS, 'ip', 'host'] as const
export type MapTarget = SystemColumn | 'ip' | 'host'

export type MapSource = {kind: 'column'; column: string} | {kind: 'constant'; value: string}

export interface MapEntry {
  target: MapTarget
  source: MapSource
  /** Where the entry is written: the map file and line; absent for a format's built-in entries. */
  file?: string
  line?: number
}

export type ColumnMap = Map<MapTarget, MapEntry>

/** `="value"` (or `=value`) is a constant; a CSV-quoted name is unquoted; anything else names a column. */
export function parseMapSource(text: string): MapSource {
  const constant = /^=(?:"((?:[^"]|"")*)"|(.*))$/s.exec(text)
  if (constant) return {kind: 'constant', value: (constant[1] ?? constant[2]).replaceAll('""', '"').trim()}
  const quoted = /^"((?:[^"]|"")*)"$/s.exec(text)
  return {kind: 'column', column: quoted ? quoted[1].replaceAll('""', '"').trim() : text}
}

export function parseColumnMap(file: string, bytes: Buffer): {map: ColumnMap; diagnostics: Diagnostic[]} {
  const map: ColumnMap = new Map()
  const diagnostics: Diagnostic[] = []
  const lines = bytes.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/)
  const error = (line: number, code: string, summary: string, found: string, expected: string) =>
    diagnostics.push({severity: 'error', code, summary, file, line, column: 1, found, expected})

  let header = true
  lines.forEach((text, i) => {
    const line = i + 1
    if (text.trim() === '' || text.replace(/,/g, '').trim() === '') return
    const comma = text.indexOf(',')
    const target = (comma === -1 ? text : text.slice(0, comma)).trim().replace(/^"(.*)"$/, '$1')
    const sourceText = comma === -1 ? '' : text.slice(comma + 1).trim()
    if (header) {
      header = false
      if (target.toLowerCase() !== 'target' || sourceText.toLowerCase() !== 'source') {
        error(line, 'KOSH-MISSING-COLUMN', 'the column map needs the header "target,source"', text, 'target,source')
      }
      return
    }
    if (!(MAP_TARGETS as readonly string[]).includes(target)) {
      error(line, 'KOSH-IMPORT-BAD-TARGET', `"${target}" is not a systems.csv column`, target, MAP_TARGETS.join(', '))
      return
    }
    const first = map.get(target as MapTarget)
    if (first) {
      error(line, 'KOSH-DUPLICATE-ID', `"${target}" is mapped twice`, target, `one line per target (first on line ${first.line})`)
      return
    }
    if (sourceText === '') {
      error(line, 'KOSH-MISSING-VALUE', `"${target}" has no source`, '', 'a source column name, or a constant written ="value"')
      return
    }
    map.set(target as MapTarget, {target: target as MapTarget, source: parseMapSource(sourceText), file, line})
  })
  if (header) error(1, 'KOSH-EMPTY-FILE', 'the column map is empty', '', 'a header "target,source" and a line per mapped column')
  return {map, diagnostics}
}
