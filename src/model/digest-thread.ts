/**
 * The inventory digest on a second thread: flows.csv, a million rows, is read
 * for the digest from its bytes (flows-digest.ts) while this thread plans;
 * this thread hashes only the other files. Wherever the second thread cannot
 * start or gives up, the digest is made here from the model, as
 * `inventoryDigest` makes it: the answer is the same either way.
 */
import {Worker} from 'node:worker_threads'

import {digestParts, inventoryDigest} from './digest.js'
import type {Inventory} from './inventory.js'

/** Below this many flows a second thread gains nothing (10k systems / 100k flows: the same wall time, paired runs). */
const WORTH_A_THREAD = 250_000

/**
 * Start the digest of `inventory`, given the bytes of the flows.csv it was
 * read from. Call the result when the digest is needed.
 */
export function startDigest(inventory: Inventory, flowsFile: Uint8Array | undefined): () => Promise<string> {
  const here = () => Promise.resolve(inventoryDigest(inventory))
  if (flowsFile === undefined || inventory.flows.length < WORTH_A_THREAD) return here
  let worker: Worker
  try {
    worker = new Worker(new URL('./digest-worker.js', import.meta.url))
  } catch {
    return here
  }
  const answer = new Promise<string | undefined>((resolve) => {
    worker.once('message', (reply: {digest?: string}) => resolve(reply.digest))
    worker.once('error', () => resolve(undefined))
    worker.once('exit', () => resolve(undefined))
  })
  // Shared, not copied: the file is read on both threads.
  worker.postMessage({file: shared(flowsFile), flows: inventory.flows.length})
  const {prefix, suffix, ends} = digestParts(inventory)
  // Handed over, not copied, but for the flows' ends, which this thread's planner reads too.
  worker.postMessage({prefix, suffix, ends}, [prefix.buffer, suffix.buffer, ends.place.buffer] as ArrayBuffer[])
  return async () => (await answer) ?? inventoryDigest(inventory)
}

/** The bytes in memory both threads can read: the file's own when it was read into such memory (readWhole), else a copy. */
function shared(bytes: Uint8Array): Uint8Array {
  if (bytes.buffer instanceof SharedArrayBuffer) return bytes
  const copy = new Uint8Array(new SharedArrayBuffer(bytes.length))
  copy.set(bytes)
  return copy
}
