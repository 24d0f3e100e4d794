import {mkdir, mkdtemp, readdir, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'

import Generate from '../../src/commands/generate.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
let scratch: string
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'kosh-generate-cmd-'))
})
afterAll(async () => {
  await rm(scratch, {recursive: true, force: true})
})

/** Run `kosh generate` in process; what it printed and the exit code (0 when it returned). */
async function run(argv: string[]): Promise<{stdout: string; stderr: string; exit: number}> {
  const out: string[] = []
  const err: string[] = []
  // oclif writes through console.log and console.error.
  const stdout = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(`${args.join(' ')}\n`))
  const stderr = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(`${args.join(' ')}\n`))
  let exit = 0
  try {
    await Generate.run(argv, root)
  } catch (error) {
    exit = (error as {oclif?: {exit?: number}}).oclif?.exit ?? -1
    if (exit === -1) throw error
  } finally {
    stdout.mockRestore()
    stderr.mockRestore()
  }
  return {stdout: out.join(''), stderr: err.join(''), exit}
}

describe('kosh generate', () => {
  it('writes the folder and prints {out, systems, flows, seed} under --json', async () => {
    const out = join(scratch, 'json')
    const result = await run(['--systems', '50', '--flows', '200', '--seed', '3', '--out', out, '--json'])
    expect(result.exit).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({out, systems: 50, flows: 200, seed: 3})
    expect((await readdir(out)).sort()).toEqual(['datasets.csv', 'flows.csv', 'links.csv', 'systems.csv', 'waivers.csv', 'zones.csv'])
  })

  it('refuses a non-empty folder with one line and exit code 2, and replaces it with --force', async () => {
    const out = join(scratch, 'taken')
    await mkdir(out)
    await writeFile(join(out, 'notes.txt'), 'mine')
    const refused = await run(['--systems', '10', '--flows', '10', '--out', out])
    expect(refused.exit).toBe(2)
    expect(refused.stderr.trim().split('\n')).toEqual([`kosh: ${out} already exists and is not empty; pass --force to replace it`])
    expect(await readdir(out)).toEqual(['notes.txt'])

    const forced = await run(['--systems', '10', '--flows', '10', '--out', out, '--force'])
    expect(forced.exit).toBe(0)
    expect(await readdir(out)).not.toContain('notes.txt')
  })

  it('refuses flows with a single system', async () => {
    const result = await run(['--systems', '1', '--flows', '3', '--out', join(scratch, 'one')])
    expect(result.exit).toBe(2)
    expect(result.stderr).toContain('--flows needs --systems 2 or more')
  })
})
