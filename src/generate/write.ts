/**
 * Writing a generated inventory folder, all or nothing: every file goes into a
 * temporary folder beside the destination, written chunk by chunk, and the folder
 * is renamed into place only when all of it is on disk. A failure leaves the
 * destination as it was. An existing non-empty destination is replaced only with
 * `force` (the old folder is moved aside first and removed last).
 */
import {randomBytes} from 'node:crypto'
import {mkdir, open, readdir, rename, rm, rmdir, stat} from 'node:fs/promises'
import {basename, dirname, join, resolve} from 'node:path'

import type {GeneratedInventory} from './generate.js'

export type OutputState = 'absent' | 'empty' | 'non-empty' | 'not-a-folder'

export class OutputExistsError extends Error {
  constructor(
    readonly path: string,
    readonly state: OutputState,
  ) {
    super(state === 'not-a-folder' ? `${path} exists and is not a folder` : `${path} already exists and is not empty; pass --force to replace it`)
    this.name = 'OutputExistsError'
  }
}

export async function outputState(path: string): Promise<OutputState> {
  const info = await stat(path).catch(() => undefined)
  if (!info) return 'absent'
  if (!info.isDirectory()) return 'not-a-folder'
  return (await readdir(path)).length === 0 ? 'empty' : 'non-empty'
}

export interface WriteOptions {
  force?: boolean
  /** Called after each chunk with the file name, the rows written so far and the file's total. */
  onProgress?: (file: string, rows: number, total: number) => void
}

export async function writeInventoryFolder(out: string, inventory: GeneratedInventory, options: WriteOptions = {}): Promise<void> {
  const destination = resolve(out)
  const before = await outputState(destination)
  if (before === 'not-a-folder' || (before === 'non-empty' && !options.force)) throw new OutputExistsError(out, before)

  await mkdir(dirname(destination), {recursive: true})
  // A fresh name beside the destination (same file system, so the rename is atomic); mkdir honours the umask.
  const temp = join(dirname(destination), `.${basename(destination)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  await mkdir(temp)
  try {
    for (const file of inventory.files) {
      const handle = await open(join(temp, file.name), 'w')
      try {
        for (const chunk of file.chunks()) {
          await handle.write(chunk.bytes)
          options.onProgress?.(file.name, chunk.rows, file.rows)
        }
      } finally {
        await handle.close()
      }
    }
    await place(temp, destination)
  } catch (error) {
    await rm(temp, {recursive: true, force: true})
    throw error
  }
}

/** Move the finished folder to its destination, replacing what is there (checked by the caller). */
async function place(temp: string, destination: string): Promise<void> {
  const state = await outputState(destination)
  if (state === 'absent') return rename(temp, destination)
  if (state === 'empty') {
    await rmdir(destination)
    return rename(temp, destination)
  }
  if (state === 'not-a-folder') throw new OutputExistsError(destination, state)
  const old = `${temp}.old`
  await rename(destination, old)
  try {
    await rename(temp, destination)
  } catch (error) {
    await rename(old, destination)
    throw error
  }
  await rm(old, {recursive: true, force: true})
}
