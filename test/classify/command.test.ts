/** `kosh classify` as a user runs it: the table and its gaps, --explain, --json, exit codes. */
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {ClassifyResult} from '../../src/commands/classify.js'
import {kosh} from '../support/cli.js'
import {ZONES, flowsCsv, systemsCsv} from './helpers.js'

let work: string
let inventory: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'kosh-classify-'))
  inventory = join(work, 'inventory')
  await mkdir(inventory)
  await writeFile(join(inventory, 'zones.csv'), ZONES)
  await writeFile(join(inventory, 'systems.csv'), systemsCsv('emr:health', 'backup:', 'archive:', 'portal:public', 'fax:'))
  await writeFile(join(inventory, 'flows.csv'), flowsCsv('portal>portal:public', 'portal>portal', 'portal>portal', 'portal>portal', 'portal>portal', 'portal>portal', 'emr>backup', 'backup>archive'))
})
afterAll(async () => {
  await rm(work, {recursive: true, force: true})
})

describe('kosh classify', () => {
  it('prints declared and effective classes, marks inferred ones and gaps, and counts the gaps', async () => {
    const run = await kosh(['classify', '--inventory', inventory])
    expect(run.code).toBe(0)
    const lines = run.stdout.split('\n')
    expect(lines[0]).toMatch(/^SYSTEM +ZONE +DECLARED +EFFECTIVE$/)
    expect(lines).toContainEqual(expect.stringMatching(/^archive +src +- +personal\*, health\*$/))
    expect(lines).toContainEqual(expect.stringMatching(/^emr +src +health +personal\*, health$/))
    expect(lines).toContainEqual(expect.stringMatching(/^fax +src +- +UNKNOWN \(gap\)$/))
    expect(run.stdout).toContain('5 systems (public 1, personal 3, health 3); 1 gap(s)')
  })

  it('--explain prints the chain of rows for every inferred class', async () => {
    const run = await kosh(['classify', '--inventory', inventory, '--explain', 'archive'])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(
      [
        'archive declares nothing; holds personal, health',
        'archive holds personal <- flows.csv:9 backup->archive (carries all) <- flows.csv:8 emr->backup (carries all) <- systems.csv:2 emr: health implies personal <- systems.csv:2 emr declares health',
        'archive holds health <- flows.csv:9 backup->archive (carries all) <- flows.csv:8 emr->backup (carries all) <- systems.csv:2 emr declares health',
        '',
      ].join('\n'),
    )
  })

  it('--explain says so when every class is declared, or when the system is a gap', async () => {
    expect((await kosh(['classify', '--inventory', inventory, '--explain', 'portal'])).stdout).toBe('portal declares public; holds public\nEvery class it holds is declared.\n')
    expect((await kosh(['classify', '--inventory', inventory, '--explain', 'fax'])).stdout).toMatch(/^fax holds no class: unknown, a gap/)
  })

  it('--json: the typed result, with the explanation as data', async () => {
    const run = await kosh(['classify', '--inventory', inventory, '--explain', 'backup', '--json'])
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout) as ClassifyResult
    expect(result.counts).toEqual({systems: 5, gaps: 1, holding: {public: 1, internal: 0, personal: 3, health: 3, bank_secret: 0}})
    expect(result.gaps).toEqual(['fax'])
    expect(result.systems.map((s) => s.id)).toEqual(['archive', 'backup', 'emr', 'fax', 'portal'])
    expect(result.systems.find((s) => s.id === 'emr')).toEqual({id: 'emr', name: 'emr system', zone: 'src', declared: ['health'], effective: ['personal', 'health'], inferred: ['personal'], unknown: false})
    expect(result.explain!.system).toBe('backup')
    expect(result.explain!.inferred.map((i) => i.class)).toEqual(['personal', 'health'])
    expect(result.explain!.inferred[1].steps.map((s) => `${s.reason} ${s.file}:${s.line}`)).toEqual(['carried flows.csv:8', 'declared systems.csv:2'])
  })

  it('exits 2 with a clear message for an unknown id', async () => {
    const run = await kosh(['classify', '--inventory', inventory, '--explain', 'arch'])
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain(`kosh: --explain: there is no system "arch" in ${inventory}/systems.csv; did you mean archive?`)
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })

  it('exits 2 with diagnostics on an invalid inventory', async () => {
    const bad = join(work, 'bad')
    await mkdir(bad)
    await writeFile(join(bad, 'zones.csv'), ZONES)
    await writeFile(join(bad, 'systems.csv'), systemsCsv('a:personal', 'a:'))
    await writeFile(join(bad, 'flows.csv'), flowsCsv('a>b'))
    const run = await kosh(['classify', '--inventory', bad])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`${bad}/systems.csv:3:1: error KOSH-DUPLICATE-ID`)
    expect(run.stderr).toContain('flows.csv:2')
    const json = await kosh(['classify', '--inventory', bad, '--json'])
    expect(json.code).toBe(2)
    expect(JSON.parse(json.stdout).diagnostics.map((d: {code: string}) => d.code)).toContain('KOSH-DUPLICATE-ID')
  })
})
