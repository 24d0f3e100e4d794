/**
 * Where a command's inventory comes from, and where a plan goes: the folder
 * (`--inventory DIR`) or a database snapshot (`--from-db SNAPSHOT|latest`), and
 * `plan --save`. These are the store's two ends of the pipeline; the stages in
 * between never know which it was.
 */
import {basename, resolve} from 'node:path'

import {EXIT, KoshError} from '../cli/errors.js'
import {readInventoryFiles} from '../load/load-inventory.js'
import {openInventoryFiles, openInventoryFolder, type OpenedInventory} from '../load/open.js'
import {hasErrors, sortDiagnostics} from '../model/diagnostic.js'
import {inventoryDigest} from '../model/digest.js'
import type {Inventory} from '../model/inventory.js'
import {withClient, type ConnectOptions} from './connect.js'
import {requireSchema} from './migrate.js'
import {savePlan, type PlanRecord} from './plans.js'
import {openSnapshot, pushSnapshot, snapshotLabel, type PushOptions, type PushResult, type SnapshotInfo} from './snapshots.js'

export type InventorySource = {kind: 'folder'; dir: string} | {kind: 'snapshot'; snapshot: SnapshotInfo}

export interface OpenedSource extends OpenedInventory {
  source: InventorySource
  /**
   * What to call the inventory in messages, and the prefix for the file names
   * of its diagnostics: the folder (`./inventory`), or `db:#3` for a snapshot
   * (`db:#3/systems.csv:12:4`).
   */
  where: string
}

export interface SourceOptions {
  /** `--inventory DIR`: used unless `fromDb` is given. */
  inventory: string
  /** `--from-db SNAPSHOT|latest`. */
  fromDb?: string
  /** `--database-url`. */
  databaseUrl?: string
}

/** Open the inventory from the folder, or from a database snapshot when `fromDb` is set. */
export async function openInventorySource(options: SourceOptions): Promise<OpenedSource> {
  if (options.fromDb === undefined) {
    const opened = await openInventoryFolder(options.inventory)
    return {...opened, source: {kind: 'folder', dir: options.inventory}, where: options.inventory}
  }
  const ref = options.fromDb
  return withClient({databaseUrl: options.databaseUrl}, async (client) => {
    await requireSchema(client)
    const {inventory, diagnostics, snapshot} = await openSnapshot(client, ref)
    return {inventory, diagnostics, source: {kind: 'snapshot', snapshot}, where: `db:#${snapshot.id}`}
  })
}

/** A folder read for storing: its bytes, and the inventory they open to. Errors stop it (exit 2). */
export async function openFolderForPush(dir: string): Promise<{inventory: Inventory; files: import('../load/load-inventory.js').InventoryFiles; digest: string}> {
  const read = await readInventoryFiles(dir)
  const opened = read.diagnostics.length > 0 ? {inventory: undefined, diagnostics: read.diagnostics} : await openInventoryFiles(basename(resolve(dir)), read.files)
  const diagnostics = sortDiagnostics([...opened.diagnostics])
  if (!opened.inventory || hasErrors(diagnostics)) {
    throw new KoshError(`${dir}: the inventory has errors; fix them before storing it (kosh validate)`, EXIT.input, diagnostics)
  }
  return {inventory: opened.inventory, files: read.files, digest: inventoryDigest(opened.inventory)}
}

/** `db push`: store the folder as a snapshot (or find the one that holds it already). */
export async function pushInventoryFolder(
  options: ConnectOptions & {dir: string} & PushOptions,
): Promise<PushResult> {
  // Connect first: a wrong password should not wait for a large inventory to be read.
  return withClient(options, async (client) => {
    await requireSchema(client)
    return pushSnapshot(client, await openFolderForPush(options.dir), options)
  })
}

export interface SavedPlan {
  plan: PlanRecord
  /** False when the database already held this plan (same digest). */
  created: boolean
  /** The snapshot of the plan's inventory; pushed now when the plan was made from a folder. */
  snapshot: SnapshotInfo
  snapshotCreated: boolean
}

/**
 * `plan --save`: store plan.json and its verification, linked to the snapshot
 * of its inventory. A plan made from a folder pushes the folder first (nothing
 * is written when it is already there), so every saved plan can be pulled,
 * re-verified and reviewed from the database alone.
 */
export async function savePlanToStore(options: {
  databaseUrl?: string
  source: InventorySource
  /** plan.json exactly as written. */
  planJson: string
  /** The inventory digest the plan was made from (plan.json's `inventory.digest`). */
  inventoryDigest: string
} & PushOptions): Promise<SavedPlan> {
  const folder = options.source.kind === 'folder' ? await openFolderForPush(options.source.dir) : undefined
  if (folder && folder.digest !== options.inventoryDigest) {
    throw new KoshError(`${options.source.kind === 'folder' ? options.source.dir : ''}: the inventory changed while the plan was made; plan again`, EXIT.input)
  }
  return withClient({databaseUrl: options.databaseUrl}, async (client) => {
    await requireSchema(client)
    let snapshot: SnapshotInfo
    let snapshotCreated = false
    if (folder) {
      const pushed = await pushSnapshot(client, folder, options)
      snapshot = pushed.snapshot
      snapshotCreated = pushed.created
    } else {
      snapshot = (options.source as {snapshot: SnapshotInfo}).snapshot
    }
    if (snapshot.digest !== options.inventoryDigest) {
      throw new KoshError(`the plan was made from inventory ${options.inventoryDigest.slice(0, 12)}, not from snapshot ${snapshotLabel(snapshot)}`, EXIT.input)
    }
    const saved = await savePlan(client, {planJson: options.planJson})
    return {...saved, snapshot, snapshotCreated}
  })
}
