/**
 * Writing a plan folder: each file atomically (temp file, rename), and never
 * over an existing plan unless asked to.
 *
 * A file can be handed over as soon as it is made (`PlanFolder.add`): its
 * temporary file is written on the thread pool while this thread makes the
 * next one, which at national scale (a plan.json of hundreds of megabytes
 * when every flow has a finding) saves most of the writing. Nothing replaces
 * a file of the folder until every file is written; then each is renamed
 * into place, plan.json last.
 */
import type {KeyObject} from 'node:crypto'
import {mkdir, readdir, rename, rm} from 'node:fs/promises'
import {join} from 'node:path'

import {KoshError} from '../cli/errors.js'
import {temporaryPath, writeWhole} from '../io/atomic.js'
import {sealPlanFiles, type PlanFiles} from '../sign/sign.js'

export const PLAN_FILES = ['plan.json', 'waves.csv', 'plan.md', 'plan.html', 'plan.json.sig'] as const

export interface PlanFolder {
  /** Start writing `name` (to its temporary file). */
  add(name: string, content: string | Uint8Array): void
  /** Wait for every file, then put each in place, plan.json last: the paths written. */
  finish(): Promise<string[]>
  /** Remove the temporary files written so far (after a failure). */
  abort(): Promise<void>
}

/** A plan folder to write into: fails at once when it holds a plan and `force` is not given. */
export async function openPlanFolder(dir: string, force: boolean): Promise<PlanFolder> {
  const existing = await readdir(dir).catch(() => [] as string[])
  const clash = PLAN_FILES.filter((name) => existing.includes(name))
  if (clash.length > 0 && !force) {
    throw new KoshError(`${dir} already holds a plan (${clash.join(', ')}); pass --force to overwrite it`)
  }
  await mkdir(dir, {recursive: true})
  const temps = new Map<string, {temp: string; written: Promise<unknown>}>()
  const removeTemps = async () => {
    await Promise.allSettled([...temps.values()].map((t) => t.written))
    await Promise.all([...temps.values()].map((t) => rm(t.temp, {force: true})))
  }
  return {
    add(name, content) {
      if (temps.has(name)) throw new Error(`${name} is already in the plan folder`)
      const temp = temporaryPath(join(dir, name))
      const written = writeWhole(temp, content)
      // Awaited in finish or abort; until then a failure must not go unhandled.
      written.catch(() => {})
      temps.set(name, {temp, written})
    },
    async finish() {
      // plan.json last: a folder whose plan.json is new has all its other files new too.
      const names = [...temps.keys()].sort((a, b) => (a === 'plan.json' ? 1 : b === 'plan.json' ? -1 : a < b ? -1 : 1))
      const written: string[] = []
      try {
        await Promise.all([...temps.values()].map((t) => t.written))
        for (const name of names) {
          await rename(temps.get(name)!.temp, join(dir, name))
          temps.delete(name)
          written.push(join(dir, name))
        }
      } catch (error) {
        await removeTemps()
        throw error
      }
      // A stale signature would not match the new plan.json: remove it when none was written.
      if (!names.includes('plan.json.sig') && existing.includes('plan.json.sig')) await rm(join(dir, 'plan.json.sig'), {force: true})
      return written
    },
    abort: removeTemps,
  }
}

export async function writePlanFolder(dir: string, files: Record<string, string | Uint8Array>, force: boolean): Promise<string[]> {
  const folder = await openPlanFolder(dir, force)
  for (const name of Object.keys(files)) folder.add(name, files[name])
  return folder.finish()
}

/**
 * A plan folder written as `kosh plan` writes it: each file handed over as
 * soon as `make` has rendered it (in that order, plan.json first), then
 * plan.sha256, and with a key the signatures, sealed over those bytes. The
 * paths written; on failure, nothing is left in place of the old plan.
 */
export async function writeSealedPlanFolder(dir: string, force: boolean, make: [name: string, render: () => Uint8Array][], key?: KeyObject): Promise<string[]> {
  const folder = await openPlanFolder(dir, force)
  try {
    const made: PlanFiles = {}
    for (const [name, render] of make) {
      made[name] = render()
      folder.add(name, made[name])
    }
    const sealed = sealPlanFiles(made, key)
    for (const name of Object.keys(sealed)) if (!(name in made)) folder.add(name, sealed[name])
    return await folder.finish()
  } catch (error) {
    await folder.abort()
    throw error
  }
}
