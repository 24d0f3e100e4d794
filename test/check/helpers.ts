/**
 * Running `kosh check` as CI does: the built binary (bin/run.js over dist/,
 * which `npm test` builds first), from a working directory, so that result
 * paths are relative to it. Fixtures live in test/fixtures/check/<case>/inventory.
 */
import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import {cp, mkdtemp} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const REPO = fileURLToPath(new URL('../..', import.meta.url))
export const FORMATS = ['text', 'json', 'junit', 'sarif', 'github'] as const
/** The date the sample inventory's waiver is checked against in these tests. */
export const TODAY = '2026-11-25'

export interface Run {
  code: number
  stdout: string
  stderr: string
}

export function kosh(args: string[], cwd = REPO): Promise<Run> {
  if (!existsSync(join(REPO, 'dist', 'commands', 'check.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)')
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO, 'bin', 'run.js'), ...args], {cwd, env: {...process.env, NO_COLOR: '1'}, maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) => {
      resolve({code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr})
    })
  })
}

/** The inventory folder of a check fixture, relative to the repository (where the tests run kosh). */
export const fixture = (name: string) => `test/fixtures/check/${name}/inventory`

/** A fresh working directory holding a copy of a fixture's (or the sample's) inventory as `inventory/`. */
export async function workspace(from: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kosh-check-'))
  await cp(join(REPO, from), join(dir, 'inventory'), {recursive: true})
  return dir
}

/** No stack trace: no "    at fn (file:line)" frames. */
export function noStackTrace(run: Run): boolean {
  return !/^\s+at .+/m.test(run.stderr) && !/^\s+at .+/m.test(run.stdout)
}
