/**
 * Load: an inventory folder -> the typed model, plus every problem found while
 * reading it. Reference checks (unknown zones, duplicate ids...) belong to the
 * validate stage; this stage only reads files and parses cells.
 */
import {readFile, stat} from 'node:fs/promises'
import {basename, join, resolve} from 'node:path'

import type {Diagnostic} from '../model/diagnostic.js'
import {
  COUPLINGS,
  CRITICALITIES,
  ENVIRONMENTS,
  FILES,
  LEGAL_BASES,
  STRATEGIES,
  ZONE_ROLES,
  type Dataset,
  type FileKind,
  type Flow,
  type Inventory,
  type Link,
  type System,
  type Waiver,
  type Zone,
} from '../model/inventory.js'
import {locatorOf, readCsv} from './csv-file.js'
import {RowReader, type ColumnSpec} from './rows.js'

const req = (name: string): ColumnSpec => ({name, required: true})
const opt = (name: string): ColumnSpec => ({name, required: false})

export const COLUMNS: Record<FileKind, readonly ColumnSpec[]> = {
  zones: [req('id'), req('name'), req('country'), opt('role'), opt('approved_classes'), opt('approved_until')],
  links: [req('zone_a'), req('zone_b'), opt('approved_classes')],
  systems: [
    req('id'), req('name'), req('owner'), req('zone'), opt('target_zone'), opt('classes'), opt('storage_gb'),
    opt('criticality'), opt('strategy'), opt('after'), opt('wave'), opt('group'), opt('environment'),
  ],
  flows: [req('id'), req('source'), req('target'), opt('classes'), opt('purpose'), opt('legal_basis'), opt('coupling')],
  datasets: [req('system'), req('dataset'), opt('column'), opt('classes'), opt('evidence')],
  waivers: [req('rule'), req('subject'), opt('justification'), opt('owner'), req('expires')],
}

const REQUIRED_FILES: ReadonlySet<FileKind> = new Set(['zones', 'systems', 'flows'])

export interface LoadResult {
  inventory: Inventory
  diagnostics: Diagnostic[]
  /**
   * Files whose rows are not all in `inventory`: missing, unreadable, not
   * UTF-8, empty, without a required column, or with rows that are not valid
   * CSV. References into them cannot be checked (the row may be the one lost).
   */
  incomplete: Set<FileKind>
}

/** The raw bytes of each inventory file that exists; missing optional files are absent. */
export type InventoryFiles = Partial<Record<FileKind, Buffer>>

export async function readInventoryFiles(dir: string): Promise<{files: InventoryFiles; diagnostics: Diagnostic[]}> {
  const diagnostics: Diagnostic[] = []
  const files: InventoryFiles = {}
  const folder = await stat(dir).catch(() => undefined)
  if (!folder?.isDirectory()) {
    diagnostics.push({severity: 'error', code: 'KOSH-NO-INVENTORY', summary: folder ? 'the inventory path is not a folder' : 'the inventory folder does not exist', file: dir, found: dir, expected: 'a folder holding zones.csv, systems.csv and flows.csv', hint: 'Pass --inventory DIR'})
    return {files, diagnostics}
  }
  await Promise.all(
    (Object.keys(FILES) as FileKind[]).map(async (kind) => {
      try {
        files[kind] = await readFile(join(dir, FILES[kind]))
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'ENOENT' && !REQUIRED_FILES.has(kind)) return
        diagnostics.push({
          severity: 'error',
          code: code === 'ENOENT' ? 'KOSH-MISSING-FILE' : 'KOSH-UNREADABLE-FILE',
          summary: code === 'ENOENT' ? `the required file ${FILES[kind]} is missing` : `${FILES[kind]} cannot be read (${code})`,
          file: FILES[kind],
          expected: `${FILES[kind]} with the columns ${COLUMNS[kind].filter((c) => c.required).map((c) => c.name).join(', ')}`,
        })
      }
    }),
  )
  return {files, diagnostics}
}

export async function loadInventory(dir: string): Promise<LoadResult> {
  const {files, diagnostics} = await readInventoryFiles(dir)
  const result = await parseInventory(basename(resolve(dir)), files)
  result.diagnostics.unshift(...diagnostics)
  return result
}

/** Parse the bytes of the inventory files. Shared by the folder loader and the database store. */
export async function parseInventory(name: string, files: InventoryFiles): Promise<LoadResult> {
  const diagnostics: Diagnostic[] = []
  const inventory: Inventory = {name, zones: [], links: [], systems: [], flows: [], datasets: [], waivers: [], extraColumns: {}}
  const incomplete = new Set<FileKind>()
  const kinds = Object.keys(FILES) as FileKind[]
  const readers = await Promise.all(
    kinds.map(async (kind) => {
      const bytes = files[kind]
      if (!bytes) {
        if (REQUIRED_FILES.has(kind)) incomplete.add(kind)
        return undefined
      }
      const read = await readCsv(FILES[kind], bytes)
      diagnostics.push(...read.diagnostics)
      if (!read.table) {
        incomplete.add(kind)
        return undefined
      }
      if (read.table.incomplete) incomplete.add(kind)
      const reader = new RowReader(FILES[kind], read.table, COLUMNS[kind], diagnostics)
      inventory.extraColumns[FILES[kind]] = reader.extraColumns
      if (!reader.usable) incomplete.add(kind)
      return {reader, rows: read.table.records.length}
    }),
  )
  kinds.forEach((kind, i) => {
    const entry = readers[i]
    if (!entry || !entry.reader.usable) return
    const {reader, rows} = entry
    for (let row = 0; row < rows; row++) {
      reader.at(row)
      if (reader.blank) continue
      switch (kind) {
        case 'zones':
          inventory.zones.push(readZone(reader))
          break
        case 'links':
          inventory.links.push(readLink(reader))
          break
        case 'systems':
          inventory.systems.push(readSystem(reader))
          break
        case 'flows':
          inventory.flows.push(readFlow(reader))
          break
        case 'datasets':
          inventory.datasets.push(readDataset(reader))
          break
        case 'waivers':
          inventory.waivers.push(readWaiver(reader))
          break
      }
    }
  })
  return {inventory, diagnostics, incomplete}
}

function readZone(r: RowReader): Zone {
  const country = r.text('country', true)
  if (country !== '' && !/^[A-Za-z]{2}$/.test(country)) {
    r.problem('country', 'KOSH-BAD-VALUE', '"country" is not an ISO 3166-1 alpha-2 code', country, 'two letters such as KZ or DE')
  }
  return {
    id: r.text('id', true),
    name: r.text('name', true),
    country: country.toUpperCase(),
    role: r.enumOf('role', ZONE_ROLES),
    approvedClasses: r.classes('approved_classes'),
    approvedUntil: r.date('approved_until'),
    extra: r.extra(),
    line: r.line,
  }
}

function readLink(r: RowReader): Link {
  return {zoneA: r.text('zone_a', true), zoneB: r.text('zone_b', true), approvedClasses: r.classes('approved_classes'), extra: r.extra(), line: r.line}
}

function readSystem(r: RowReader): System {
  return {
    id: r.text('id', true),
    name: r.text('name', true),
    owner: r.text('owner', true),
    zone: r.text('zone', true),
    targetZone: r.text('target_zone') || undefined,
    classes: r.classes('classes'),
    storageGb: r.number('storage_gb', 0),
    criticality: r.enumOf('criticality', CRITICALITIES, 'medium'),
    strategy: r.enumOf('strategy', STRATEGIES, 'rehost'),
    after: r.list('after'),
    wave: r.wave('wave'),
    group: r.text('group') || undefined,
    environment: r.enumOf('environment', ENVIRONMENTS, 'prod'),
    extra: r.extra(),
    line: r.line,
  }
}

function readFlow(r: RowReader): Flow {
  return {
    id: r.text('id', true),
    source: r.text('source', true),
    target: r.text('target', true),
    classes: r.classes('classes'),
    purpose: r.text('purpose') || undefined,
    legalBasis: r.enumOf('legal_basis', LEGAL_BASES),
    coupling: r.enumOf('coupling', COUPLINGS, 'loose'),
    extra: r.extra(),
    line: r.line,
  }
}

function readDataset(r: RowReader): Dataset {
  return {
    system: r.text('system', true),
    dataset: r.text('dataset', true),
    column: r.text('column'),
    classes: r.classes('classes'),
    evidence: r.text('evidence'),
    extra: r.extra(),
    line: r.line,
  }
}

function readWaiver(r: RowReader): Waiver {
  const rule = r.text('rule', true).toUpperCase()
  if (rule !== '' && !/^R[0-4]$/.test(rule)) r.problem('rule', 'KOSH-BAD-VALUE', '"rule" is not a kosh rule', rule, 'one of R0, R1, R2, R3, R4')
  return {
    rule,
    subject: r.text('subject', true),
    justification: r.text('justification'),
    owner: r.text('owner'),
    expires: r.date('expires', true) ?? '',
    extra: r.extra(),
    line: r.line,
  }
}

/**
 * Fill in the character column of diagnostics that name only their CSV column
 * (`field`), as the validate stage's do, from the bytes of the files. The line
 * moves too when a quoted line break puts the cell below the row's first line.
 */
export function locateColumns(diagnostics: Diagnostic[], files: InventoryFiles): void {
  const byName = new Map<string, Buffer>()
  for (const kind of Object.keys(FILES) as FileKind[]) {
    const bytes = files[kind]
    if (bytes) byName.set(FILES[kind], bytes)
  }
  const headers = new Map<string, string[]>()
  for (const d of diagnostics) {
    if (d.column !== undefined || !d.field || !d.file || d.line === undefined) continue
    const bytes = byName.get(d.file)
    if (!bytes) continue
    const locator = locatorOf(bytes)
    let header = headers.get(d.file)
    if (!header) {
      header = locator.header().map((name) => name.trim())
      headers.set(d.file, header)
    }
    const index = header.indexOf(d.field)
    const at = index >= 0 ? locator.locate(d.line, index) : undefined
    if (at) {
      d.line = at.line
      d.column = at.column
    }
  }
}
