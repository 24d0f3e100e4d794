/**
 * The inventory digest, computed on another thread while this one validates,
 * classifies and plans. The worker parses the same bytes with the same loader
 * and hashes the same canonical lines, so the digest is the one
 * `inventoryDigest` gives; at a million flows that takes a second or more off
 * the critical path of a 2-core machine. Small inventories are digested in
 * place: starting a thread would cost more than it saves.
 */
import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'

import type {InventoryFiles} from './load-inventory.js'

/** Below this many bytes of CSV the digest is computed in place. */
const WORTH_A_THREAD = 8 << 20
/** How long to wait for the worker before digesting in place after all. */
const PATIENCE_MS = 120_000

/** Blocks until the worker's digest is ready; undefined when it failed (digest in place then). */
export type PendingDigest = () => string | undefined

export function digestInBackground(name: string, files: InventoryFiles): PendingDigest | undefined {
  const size = Object.values(files).reduce((sum, bytes) => sum + (bytes?.length ?? 0), 0)
  const script = new URL('./digest-worker.js', import.meta.url)
  // Run from TypeScript sources (tests), there is no compiled worker to start.
  if (size < WORTH_A_THREAD || !existsSync(fileURLToPath(script))) return undefined
  const shared = new SharedArrayBuffer(4 + 64)
  const state = new Int32Array(shared, 0, 1)
  const worker = new Worker(script, {workerData: {name, files, shared}})
  // Never keep the process alive for it: a command that stops early just exits.
  worker.unref()
  worker.on('error', () => {})
  return () => {
    if (Atomics.wait(state, 0, 0, PATIENCE_MS) === 'timed-out' || Atomics.load(state, 0) !== 1) return undefined
    return Buffer.from(new Uint8Array(shared, 4, 64)).toString('latin1')
  }
}
