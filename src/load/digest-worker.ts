/**
 * The worker behind `digestInBackground`: parse the inventory's bytes with the
 * same loader and hash them as `inventoryDigest` does, then hand the hex digest
 * back through the shared buffer and wake the waiting thread.
 */
import {workerData} from 'node:worker_threads'

import {inventoryDigest} from '../model/digest.js'
import type {FileKind} from '../model/inventory.js'
import {parseInventory, type InventoryFiles} from './load-inventory.js'

const {name, files, shared} = workerData as {name: string; files: Partial<Record<FileKind, Uint8Array>>; shared: SharedArrayBuffer}
const state = new Int32Array(shared, 0, 1)
try {
  // Buffers arrive as plain Uint8Arrays: view them as Buffers again, without a copy.
  const buffers: InventoryFiles = {}
  for (const [kind, bytes] of Object.entries(files)) buffers[kind as FileKind] = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
  const {inventory} = await parseInventory(name, buffers)
  new Uint8Array(shared, 4, 64).set(Buffer.from(inventoryDigest(inventory), 'latin1'))
  Atomics.store(state, 0, 1)
} catch {
  Atomics.store(state, 0, 2)
}
Atomics.notify(state, 0)
