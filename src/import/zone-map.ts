/**
 * The zone map: which zone each imported system runs in today.
 *
 * A CSV `match,zone`, read top to bottom; the first line that matches a
 * system gives its zone. A match is one of:
 *   - an IPv4 or IPv6 block, `10.10.0.0/16`, `fd00::/8`, `::/0` (a bare
 *     address is a block of one): matches a system with an address inside it;
 *   - `column=value`: matches a system whose source row has that value in that
 *     column (`server_environment=dev`; the value may be a glob);
 *   - anything else is a host-name glob, `callrec*`, `*.bank.kz` (`*` any run
 *     of characters, `?` one), matched against the system's name, id and FQDN.
 * Letters compare without case; a line whose match starts with `#` is a
 * comment. A system no line matches has no zone: the
 * import names it and stops, it never guesses one.
 */
import type {Diagnostic} from '../model/diagnostic.js'
import {inCidr, parseCidr, type Address, type Cidr} from './address.js'
import {cell, columnKey, findColumn, missingColumns, readSourceTable, type SourceRow, type SourceTable} from './source.js'

/** What the zone map can see of one system. */
export interface ZoneFacts {
  /** Host names for globs: the system's name, its id, an FQDN. */
  hosts: string[]
  addresses: Address[]
  /** Source column values by column key (see `columnKey`). */
  attributes: ReadonlyMap<string, ReadonlySet<string>>
}

export type Matcher =
  | {kind: 'block'; cidr: Cidr}
  | {kind: 'host'; pattern: RegExp}
  | {kind: 'column'; key: string; pattern: RegExp}

export interface ZoneRule {
  /** The match as written. */
  match: string
  zone: string
  line: number
  matcher: Matcher
}

export interface ZoneMap {
  file: string
  rules: ZoneRule[]
}

/** A glob as a whole-string, case-insensitive regular expression. */
export function globPattern(glob: string): RegExp {
  const source = [...glob].map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')
  return new RegExp(`^${source}$`, 'iu')
}

export interface ZoneMapContext {
  /** Zone ids from zones.csv. */
  zones: ReadonlySet<string>
  /** Keys of the columns `column=value` may name (the import's source columns). */
  columns: ReadonlySet<string>
}

/** Read and parse a zone-map file. */
export async function readZoneMap(file: string, bytes: Buffer, context: ZoneMapContext): Promise<{map?: ZoneMap; diagnostics: Diagnostic[]}> {
  const read = await readSourceTable(file, bytes)
  // A comment line may hold any number of commas.
  const comments = new Set(read.table?.rows.filter(isComment).map((row) => row.line))
  const diagnostics = read.diagnostics.filter((d) => !(d.code === 'KOSH-RAGGED-ROW' && d.line !== undefined && comments.has(d.line)))
  if (!read.table) return {diagnostics}
  const parsed = parseZoneMap(read.table, context)
  return {map: parsed.map, diagnostics: [...diagnostics, ...parsed.diagnostics]}
}

export function parseZoneMap(table: SourceTable, context: ZoneMapContext): {map: ZoneMap; diagnostics: Diagnostic[]} {
  const diagnostics = missingColumns(table, ['match', 'zone'], 'a zone map (match,zone)')
  const map: ZoneMap = {file: table.file, rules: []}
  if (diagnostics.length > 0) return {map, diagnostics}
  const matchAt = findColumn(table, 'match')
  const zoneAt = findColumn(table, 'zone')
  const known = [...context.zones].sort()
  for (const row of table.rows) {
    if (isComment(row)) continue
    const match = cell(row, matchAt)
    const zone = cell(row, zoneAt)
    const problem = (index: number | undefined, code: string, summary: string, found: string, expected: string) =>
      diagnostics.push({severity: 'error', code, summary, file: table.file, line: row.line, column: index === undefined ? undefined : table.columnOf(row.line, index), field: index === undefined ? undefined : table.header[index], found, expected})
    if (zone === '' || !context.zones.has(zone)) {
      problem(zoneAt, 'KOSH-UNKNOWN-ZONE', zone === '' ? 'the zone is empty' : 'the zone is not defined in zones.csv', zone, `a zone id from zones.csv (${known.join(', ')})`)
    }
    const parsed = parseMatch(match, context.columns)
    if ('error' in parsed) problem(matchAt, 'KOSH-IMPORT-BAD-MATCH', parsed.error, match, parsed.expected)
    else map.rules.push({match, zone, line: row.line, matcher: parsed})
  }
  return {map, diagnostics}
}

/** A line whose first field starts with `#`. */
export function isComment(row: SourceRow): boolean {
  return (row.cells[0] ?? '').trim().startsWith('#')
}

type MatchParse = Matcher | {error: string; expected: string}

const BLOCK_EXPECTED = 'an address block such as 10.10.0.0/16 or fd00::/8'

function parseMatch(text: string, columns: ReadonlySet<string>): MatchParse {
  if (text === '') return {error: 'the match is empty', expected: `${BLOCK_EXPECTED}, a host-name glob such as web* or *.bank.kz, or column=value`}
  const equals = text.indexOf('=')
  if (equals !== -1) {
    const column = text.slice(0, equals).trim()
    const value = text.slice(equals + 1).trim()
    const key = columnKey(column)
    if (key === '' || value === '') return {error: 'a column match needs a column name and a value', expected: 'column=value, e.g. server_environment=dev'}
    if (!columns.has(key)) return {error: `no imported file has a column "${column}"`, expected: 'a column of the imported files'}
    return {kind: 'column', key, pattern: globPattern(value)}
  }
  const block = parseCidr(text)
  if (block && 'cidr' in block) return {kind: 'block', cidr: block.cidr}
  if (block) return {error: `the address block is not valid: ${block.error}`, expected: BLOCK_EXPECTED}
  // Host names hold no '/' or ':'; digits and dots alone are an address, never a host name.
  if (/[/:]/.test(text) || /^(?=.*\d)[\d.*]+$/.test(text)) {
    return {error: 'this looks like an address but is not a valid IPv4 or IPv6 address or block', expected: `${BLOCK_EXPECTED} (write ranges as blocks, not with *)`}
  }
  return {kind: 'host', pattern: globPattern(text)}
}

export function ruleMatches(matcher: Matcher, facts: ZoneFacts): boolean {
  switch (matcher.kind) {
    case 'block':
      return facts.addresses.some((address) => inCidr(address, matcher.cidr))
    case 'host':
      return facts.hosts.some((host) => matcher.pattern.test(host))
    case 'column':
      return [...(facts.attributes.get(matcher.key) ?? [])].some((value) => matcher.pattern.test(value))
  }
}

/** The first rule that matches, top to bottom. */
export function matchZone(map: ZoneMap, facts: ZoneFacts): ZoneRule | undefined {
  return map.rules.find((rule) => ruleMatches(rule.matcher, facts))
}
