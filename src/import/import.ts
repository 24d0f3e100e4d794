/**
 * Import: files other tools export -> an inventory folder's files, in memory.
 *
 *   read the exports -> draft (per format) -> place in zones (zone map)
 *   -> owners and external systems -> systems.csv, flows.csv
 *   -> the inventory loader and validator, exactly as `kosh validate` runs them
 *
 * Nothing is written here: the command writes the folder only when the
 * outcome is `ok`, so a failed import never leaves half an inventory. Every
 * row keeps the source file and line it came from (`imported_from`), and
 * every system its zone's reason (`zone_from`: the zone-map line).
 */
import {basename} from 'node:path'

import {openInventoryFiles} from '../load/open.js'
import {hasErrors, sortDiagnostics, type Diagnostic} from '../model/diagnostic.js'
import {FILES} from '../model/inventory.js'
import {csvDocument} from '../csv/write.js'
import {appendAll} from '../model/lists.js'
import {formatAddress} from './address.js'
import {parseColumnMap, type ColumnMap} from './column-map.js'
import {FLOW_COLUMNS, IMPORTED_FROM, note, SYSTEM_COLUMNS, ZONE_FROM, type Draft, type DraftFlow, type DraftSystem, type ImportNote} from './draft.js'
import {draftAwsCmf} from './formats/aws-cmf.js'
import {draftAzureMigrateDeps} from './formats/azure-migrate-deps.js'
import {draftGeneric} from './formats/generic.js'
import {cell, findColumn, formatRef, readSourceTable, type SourceTable} from './source.js'
import {matchZone, readZoneMap, type ZoneMap} from './zone-map.js'

export const FORMATS = ['azure-migrate-deps', 'aws-cmf', 'generic'] as const
export type ImportFormat = (typeof FORMATS)[number]

/** Owner of the systems made from addresses no server name covers. */
export const EXTERNAL_OWNER = 'external'

export interface InputFile {
  /** The name diagnostics and `imported_from` use (see `inputLabels`). */
  file: string
  bytes: Buffer
}

export interface ImportInput {
  from: ImportFormat
  sources: InputFile[]
  zones: InputFile
  /** links.csv beside the zones file, copied as it is. */
  links?: InputFile
  zoneMap?: InputFile
  /** The column map (`--map`): generic needs one, aws-cmf may have one. */
  map?: InputFile
  /** Owner of every system the source gives none (`--owner`). */
  owner?: string
  /** The destination folder as the user wrote it: names the inventory and fills the scan hint. */
  out: string
}

export interface ImportSummary {
  from: ImportFormat
  sources: {file: string; rows: number}[]
  systems: number
  /** Systems made from an address no server name covers. */
  externalSystems: number
  flows: number
  /** Systems per zone, by zone id. */
  zones: Record<string, number>
  owners: {fromSource: number; fromFlag: number; external: number}
  /** Systems with no declared classes: gaps until declared, or found by `kosh scan`. */
  unclassified: {count: number; systems: string[]; scan: string}
  notes: ImportNote[]
}

/** `ok`: files to write; `unplaced`: only systems the zone map does not place (exit 1); `invalid`: unusable input (exit 2). */
export type ImportStatus = 'ok' | 'unplaced' | 'invalid'

export interface ImportedFile {
  name: string
  content: Buffer
  rows: number
}

export interface ImportOutcome {
  status: ImportStatus
  summary: ImportSummary
  diagnostics: Diagnostic[]
  /** The inventory folder's files; empty unless `ok`. */
  files: ImportedFile[]
}

export const NO_ZONE = 'KOSH-IMPORT-NO-ZONE'

/** Names for input paths: the file name, or the path as given where two inputs share a file name. */
export function inputLabels(paths: readonly string[]): string[] {
  const names = paths.map((p) => basename(p))
  return paths.map((p, i) => (names.filter((n) => n === names[i]).length > 1 ? p : names[i]))
}

export async function importInventory(input: ImportInput): Promise<ImportOutcome> {
  const diagnostics: Diagnostic[] = []
  const zones = await readZones(input.zones, diagnostics)
  const map = readMap(input, diagnostics)

  const tables: SourceTable[] = []
  for (const source of input.sources) {
    const read = await readSourceTable(source.file, source.bytes)
    appendAll(diagnostics, read.diagnostics)
    if (read.table) tables.push(read.table)
  }
  const draft = draftOf(input.from, tables, map, input.map?.file)
  appendAll(diagnostics, draft.diagnostics)

  let zoneMap: ZoneMap | undefined
  let zoneMapUsable = !input.zoneMap
  if (input.zoneMap && zones) {
    const read = await readZoneMap(input.zoneMap.file, input.zoneMap.bytes, {zones: new Set(zones.keys()), columns: draft.columns})
    appendAll(diagnostics, read.diagnostics)
    zoneMap = read.map
    // A broken zone map would leave systems unplaced for the wrong reason: report the map alone.
    zoneMapUsable = !hasErrors(read.diagnostics)
  }

  const systems = [...draft.systems].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  draft.flows = sortFlows(draft.flows)
  const notes = [...draft.notes]
  if (zones && zoneMapUsable) placeSystems(systems, zones, zoneMap, diagnostics)
  const owners = assignOwners(systems, input.owner, zones, diagnostics, notes)

  const unclassified = systems.filter((s) => !s.values.classes).map((s) => s.id)
  const summary: ImportSummary = {
    from: input.from,
    sources: tables.map((t) => ({file: t.file, rows: t.rows.length})),
    systems: systems.length,
    externalSystems: systems.filter((s) => s.external).length,
    flows: draft.flows.length,
    zones: countZones(systems),
    owners,
    unclassified: {count: unclassified.length, systems: unclassified, scan: `kosh scan --database-url URL --system ID --out ${input.out.replace(/\/+$/, '')}/datasets.csv`},
    notes,
  }
  if (hasErrors(diagnostics)) return {status: statusOf(diagnostics), summary, diagnostics: sortDiagnostics(diagnostics), files: []}

  const files = inventoryFiles(input, draft, systems)
  const checked = await checkInventory(input, files, systems, draft)
  if (hasErrors(checked)) return {status: 'invalid', summary, diagnostics: sortDiagnostics(checked), files: []}
  return {status: 'ok', summary, diagnostics: sortDiagnostics(checked), files}
}

function statusOf(diagnostics: readonly Diagnostic[]): ImportStatus {
  const errors = diagnostics.filter((d) => d.severity === 'error')
  return errors.every((d) => d.code === NO_ZONE) ? 'unplaced' : 'invalid'
}

/** Zone ids and roles from the zones file; the final check validates the rest of it. */
async function readZones(zones: InputFile, diagnostics: Diagnostic[]): Promise<Map<string, string> | undefined> {
  const read = await readSourceTable(zones.file, zones.bytes)
  appendAll(diagnostics, read.diagnostics)
  if (!read.table) return undefined
  const idAt = findColumn(read.table, 'id')
  if (idAt === undefined) {
    diagnostics.push({severity: 'error', code: 'KOSH-MISSING-COLUMN', summary: 'the required column "id" is missing', file: zones.file, line: read.table.headerLine, column: 1, found: read.table.header.join(','), expected: 'a zones.csv with id, name, country, role, approved_classes'})
    return undefined
  }
  const roleAt = findColumn(read.table, 'role')
  return new Map(read.table.rows.map((row) => [cell(row, idAt), cell(row, roleAt).toLowerCase()]))
}

function readMap(input: ImportInput, diagnostics: Diagnostic[]): ColumnMap | undefined {
  if (input.from === 'azure-migrate-deps' && input.map) {
    diagnostics.push({severity: 'error', code: 'KOSH-IMPORT-USAGE', summary: '--map does not apply to azure-migrate-deps: its rows are connections, not systems', file: input.map.file, expected: '--map with --from aws-cmf or --from generic'})
    return undefined
  }
  if (input.from === 'generic' && !input.map) {
    diagnostics.push({severity: 'error', code: 'KOSH-IMPORT-USAGE', summary: '--from generic needs a column map', expected: '--map FILE, a CSV "target,source" naming the column for each systems.csv column (at least id)'})
    return undefined
  }
  if (!input.map) return undefined
  const parsed = parseColumnMap(input.map.file, input.map.bytes)
  appendAll(diagnostics, parsed.diagnostics)
  return parsed.map
}

function draftOf(from: ImportFormat, tables: SourceTable[], map: ColumnMap | undefined, mapFile: string | undefined): Draft {
  switch (from) {
    case 'azure-migrate-deps':
      return draftAzureMigrateDeps(tables)
    case 'aws-cmf':
      return draftAwsCmf(tables, map, mapFile)
    case 'generic':
      // Without a map (already reported) there is nothing to read the rows with.
      return map ? draftGeneric(tables, map, mapFile ?? '') : {systems: [], flows: [], systemExtras: [], flowExtras: [], columns: new Set(), notes: [], diagnostics: []}
  }
}

/** Each system's zone: its own mapped zone, else the first zone-map line that matches it. */
function placeSystems(systems: DraftSystem[], zones: ReadonlyMap<string, string>, zoneMap: ZoneMap | undefined, diagnostics: Diagnostic[]): void {
  for (const system of systems) {
    const mapped = system.values.zone
    if (mapped) {
      if (!zones.has(mapped)) {
        diagnostics.push({severity: 'error', code: 'KOSH-UNKNOWN-ZONE', summary: `the zone of system "${system.id}" is not defined in the zones file`, ...system.ref, field: 'zone', found: mapped, expected: `a zone id from the zones file (${[...zones.keys()].sort().join(', ')})`})
      }
      system.extra[ZONE_FROM] = formatRef(system.ref)
      continue
    }
    const rule = zoneMap && matchZone(zoneMap, system.facts)
    if (rule) {
      system.values.zone = rule.zone
      system.extra[ZONE_FROM] = `${zoneMap.file}:${rule.line}`
      continue
    }
    diagnostics.push({
      severity: 'error',
      code: NO_ZONE,
      summary: zoneMap ? `no line of the zone map places system "${system.id}"` : `system "${system.id}" has no zone`,
      ...system.ref,
      found: describeFacts(system),
      expected: 'a zone-map line that matches it: an address block, a host-name glob or column=value',
      hint: zoneMap ? `Add a line to ${zoneMap.file}; lines are read top to bottom and the first match wins` : 'Pass --zone-map FILE (a CSV match,zone)',
    })
  }
}

function describeFacts(system: DraftSystem): string {
  const parts = [system.external ? `address ${system.values.name}` : `name ${system.values.name}`]
  const addresses = system.facts.addresses.map(formatAddress)
  if (!system.external && addresses.length > 0) parts.push(`addresses ${addresses.join(' ')}`)
  return parts.join(', ')
}

/**
 * Owners: the source's, else `--owner`; external systems get "external" and,
 * in a zone whose role is external, the strategy `retain` (they are not ours
 * to move). A system left without an owner is an error, never a placeholder.
 */
function assignOwners(systems: DraftSystem[], owner: string | undefined, zones: ReadonlyMap<string, string> | undefined, diagnostics: Diagnostic[], notes: ImportNote[]): ImportSummary['owners'] {
  const counts = {fromSource: 0, fromFlag: 0, external: 0}
  const ownerless: string[] = []
  const retained: string[] = []
  const movable: string[] = []
  for (const system of systems) {
    if (system.external) {
      counts.external++
      system.values.owner ||= EXTERNAL_OWNER
      const zone = system.values.zone
      if (zone && zones?.get(zone) === 'external') {
        system.values.strategy ||= 'retain'
        retained.push(system.id)
      } else if (zone) movable.push(system.id)
    } else if (system.values.owner) counts.fromSource++
    else if (owner) {
      system.values.owner = owner
      counts.fromFlag++
    } else ownerless.push(system.id)
  }
  if (ownerless.length > 0) {
    diagnostics.push({
      severity: 'error',
      code: 'KOSH-IMPORT-NO-OWNER',
      summary: `${ownerless.length} system(s) have no owner, which systems.csv requires`,
      found: ownerless.slice(0, 5).join(', ') + (ownerless.length > 5 ? ', ...' : ''),
      expected: 'the organisation or department that operates them',
      hint: 'Pass --owner ORG, or map an owner column with --map (owner,COLUMN)',
    })
  }
  if (counts.fromFlag > 0) notes.push(note('owner-from-flag', `${counts.fromFlag} system(s) have the owner given by --owner ("${owner}")`))
  if (retained.length > 0) notes.push(note('external-retained', `${retained.length} external system(s) (addresses no discovered server has) sit in external zones: owner "${EXTERNAL_OWNER}", strategy retain`, retained))
  if (movable.length > 0) notes.push(note('external-in-own-zone', `${movable.length} external system(s) sit in a zone that is not external: servers not enabled for dependency analysis? They are planned to move like the others; name them or set their strategy`, movable))
  return counts
}

function countZones(systems: readonly DraftSystem[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const zone of systems.map((s) => s.values.zone ?? '').filter(Boolean).sort()) counts[zone] = (counts[zone] ?? 0) + 1
  return counts
}

/** Flows in (source, target) order, by code unit so the order does not depend on the locale. */
function sortFlows(flows: readonly DraftFlow[]): DraftFlow[] {
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  return [...flows].sort((a, b) => compare(a.source, b.source) || compare(a.target, b.target))
}

/** The files of the inventory folder; systems and flows are in the order `importInventory` sorted them. */
function inventoryFiles(input: ImportInput, draft: Draft, systems: readonly DraftSystem[]): ImportedFile[] {
  const systemExtras = [...draft.systemExtras.filter((c) => c !== IMPORTED_FROM), ZONE_FROM, IMPORTED_FROM]
  const systemRows = systems.map((s) => [...SYSTEM_COLUMNS.map((c) => s.values[c] ?? ''), ...systemExtras.map((c) => s.extra[c] ?? '')])

  // Flow ids read "a-to-b"; two pairs that spell the same id get -2, -3 in (source, target) order.
  const used = new Set<string>()
  const flowRows = draft.flows.map((f) => {
    const base = `${f.source}-to-${f.target}`
    let id = base
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`
    used.add(id)
    return [id, f.source, f.target, '', f.purpose, '', '', ...draft.flowExtras.map((c) => f.extra[c] ?? '')]
  })

  const files: ImportedFile[] = [
    {name: FILES.zones, content: input.zones.bytes, rows: 0},
    {name: FILES.systems, content: Buffer.from(csvDocument([...SYSTEM_COLUMNS, ...systemExtras], systemRows)), rows: systemRows.length},
    {name: FILES.flows, content: Buffer.from(csvDocument([...FLOW_COLUMNS, ...draft.flowExtras], flowRows)), rows: flowRows.length},
  ]
  if (input.links) files.splice(1, 0, {name: FILES.links, content: input.links.bytes, rows: 0})
  return files
}

/**
 * Load and validate the files as `kosh validate` would. A problem in
 * systems.csv or flows.csv is reported at the source row it was made from
 * (the imported file is never written); one in the zones or links file, at
 * that file.
 */
async function checkInventory(input: ImportInput, files: readonly ImportedFile[], systems: readonly DraftSystem[], draft: Draft): Promise<Diagnostic[]> {
  const content = (name: string) => files.find((f) => f.name === name)?.content
  const name = basename(input.out.replace(/\/+$/, '')) || 'inventory'
  const {diagnostics} = await openInventoryFiles(name, {zones: content(FILES.zones), links: content(FILES.links), systems: content(FILES.systems), flows: content(FILES.flows)})
  return diagnostics.map((d) => {
    if (d.file === FILES.zones) return {...d, file: input.zones.file}
    if (d.file === FILES.links && input.links) return {...d, file: input.links.file}
    const rows = d.file === FILES.systems ? systems : d.file === FILES.flows ? draft.flows : undefined
    const ref = rows && d.line !== undefined ? rows[d.line - 2]?.ref : undefined
    if (!ref) return d
    const where = `In the imported ${d.file}, line ${d.line}`
    return {...d, file: ref.file, line: ref.line, column: undefined, hint: d.hint ? `${d.hint}. ${where}` : where}
  })
}
