/**
 * `db pull`: a snapshot written back as an inventory folder. The files are
 * written to a temporary folder beside the target and renamed into place, so
 * the target is either absent, the old folder, or the complete new one. A
 * folder that holds anything is replaced only with `force`.
 */
import {randomBytes} from 'node:crypto'
import {mkdir, readdir, rename, rm, stat, writeFile} from 'node:fs/promises'
import {basename, dirname, join, resolve} from 'node:path'

import {EXIT, KoshError} from '../cli/errors.js'
import type {InventoryFiles} from '../load/load-inventory.js'
import {FILES, type FileKind} from '../model/inventory.js'

export async function writeInventoryFolder(dir: string, files: InventoryFiles, force: boolean): Promise<string[]> {
  const target = resolve(dir)
  const existing = await stat(target).catch(() => undefined)
  if (existing && !existing.isDirectory()) throw new KoshError(`${dir} exists and is not a folder`, EXIT.input)
  const entries = existing ? await readdir(target) : []
  if (entries.length > 0 && !force) {
    throw new KoshError(`${dir} is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}); pass --force to replace it`, EXIT.input)
  }

  const parent = dirname(target)
  await mkdir(parent, {recursive: true})
  const token = `${process.pid}.${randomBytes(4).toString('hex')}`
  const temp = join(parent, `.${basename(target)}.kosh-pull.${token}`)
  const names: string[] = []
  try {
    await mkdir(temp)
    for (const kind of Object.keys(FILES) as FileKind[]) {
      const bytes = files[kind]
      if (!bytes) continue
      await writeFile(join(temp, FILES[kind]), bytes)
      names.push(FILES[kind])
    }
    if (existing) {
      // Move the old folder aside, put the new one in its place, then drop the old one.
      const old = join(parent, `.${basename(target)}.kosh-old.${token}`)
      await rename(target, old)
      try {
        await rename(temp, target)
      } catch (error) {
        await rename(old, target).catch(() => {})
        throw error
      }
      await rm(old, {recursive: true, force: true})
    } else {
      await rename(temp, target)
    }
  } catch (error) {
    await rm(temp, {recursive: true, force: true}).catch(() => {})
    if (error instanceof KoshError) throw error
    throw new KoshError(`cannot write ${dir}: ${(error as Error).message}`, EXIT.input)
  }
  return names.map((name) => join(dir, name))
}
