/**
 * Writing a plan folder: each file atomically (temp file, rename), and never
 * over an existing plan unless asked to.
 */
import {readdir} from 'node:fs/promises'
import {join} from 'node:path'

import {KoshError} from '../cli/errors.js'
import {writeFileAtomic} from '../io/atomic.js'

export const PLAN_FILES = ['plan.json', 'waves.csv', 'plan.md', 'plan.html', 'plan.json.sig'] as const

export async function writePlanFolder(dir: string, files: Record<string, string | Uint8Array>, force: boolean): Promise<string[]> {
  const existing = await readdir(dir).catch(() => [] as string[])
  const clash = PLAN_FILES.filter((name) => existing.includes(name))
  if (clash.length > 0 && !force) {
    throw new KoshError(`${dir} already holds a plan (${clash.join(', ')}); pass --force to overwrite it`)
  }
  const written: string[] = []
  // plan.json last: a folder whose plan.json is new has all its other files new too.
  const names = Object.keys(files).sort((a, b) => (a === 'plan.json' ? 1 : b === 'plan.json' ? -1 : a < b ? -1 : 1))
  for (const name of names) {
    await writeFileAtomic(join(dir, name), files[name])
    written.push(join(dir, name))
  }
  // A stale signature would not match the new plan.json: remove it when none was written.
  if (!('plan.json.sig' in files) && existing.includes('plan.json.sig')) {
    const {rm} = await import('node:fs/promises')
    await rm(join(dir, 'plan.json.sig'), {force: true})
  }
  return written
}
