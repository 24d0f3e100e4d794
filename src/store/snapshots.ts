/**
 * Snapshots: an inventory stored in the database, keyed by its canonical digest.
 *
 * Push writes the snapshot row, its files and every record (COPY, text format)
 * in one transaction, under a transaction advisory lock on the digest; the
 * unique digest column backs the lock. So pushing content that is already
 * there, even from two processes at the same moment, returns the existing
 * snapshot and writes nothing, and a push that fails leaves nothing behind.
 *
 * Reading a snapshot regenerates its files (./records.ts) and opens them with
 * the folder's own parser and validator, then checks the digest it gets against
 * the one the snapshot was stored under.
 */
import {pipeline} from 'node:stream/promises'

import type pg from 'pg'

import {EXIT, KoshError} from '../cli/errors.js'
import {COLUMNS, type InventoryFiles} from '../load/load-inventory.js'
import {openInventoryFiles, type OpenedInventory} from '../load/open.js'
import {sortDiagnostics, type Diagnostic} from '../model/diagnostic.js'
import {inventoryDigest} from '../model/digest.js'
import {FILES, type Inventory} from '../model/inventory.js'
import {countInventory, type InventoryCounts} from '../validate/validate.js'
import {copyField, copyRows, copyStream, decodeCopyField, textArrayLiteral} from './copy-text.js'
import {KOSH_LOCK} from './migrate.js'
import {filesOfRecords, recordsOfFiles, type StoredFile, type StoredRecord} from './records.js'

/** Advisory lock class of snapshot pushes (`'ksnp'`); the object is 32 bits of the digest. */
export const SNAPSHOT_LOCK = 0x6b736e70

export interface SnapshotInfo {
  /** The serial: `#3`. */
  id: number
  /** SHA-256 of the canonical inventory (src/model/digest.ts). */
  digest: string
  /** The first 12 hex digits of the digest: the snapshot's short name. */
  short: string
  /** The folder name it was pushed from. */
  inventoryName: string
  counts: InventoryCounts
  /** When it was stored (database history only; never part of a plan). */
  createdAt: string
  createdBy: string
}

export interface PushInput {
  inventory: Inventory
  files: InventoryFiles
  /** Defaults to `inventoryDigest(inventory)`. */
  digest?: string
}

export interface PushOptions {
  /**
   * Called as records are sent (every `progressEvery` records, and at the end).
   * Throwing aborts the push: the transaction rolls back.
   */
  onProgress?: (sent: number, total: number) => void
  progressEvery?: number
}

export interface PushResult {
  snapshot: SnapshotInfo
  /** False when a snapshot with this digest was already there. */
  created: boolean
  /** Records written by this push (0 when it already existed). */
  records: number
}

export const shortDigest = (digest: string) => digest.slice(0, 12)

/** `#3 3f9a0c12ab45`: how a snapshot is named in messages. */
export function snapshotLabel(s: Pick<SnapshotInfo, 'id' | 'short'>): string {
  return `#${s.id} ${s.short}`
}

interface SnapshotRow {
  id: string
  inventory_digest: string
  inventory_name: string
  counts: InventoryCounts
  created_at: Date
  created_by: string
}

const SNAPSHOT_COLUMNS = 'id, inventory_digest, inventory_name, counts, created_at, created_by'

function snapshotOf(row: SnapshotRow): SnapshotInfo {
  return {
    id: Number(row.id),
    digest: row.inventory_digest,
    short: shortDigest(row.inventory_digest),
    inventoryName: row.inventory_name,
    // jsonb keeps keys in its own order; give them in the usual one.
    counts: {zones: row.counts.zones, links: row.counts.links, systems: row.counts.systems, flows: row.counts.flows, datasets: row.counts.datasets, waivers: row.counts.waivers},
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
  }
}

async function findByDigest(client: pg.Client, digest: string): Promise<SnapshotInfo | undefined> {
  const {rows} = await client.query<SnapshotRow>(`SELECT ${SNAPSHOT_COLUMNS} FROM kosh_snapshot WHERE inventory_digest = $1`, [digest])
  return rows[0] ? snapshotOf(rows[0]) : undefined
}

/**
 * The records to store, checked to give back the same inventory: files that
 * regenerate byte for byte need no more; others (quoting, CRLF, a BOM) are
 * opened again and must give the same digest.
 */
export async function storableRecords(files: InventoryFiles, digest: string, name: string): Promise<StoredFile[]> {
  const stored = await recordsOfFiles(files)
  const regenerated = filesOfRecords(stored)
  const identical = (Object.keys(files) as (keyof InventoryFiles)[]).every((kind) => files[kind]!.equals(regenerated[kind] ?? Buffer.alloc(0)))
  if (!identical) {
    const back = await openInventoryFiles(name, regenerated)
    if (inventoryDigest(back.inventory) !== digest) {
      throw new KoshError('the inventory uses CSV that kosh cannot store faithfully (it reads back differently); please report this', EXIT.input)
    }
  }
  return stored
}

/** One COPY text row per record: snapshot, file, line, cells. */
function* copyLines(snapshotId: number, stored: readonly StoredFile[], options: PushOptions, total: number): Generator<string> {
  const every = Math.max(1, options.progressEvery ?? 50_000)
  let sent = 0
  for (const file of stored) {
    const prefix = `${snapshotId}\t${copyField(file.file)}\t`
    for (const record of file.records) {
      yield `${prefix}${record.line}\t${copyField(textArrayLiteral(record.cells))}\n`
      if (++sent % every === 0) options.onProgress?.(sent, total)
    }
  }
  options.onProgress?.(sent, total)
}

/**
 * Store an inventory (already opened, and without errors) as a snapshot, or
 * return the snapshot that already holds the same content.
 */
export async function pushSnapshot(client: pg.Client, input: PushInput, options: PushOptions = {}): Promise<PushResult> {
  const digest = input.digest ?? inventoryDigest(input.inventory)
  // The common repeat: already there, nothing to prepare.
  const existing = await findByDigest(client, digest)
  if (existing) return {snapshot: existing, created: false, records: 0}

  const stored = await storableRecords(input.files, digest, input.inventory.name)
  const total = stored.reduce((n, f) => n + f.records.length, 0)

  await client.query('BEGIN')
  try {
    // A large inventory may take longer than a statement timeout set for interactive use.
    await client.query('SET LOCAL statement_timeout = 0')
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [SNAPSHOT_LOCK, digestLockKey(digest)])
    const raced = await findByDigest(client, digest)
    if (raced) {
      await client.query('COMMIT')
      return {snapshot: raced, created: false, records: 0}
    }
    const {rows} = await client.query<SnapshotRow>(
      `INSERT INTO kosh_snapshot (inventory_digest, inventory_name, counts) VALUES ($1, $2, $3) RETURNING ${SNAPSHOT_COLUMNS}`,
      [digest, input.inventory.name, JSON.stringify(countInventory(input.inventory))],
    )
    const snapshot = snapshotOf(rows[0])
    for (const file of stored) {
      await client.query('INSERT INTO kosh_snapshot_file (snapshot_id, file, header, header_line, records) VALUES ($1, $2, $3, $4, $5)', [
        snapshot.id, file.file, file.header, file.headerLine, file.records.length,
      ])
    }
    const {from: copyFrom} = await import('pg-copy-streams')
    const copy = client.query(copyFrom('COPY kosh_snapshot_record (snapshot_id, file, line, cells) FROM STDIN'))
    await pipeline(copyStream(copyLines(snapshot.id, stored, options, total)), copy)
    if (copy.rowCount !== total) throw new Error(`COPY stored ${copy.rowCount} of ${total} records`)
    await client.query('COMMIT')
    return {snapshot, created: true, records: total}
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  }
}

/** What a folder without a required file says (readInventoryFiles), for a snapshot without one. */
function missingFiles(files: InventoryFiles): Diagnostic[] {
  return (['zones', 'systems', 'flows'] as const)
    .filter((kind) => !files[kind])
    .map((kind) => ({
      severity: 'error',
      code: 'KOSH-MISSING-FILE',
      summary: `the required file ${FILES[kind]} is missing`,
      file: FILES[kind],
      expected: `${FILES[kind]} with the columns ${COLUMNS[kind].filter((c) => c.required).map((c) => c.name).join(', ')}`,
    }))
}

/** 32 bits of the digest, as the signed integer pg_advisory_xact_lock(int, int) takes. */
export function digestLockKey(digest: string): number {
  return Number.parseInt(digest.slice(0, 8), 16) | 0
}

/**
 * A snapshot by reference: `latest`, its serial (`3` or `#3`), or a prefix of
 * its digest (at least 6 hex digits). An unknown or ambiguous reference is a
 * KoshError (exit 2).
 */
export async function resolveSnapshot(client: pg.Client, ref: string): Promise<SnapshotInfo> {
  const wanted = ref.trim()
  if (wanted === 'latest') {
    const {rows} = await client.query<SnapshotRow>(`SELECT ${SNAPSHOT_COLUMNS} FROM kosh_snapshot ORDER BY id DESC LIMIT 1`)
    if (!rows[0]) throw new KoshError('the database holds no snapshot yet; push one with `kosh db push`', EXIT.input)
    return snapshotOf(rows[0])
  }
  const serial = /^#?(\d{1,15})$/.exec(wanted)
  const prefix = /^[0-9a-f]{6,64}$/i.test(wanted) ? wanted.toLowerCase() : undefined
  if (!serial && !prefix) {
    throw new KoshError(`"${ref}" is not a snapshot: use latest, a number (#3) or at least 6 hex digits of its digest`, EXIT.input)
  }
  const matches: SnapshotInfo[] = []
  if (serial && (wanted.startsWith('#') || !prefix)) {
    const {rows} = await client.query<SnapshotRow>(`SELECT ${SNAPSHOT_COLUMNS} FROM kosh_snapshot WHERE id = $1`, [serial[1]])
    matches.push(...rows.map(snapshotOf))
  } else {
    const {rows} = await client.query<SnapshotRow>(
      `SELECT ${SNAPSHOT_COLUMNS} FROM kosh_snapshot WHERE left(inventory_digest, $2) = $1 ${serial ? 'OR id = $3' : ''} ORDER BY id LIMIT 5`,
      serial ? [prefix, prefix!.length, serial[1]] : [prefix, prefix!.length],
    )
    matches.push(...rows.map(snapshotOf))
  }
  if (matches.length === 0) throw new KoshError(`no snapshot ${ref} in the database (kosh db snapshots lists them)`, EXIT.input)
  if (matches.length > 1) {
    throw new KoshError(`"${ref}" names more than one snapshot (${matches.map(snapshotLabel).join(', ')}); write #N for a number or more digits of the digest`, EXIT.input)
  }
  return matches[0]
}

/** Every snapshot, oldest first. */
export async function listSnapshots(client: pg.Client): Promise<SnapshotInfo[]> {
  const {rows} = await client.query<SnapshotRow>(`SELECT ${SNAPSHOT_COLUMNS} FROM kosh_snapshot ORDER BY id`)
  return rows.map(snapshotOf)
}

/** The stored files of a snapshot, records in line order, streamed with COPY ... TO. */
export async function readSnapshotRecords(client: pg.Client, snapshot: Pick<SnapshotInfo, 'id'>): Promise<StoredFile[]> {
  const {rows} = await client.query<{file: string; header: string[]; header_line: number; records: number}>(
    'SELECT file, header, header_line, records FROM kosh_snapshot_file WHERE snapshot_id = $1 ORDER BY file',
    [snapshot.id],
  )
  const files = new Map<string, StoredFile>(rows.map((r) => [r.file, {file: r.file, header: r.header, headerLine: r.header_line, records: []}]))
  // array_to_json: JSON text has no raw tabs or line feeds, so its COPY field only doubles backslashes.
  const {to: copyTo} = await import('pg-copy-streams')
  const stream = client.query(
    copyTo(`COPY (SELECT file, line, array_to_json(cells) FROM kosh_snapshot_record WHERE snapshot_id = ${Number(snapshot.id)} ORDER BY file, line) TO STDOUT`),
  )
  for await (const row of copyRows(stream)) {
    const first = row.indexOf('\t')
    const second = row.indexOf('\t', first + 1)
    const file = files.get(decodeCopyField(row.slice(0, first)))
    if (!file) continue
    const record: StoredRecord = {line: Number(row.slice(first + 1, second)), cells: JSON.parse(decodeCopyField(row.slice(second + 1))) as string[]}
    file.records.push(record)
  }
  for (const file of files.values()) {
    const expected = rows.find((r) => r.file === file.file)!.records
    if (file.records.length !== expected) {
      throw new KoshError(`snapshot ${snapshot.id}: ${file.file} should hold ${expected} records but ${file.records.length} are stored; the snapshot was altered in the database`, EXIT.input)
    }
  }
  return [...files.values()]
}

export interface OpenedSnapshot extends OpenedInventory {
  snapshot: SnapshotInfo
  files: InventoryFiles
}

/**
 * Open a snapshot as `openInventoryFolder` opens a folder: same parser, same
 * validator, same diagnostics (naming the original file and line).
 */
export async function openSnapshot(client: pg.Client, ref: string): Promise<OpenedSnapshot> {
  const snapshot = await resolveSnapshot(client, ref)
  const files = filesOfRecords(await readSnapshotRecords(client, snapshot))
  const opened = await openInventoryFiles(snapshot.inventoryName, files)
  opened.diagnostics = sortDiagnostics([...missingFiles(files), ...opened.diagnostics])
  const digest = inventoryDigest(opened.inventory)
  if (digest !== snapshot.digest) {
    throw new KoshError(
      `snapshot ${snapshotLabel(snapshot)} reads back as ${shortDigest(digest)}, not the digest it was stored under: ` +
        'its rows were changed in the database, or it was pushed by a kosh with another digest format',
      EXIT.input,
    )
  }
  return {...opened, snapshot, files}
}
