/**
 * Load: an inventory folder -> the typed model, plus every problem found while
 * reading it. Reference checks (unknown zones, duplicate ids...) belong to the
 * validate stage; this stage only reads files and parses cells.
 */
import {stat} from 'node:fs/promises'
import {basename, join, resolve} from 'node:path'

import {readWhole} from '../io/read-whole.js'
import type {Diagnostic} from '../model/diagnostic.js'
import {
  COUPLINGS,
  CRITICALITIES,
  ENVIRONMENTS,
  FILES,
  LEGAL_BASES,
  STRATEGIES,
  ZONE_ROLES,
  type Coupling,
  type Dataset,
  type FileKind,
  type Flow,
  type Inventory,
  type LegalBasis,
  type Link,
  type System,
  type Waiver,
  type Zone,
} from '../model/inventory.js'
import {appendAll} from '../model/lists.js'
import {locatorOf, streamCsv, type CsvTable, type RowSink} from './csv-file.js'
import {RowReader, type ColumnSpec} from './rows.js'
import {internerOf} from './interning.js'
import {CELL_TRIM, type Interner} from './scan-csv.js'
import {readWithPart, type PartScan} from './scan-part.js'
import {primeSystemReferences} from '../model/references.js'

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

/**
 * Inventory files being read: each settles to its bytes, or to undefined when
 * it is missing or unreadable (the reason is then in the diagnostics).
 */
export type PendingInventoryFiles = Partial<Record<FileKind, Buffer | Promise<Buffer | undefined>>>

export async function readInventoryFiles(dir: string): Promise<{files: InventoryFiles; diagnostics: Diagnostic[]}> {
  const {files, diagnostics} = await startReadingInventoryFiles(dir)
  return {files: await settledFiles(files), diagnostics}
}

/** The files that were read, once every read has settled. */
export async function settledFiles(pending: InventoryFiles | PendingInventoryFiles): Promise<InventoryFiles> {
  const files: InventoryFiles = {}
  for (const kind of Object.keys(pending) as FileKind[]) {
    const bytes = await pending[kind]
    if (bytes) files[kind] = bytes
  }
  return files
}

/** Per file, the part of it another thread is scanning (scan-part.ts). */
export type FileParts = Partial<Record<FileKind, Promise<PartScan | undefined>>>

/**
 * Start reading every inventory file at once, without waiting for them: a
 * parser that takes them in FILES order reads zones.csv and systems.csv while
 * flows.csv, far larger, is still being read. `diagnostics` holds each file's
 * read error once that file has settled. With `parts`, a large flows.csv is
 * read by another thread, which also scans its last part for `parseInventory`.
 */
export async function startReadingInventoryFiles(dir: string, {parts = false} = {}): Promise<{files: PendingInventoryFiles; diagnostics: Diagnostic[]; parts: FileParts}> {
  const diagnostics: Diagnostic[] = []
  const files: PendingInventoryFiles = {}
  const fileParts: FileParts = {}
  const folder = await stat(dir).catch(() => undefined)
  if (!folder?.isDirectory()) {
    diagnostics.push({severity: 'error', code: 'KOSH-NO-INVENTORY', summary: folder ? 'the inventory path is not a folder' : 'the inventory folder does not exist', file: dir, found: dir, expected: 'a folder holding zones.csv, systems.csv and flows.csv', hint: 'Pass --inventory DIR'})
    return {files, diagnostics, parts: fileParts}
  }
  for (const kind of Object.keys(FILES) as FileKind[]) {
    const path = join(dir, FILES[kind])
    let read: Promise<Buffer>
    if (parts && kind === 'flows') {
      const split = readWithPart(path, kind)
      read = split.bytes
      fileParts[kind] = split.part
    } else read = readWhole(path)
    files[kind] = read.catch((error: NodeJS.ErrnoException) => {
      const code = error.code
      if (code === 'ENOENT' && !REQUIRED_FILES.has(kind)) return undefined
      diagnostics.push({
        severity: 'error',
        code: code === 'ENOENT' ? 'KOSH-MISSING-FILE' : 'KOSH-UNREADABLE-FILE',
        summary: code === 'ENOENT' ? `the required file ${FILES[kind]} is missing` : `${FILES[kind]} cannot be read (${code})`,
        file: FILES[kind],
        expected: `${FILES[kind]} with the columns ${COLUMNS[kind].filter((c) => c.required).map((c) => c.name).join(', ')}`,
      })
      return undefined
    })
  }
  return {files, diagnostics, parts: fileParts}
}

export async function loadInventory(dir: string): Promise<LoadResult> {
  const {files, diagnostics} = await readInventoryFiles(dir)
  const result = await parseInventory(basename(resolve(dir)), files)
  result.diagnostics = [...diagnostics, ...result.diagnostics]
  return result
}

/** Parse the bytes of the inventory files. Shared by the folder loader and the database store. */
export async function parseInventory(name: string, files: InventoryFiles | PendingInventoryFiles, parts: FileParts = {}): Promise<LoadResult> {
  const diagnostics: Diagnostic[] = []
  const inventory: Inventory = {name, zones: [], links: [], systems: [], flows: [], datasets: [], waivers: [], extraColumns: {}}
  const incomplete = new Set<FileKind>()
  const kinds = Object.keys(FILES) as FileKind[]
  // One file at a time, in FILES order, row by row: no file's records are
  // held, and flows share the system id strings read before them.
  const ids = {zones: new Map<string, string>(), systems: new Map<string, string>()}
  const interners = new Map<string, Interner>()
  const ends = new FlowEnds(interners)
  for (const kind of kinds) {
    const bytes = await files[kind]
    const part = await parts[kind]
    if (!bytes) {
      part?.stop()
      if (REQUIRED_FILES.has(kind)) incomplete.add(kind)
      continue
    }
    let sink: FileSink | undefined
    const fileDiagnostics = await streamCsv(
      FILES[kind],
      bytes,
      (sinkDiagnostics) => {
        ends.restart(kind)
        return (sink = new FileSink(kind, sinkDiagnostics, {inventory, incomplete, ids, interners, ends}))
      },
      part,
    )
    appendAll(diagnostics, fileDiagnostics)
    // No sink when the file was refused before any row was read (not UTF-8).
    if (sink === undefined || !sink.usable) {
      incomplete.add(kind)
      continue
    }
    ;(inventory as unknown as Record<FileKind, unknown[]>)[kind] = sink.rows
    if (kind === 'zones') for (const zone of inventory.zones) ids.zones.set(zone.id, zone.id)
    if (kind === 'systems') for (const system of inventory.systems) ids.systems.set(system.id, system.id)
  }
  ends.prime(inventory)
  return {inventory, diagnostics, incomplete}
}

interface Shared {
  inventory: Inventory
  incomplete: Set<FileKind>
  ids: Ids
  interners: Map<string, Interner>
  ends: FlowEnds
}

/**
 * Where one file's rows go: each becomes a record of the model. A class, not
 * an object of closures, so that every file's rows reach the same functions
 * and the reader's loop stays optimised from one file to the next.
 */
class FileSink implements RowSink {
  rows: unknown[] = []
  usable = false
  private reader?: RowReader
  /** For flows.csv: the flow read straight from a plain record, or undefined to leave the row to `readFlow`. */
  private shortcut?: (record: string[], line: number, cells: Uint8Array) => Flow | undefined

  constructor(
    private readonly kind: FileKind,
    private readonly diagnostics: Diagnostic[],
    private readonly shared: Shared,
  ) {}

  header(table: CsvTable): boolean {
    const {kind, shared} = this
    const reader = new RowReader(FILES[kind], table, COLUMNS[kind], this.diagnostics)
    this.reader = reader
    shared.ends.columnsOf(table.header)
    shared.inventory.extraColumns[FILES[kind]] = reader.extraColumns
    if (table.incomplete) shared.incomplete.add(kind)
    this.usable = reader.usable
    if (kind === 'flows' && reader.usable) this.shortcut = flowShortcut(reader, table.header.length)
    return this.usable
  }

  row(record: string[], line: number, entries?: Int32Array, plain?: boolean, cells?: Uint8Array): void {
    const reader = this.reader!.use(record, line, plain, cells)
    if (reader.blank) return
    const row = (cells !== undefined && this.shortcut !== undefined ? this.shortcut(record, line, cells) : undefined) ?? READ[this.kind](reader, this.shared.ids)
    this.rows.push(row)
    if (this.kind === 'systems') this.shared.ends.system(row as System, record, entries)
    else if (this.kind === 'flows') this.shared.ends.flow(row as Flow, record, entries)
  }

  interners(header: string[]): (Interner | undefined)[] {
    return header.map((name) => internerOf(this.shared.interners, this.kind, name.trim()))
  }
}

/**
 * Each flow's source and target as system indexes, from the interner entries
 * of the cells, so that an id is looked up by string only where a cell did
 * not come through the system id interner as it is (a file read by the
 * line-tracking path, an id that needed trimming): see `systemReferences`.
 */
class FlowEnds {
  /** Per system and per flow end, the interner entry of its cell; -1 where the entry does not stand for the id. */
  private systemEntries: number[] = []
  private sourceEntries: number[] = []
  private targetEntries: number[] = []
  private columns = {id: -1, source: -1, target: -1}

  constructor(private readonly interners: Map<string, Interner>) {}

  /** A file's rows are read again from the start: drop what was collected from it. */
  restart(kind: FileKind): void {
    if (kind === 'systems') this.systemEntries = []
    if (kind === 'flows') {
      this.sourceEntries = []
      this.targetEntries = []
    }
  }

  /** The header of the file being read (already trimmed): where its id, source and target columns are. */
  columnsOf(header: string[]): void {
    this.columns = {id: header.indexOf('id'), source: header.indexOf('source'), target: header.indexOf('target')}
  }

  system(system: System, record: string[], entries: Int32Array | undefined): void {
    this.systemEntries.push(entryOf(this.columns.id, system.id, record, entries))
  }

  flow(flow: Flow, record: string[], entries: Int32Array | undefined): void {
    this.sourceEntries.push(entryOf(this.columns.source, flow.source, record, entries))
    this.targetEntries.push(entryOf(this.columns.target, flow.target, record, entries))
  }

  prime(inventory: Inventory): void {
    const interner = this.interners.get('system')
    if (this.systemEntries.length !== inventory.systems.length || this.sourceEntries.length !== inventory.flows.length) return
    const systemOf = new Int32Array(interner?.size ?? 0).fill(-1)
    const systemIndex = new Map<string, number>()
    inventory.systems.forEach((system, i) => {
      if (systemIndex.has(system.id)) return
      systemIndex.set(system.id, i)
      const entry = this.systemEntries[i]
      if (entry >= 0) systemOf[entry] = i
    })
    const flows = inventory.flows
    const resolve = (entries: number[], end: 'source' | 'target') => {
      const systems = new Int32Array(entries.length)
      for (let f = 0; f < entries.length; f++) {
        const entry = entries[f]
        const system = entry >= 0 ? systemOf[entry] : -1
        systems[f] = system >= 0 ? system : (systemIndex.get(flows[f][end]) ?? -1)
      }
      return systems
    }
    primeSystemReferences(inventory, {systemIndex, flowSource: resolve(this.sourceEntries, 'source'), flowTarget: resolve(this.targetEntries, 'target')})
  }
}

/** The interner entry of the cell in `column` when the cell is the model's value as it is, else -1. */
function entryOf(column: number, value: string, record: string[], entries: Int32Array | undefined): number {
  return entries && column >= 0 && entries[column] >= 0 && record[column] === value ? entries[column] : -1
}

interface Ids {
  zones: Map<string, string>
  systems: Map<string, string>
}

const READ: {[K in FileKind]: (r: RowReader, ids: Ids) => Inventory[K][number]} = {
  zones: (r) => readZone(r),
  links: (r, ids) => readLink(r, ids.zones),
  systems: (r, ids) => readSystem(r, ids.zones),
  flows: (r, ids) => readFlow(r, ids.systems),
  datasets: (r, ids) => readDataset(r, ids.systems),
  waivers: (r) => readWaiver(r),
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

function readLink(r: RowReader, zones: ReadonlyMap<string, string>): Link {
  return {zoneA: r.reference('zone_a', zones), zoneB: r.reference('zone_b', zones), approvedClasses: r.classes('approved_classes'), extra: r.extra(), line: r.line}
}

function readSystem(r: RowReader, zones: ReadonlyMap<string, string>): System {
  const targetZone = r.text('target_zone')
  return {
    id: r.text('id', true),
    name: r.text('name', true),
    owner: r.shared('owner', true),
    zone: r.reference('zone', zones),
    targetZone: targetZone === '' ? undefined : (zones.get(targetZone) ?? targetZone),
    classes: r.classes('classes'),
    storageGb: r.number('storage_gb', 0),
    criticality: r.enumOf('criticality', CRITICALITIES, 'medium'),
    strategy: r.enumOf('strategy', STRATEGIES, 'rehost'),
    after: r.list('after'),
    wave: r.wave('wave'),
    group: r.shared('group') || undefined,
    environment: r.enumOf('environment', ENVIRONMENTS, 'prod'),
    extra: r.extra(),
    line: r.line,
  }
}

function readFlow(r: RowReader, systems: ReadonlyMap<string, string>): Flow {
  return {
    id: r.text('id', true),
    source: r.reference('source', systems),
    target: r.reference('target', systems),
    classes: r.classes('classes'),
    purpose: r.shared('purpose') || undefined,
    legalBasis: r.enumOf('legal_basis', LEGAL_BASES),
    coupling: r.enumOf('coupling', COUPLINGS, 'loose'),
    extra: r.extra(),
    line: r.line,
  }
}

/**
 * A million flows: the ones whose cells are as `readFlow` would take them (no
 * trimming, ids present, a class list already read from the same text, legal
 * basis and coupling spelt as kosh spells them) are built straight from the
 * record, with the same values in the same object shape. Every other row
 * (undefined here) goes to `readFlow`, which reports its problems. Call after
 * `r.use(record)`: the unknown columns are read through it.
 */
function flowShortcut(r: RowReader, width: number): (record: string[], line: number, cells: Uint8Array) => Flow | undefined {
  const id = r.position('id')
  const source = r.position('source')
  const target = r.position('target')
  const classes = r.position('classes')
  const purpose = r.position('purpose')
  const legal = r.position('legal_basis')
  const coupling = r.position('coupling')
  const used = [id, source, target, classes, purpose, legal, coupling, ...r.extraColumns.map((name) => r.position(name))].filter((i) => i >= 0)
  return (record, line, cells) => {
    if (record.length !== width) return undefined
    // A cell flagged for trimming (its text begins or ends with something other than printable
    // ASCII: a Cyrillic purpose, a padded id) is taken as it is only when trimming leaves it so.
    for (let k = 0; k < used.length; k++) {
      const at = used[k]
      if (cells[at] & CELL_TRIM && record[at].trim() !== record[at]) return undefined
    }
    const idValue = record[id]
    const sourceValue = record[source]
    const targetValue = record[target]
    if (idValue === '' || sourceValue === '' || targetValue === '') return undefined
    const classList = r.knownClasses(classes < 0 ? '' : record[classes])
    if (classList === undefined) return undefined
    const legalCell = legal < 0 ? '' : record[legal]
    const legalAt = legalCell === '' ? -1 : LEGAL_BASES.indexOf(legalCell as LegalBasis)
    if (legalCell !== '' && legalAt < 0) return undefined
    const couplingCell = coupling < 0 ? '' : record[coupling]
    const couplingAt = couplingCell === '' ? COUPLINGS.indexOf('loose') : COUPLINGS.indexOf(couplingCell as Coupling)
    if (couplingAt < 0) return undefined
    return {
      id: idValue,
      source: sourceValue,
      target: targetValue,
      classes: classList,
      purpose: (purpose < 0 ? '' : record[purpose]) || undefined,
      legalBasis: legalAt < 0 ? undefined : LEGAL_BASES[legalAt],
      coupling: COUPLINGS[couplingAt],
      extra: r.extra(),
      line,
    }
  }
}

function readDataset(r: RowReader, systems: ReadonlyMap<string, string>): Dataset {
  return {
    system: r.reference('system', systems),
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
