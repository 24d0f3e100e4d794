/**
 * Run the built `kosh` binary (bin/run.js over dist/, which `npm test` builds
 * first) in a folder and collect its exit code, stdout and stderr.
 */
import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const REPO = fileURLToPath(new URL('../..', import.meta.url))

export interface Run {
  code: number
  stdout: string
  stderr: string
}

export function kosh(args: string[], cwd = REPO): Promise<Run> {
  if (!existsSync(join(REPO, 'dist', 'commands'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)')
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO, 'bin', 'run.js'), ...args], {cwd, env: {...process.env, NO_COLOR: '1'}}, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({code, stdout, stderr})
    })
  })
}
