/**
 * Atomic file writes: write a temporary file beside the target, then rename it
 * over the target, so a reader never sees a half-written file.
 */
import {randomBytes} from 'node:crypto'
import {mkdir, open, rename, rm} from 'node:fs/promises'
import {dirname, join, basename} from 'node:path'

import {writeAll, writeUtf8} from './utf8.js'

/** Where `path` is written before it is renamed into place: a hidden file beside it, unique to this write. */
export function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
}

export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), {recursive: true})
  const temp = temporaryPath(path)
  try {
    await writeWhole(temp, content)
    await rename(temp, path)
  } catch (error) {
    await rm(temp, {force: true})
    throw error
  }
}

/**
 * Create or truncate `path` and write `content` into it. Bytes go in one
 * write on the thread pool, not in fs.writeFile's chunks of 512 KiB, each of
 * which waits for this thread to be free before the next is started: a plan
 * of 100 MB written while this thread renders the next file would otherwise
 * be written only after it, a chunk at a time.
 */
export async function writeWhole(path: string, content: string | Uint8Array): Promise<void> {
  const file = await open(path, 'w')
  try {
    await (typeof content === 'string' ? writeUtf8(file, content) : writeAll(file, content))
  } finally {
    await file.close()
  }
}
