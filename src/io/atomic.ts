/**
 * Atomic file writes: write a temporary file beside the target, then rename it
 * over the target, so a reader never sees a half-written file.
 */
import {randomBytes} from 'node:crypto'
import {mkdir, open, rename, rm, writeFile} from 'node:fs/promises'
import {dirname, join, basename} from 'node:path'

import {writeUtf8} from './utf8.js'

/** Where `path` is written before it is renamed into place: a hidden file beside it, unique to this write. */
export function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
}

export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), {recursive: true})
  const temp = temporaryPath(path)
  try {
    if (typeof content === 'string') await writeText(temp, content)
    else await writeFile(temp, content)
    await rename(temp, path)
  } catch (error) {
    await rm(temp, {force: true})
    throw error
  }
}

async function writeText(path: string, text: string): Promise<void> {
  const file = await open(path, 'w')
  try {
    await writeUtf8(file, text)
  } finally {
    await file.close()
  }
}
