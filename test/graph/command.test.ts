/** `kosh graph` as a user runs it: formats, --out, --json, exit codes. */
import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {GraphCommandResult} from '../../src/commands/graph.js'
import {kosh} from '../support/cli.js'

const FIXTURES = fileURLToPath(new URL('../fixtures/graph', import.meta.url))
const BANK = join(FIXTURES, 'bank-clinic', 'inventory')
let work: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'kosh-graph-'))
})
afterAll(async () => {
  await rm(work, {recursive: true, force: true})
})

describe('kosh graph', () => {
  it('prints the golden DOT on stdout by default (per system)', async () => {
    const run = await kosh(['graph', '--inventory', BANK])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(await readFile(join(FIXTURES, 'bank-clinic', 'expected', 'system.dot'), 'utf8'))
  })

  it('--out writes the same bytes atomically and leaves no temporary file', async () => {
    const out = join(work, 'nested', 'zone.mmd')
    const run = await kosh(['graph', '--inventory', BANK, '--by', 'zone', '--format', 'mermaid', '--out', out])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^Wrote .*zone\.mmd: 4 nodes, \d+ edges \(mermaid, by zone\)\n$/)
    expect(await readFile(out, 'utf8')).toBe(await readFile(join(FIXTURES, 'bank-clinic', 'expected', 'zone.mmd'), 'utf8'))
    expect(await readdir(join(work, 'nested'))).toEqual(['zone.mmd'])
  })

  it('--json gives the result with the view, and nothing else on stdout', async () => {
    const run = await kosh(['graph', '--inventory', BANK, '--by', 'wave', '--json'])
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout) as GraphCommandResult
    expect(result).toMatchObject({by: 'wave', format: 'dot', nodes: result.graph.nodes.length, edges: result.graph.edges.length})
    expect(result.graph).toEqual(JSON.parse(await readFile(join(FIXTURES, 'bank-clinic', 'expected', 'wave.json'), 'utf8')))
  })

  it('exits 2 with diagnostics on an invalid inventory', async () => {
    const run = await kosh(['graph', '--inventory', join(FIXTURES, 'unknown-zone-error', 'inventory')])
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain('unknown-zone-error/inventory/systems.csv:2:16: error KOSH-UNKNOWN-ZONE')
    expect(run.stderr).toContain('the inventory has errors')
  })

  it('exits 1 per wave when no valid plan exists, and says why', async () => {
    const run = await kosh(['graph', '--inventory', join(FIXTURES, 'after-cycle-error', 'inventory'), '--by', 'wave'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('no valid plan exists')
    expect(run.stderr).toContain('after-cycle')
    // Per system there is still a graph to draw.
    expect((await kosh(['graph', '--inventory', join(FIXTURES, 'after-cycle-error', 'inventory')])).code).toBe(0)
  })

  it('exits 2 on an unknown format', async () => {
    const run = await kosh(['graph', '--inventory', BANK, '--format', 'png'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/Expected --format=png to be one of: dot, mermaid, json/)
  })
})
