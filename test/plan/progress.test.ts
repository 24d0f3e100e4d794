/**
 * At national scale `kosh plan` takes seconds per stage, so from 20,000
 * systems (or 200,000 flows) it says on stderr what it has done so far; a
 * smaller inventory, or a run with --json, gets no such lines, and the plan
 * is the same either way.
 */
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {kosh} from '../support/cli.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kosh-progress-'))
  const generated = await kosh(['generate', '--systems', '20000', '--flows', '30000', '--seed', '4', '--out', join(dir, 'inventory')])
  expect(generated.code, generated.stderr).toBe(0)
}, 60_000)
afterAll(async () => {
  await rm(dir, {recursive: true, force: true})
})

const progressLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('kosh plan: '))

describe('kosh plan at national scale', () => {
  it('reports reading, planning and writing on stderr, with the time so far', async () => {
    const out = join(dir, 'plan')
    const run = await kosh(['plan', '--inventory', join(dir, 'inventory'), '--out', out])
    expect(run.code, run.stderr).toBe(0)
    const lines = progressLines(run.stderr)
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^kosh plan: read 20,000 systems and 30,000 flows from .*inventory \(\d+\.\d s\)$/)
    const waves = JSON.parse(await readFile(join(out, 'plan.json'), 'utf8')).waveCount
    expect(lines[1]).toMatch(new RegExp(`^kosh plan: ${waves} waves planned, every state verified; writing .*plan \\(\\d+\\.\\d s\\)$`))
    // stdout holds the summary alone.
    expect(run.stdout).not.toContain('kosh plan:')

    const json = await kosh(['plan', '--inventory', join(dir, 'inventory'), '--out', join(dir, 'plan-json'), '--json'])
    expect(json.code, json.stderr).toBe(0)
    expect(progressLines(json.stderr)).toEqual([])
    expect(await readFile(join(dir, 'plan-json', 'plan.json'))).toEqual(await readFile(join(out, 'plan.json')))
  }, 60_000)

  it('says nothing of its progress on a small inventory', async () => {
    const run = await kosh(['plan', '--out', join(dir, 'sample')])
    expect(run.code, run.stderr).toBe(0)
    expect(progressLines(run.stderr)).toEqual([])
  }, 60_000)
})
