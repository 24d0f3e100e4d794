/**
 * The inventory digest on a second thread: flows.csv, up to a million rows,
 * is read for the digest from its bytes (flows-digest.ts) on the second core
 * while this thread loads and plans; this thread hashes only the other files.
 * Wherever the second thread cannot start or gives up, the digest is made here
 * from the model, as `inventoryDigest` makes it: the answer is the same either
 * way.
 */
import {Worker} from 'node:worker_threads'

import {digestParts, inventoryDigest} from './digest.js'
import type {Inventory} from './inventory.js'

/**
 * From this size flows.csv is read on the second thread as soon as it has
 * been read from disk, while this thread loads it. At 10,000 systems / 100,000
 * flows (6 to 15 MB) that neither gains nor loses measurably; for a smaller
 * file, starting a thread costs more than the digest it would take over.
 */
const EARLY_BYTES = 4 << 20
/**
 * Given only after loading (a database snapshot's bytes), the file is worth a
 * second thread from this many flows: below it the digest here is as quick.
 */
const WORTH_A_THREAD = 250_000

/**
 * A second thread for the digest, given flows.csv's bytes (`read`) as soon as
 * they are in memory, and the rest of the inventory (`finish`) once loaded.
 */
export class DigestThread {
  private worker?: Worker
  private answer?: Promise<string | undefined>
  private finished = false

  /** flows.csv's bytes, or a promise of them: a large file is read on the second thread from now on. */
  read(flowsFile: Uint8Array | Promise<Uint8Array | undefined> | undefined): void {
    if (flowsFile instanceof Promise) {
      flowsFile.then((bytes) => this.read(bytes), () => {})
      return
    }
    if (flowsFile !== undefined && flowsFile.length >= EARLY_BYTES) this.start(flowsFile)
  }

  /**
   * The digest of `inventory`, loaded from `flowsFile` (the bytes given to
   * `read`, or a database snapshot's): call the result when it is needed.
   */
  finish(inventory: Inventory, flowsFile: Uint8Array | undefined): () => Promise<string> {
    this.finished = true
    const here = () => Promise.resolve(inventoryDigest(inventory))
    if (this.worker === undefined && flowsFile !== undefined && inventory.flows.length >= WORTH_A_THREAD) this.start(flowsFile)
    const {worker, answer} = this
    if (worker === undefined || answer === undefined) return here
    // Awaited from here on: the thread must keep the process alive until it answers.
    worker.ref()
    const {prefix, suffix, ends} = digestParts(inventory)
    // Handed over, not copied: this thread needs none of them again.
    worker.postMessage({prefix, suffix, ends}, [prefix.buffer, suffix.buffer, ends.source.buffer, ends.target.buffer] as ArrayBuffer[])
    return async () => (await answer) ?? inventoryDigest(inventory)
  }

  /** Stop the thread if the digest was never asked for (the inventory did not load): call when the command ends. */
  stop(): void {
    if (!this.finished) void this.worker?.terminate()
  }

  private start(flowsFile: Uint8Array): void {
    if (this.worker !== undefined) return
    let worker: Worker
    try {
      worker = new Worker(new URL('./digest-worker.js', import.meta.url))
    } catch {
      return
    }
    // Until `finish`, a command that stops early (an invalid inventory) need not wait for it.
    if (!this.finished) worker.unref()
    this.worker = worker
    this.answer = new Promise<string | undefined>((resolve) => {
      worker.once('message', (reply: {digest?: string}) => {
        resolve(reply.digest)
        void worker.terminate()
      })
      worker.once('error', () => resolve(undefined))
      worker.once('exit', () => resolve(undefined))
    })
    // Shared, not copied: the file is read on both threads.
    worker.postMessage({file: shared(flowsFile)})
  }
}

/** The digest of `inventory` on a second thread where it is worth one (flowsFile: the bytes of its flows.csv). */
export function startDigest(inventory: Inventory, flowsFile: Uint8Array | undefined): () => Promise<string> {
  return new DigestThread().finish(inventory, flowsFile)
}

/** The bytes in memory both threads can read: the file's own when it was read into such memory (readWhole), else a copy. */
function shared(bytes: Uint8Array): Uint8Array {
  if (bytes.buffer instanceof SharedArrayBuffer) return bytes
  const copy = new Uint8Array(new SharedArrayBuffer(bytes.length))
  copy.set(bytes)
  return copy
}
