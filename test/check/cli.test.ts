/**
 * `kosh check` exit codes, as CI sees them, in every format: 0 passed, 1 a
 * failing result, 2 unusable input (reported in the chosen format too). The
 * sample inventory passes (its present violations are warnings, its one waiver
 * holds on the test date) and fails with --strict unless they are all waived.
 */
import {appendFile, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import Check from '../../src/commands/check.js'
import {FORMATS, TODAY, fixture, kosh, noStackTrace, workspace, type Run} from './helpers.js'

/** The same arguments in every format: the exit codes, and what each output holds. */
async function everyFormat(args: string[], cwd?: string, formats: readonly (typeof FORMATS)[number][] = FORMATS): Promise<Record<(typeof FORMATS)[number], Run>> {
  const runs = await Promise.all(formats.map((format) => kosh(['check', '--today', TODAY, ...args, '--format', format], cwd)))
  return Object.fromEntries(formats.map((format, i) => [format, runs[i]])) as Record<(typeof FORMATS)[number], Run>
}

/**
 * Formats for the per-rule cases: the exit code does not depend on the format
 * (every format is read back in formats.test.ts, in process), so two of them,
 * one structured and one line-based, keep this file's run time down.
 */
const TWO: readonly (typeof FORMATS)[number][] = ['json', 'github']
const both = (code: number) => Object.fromEntries(TWO.map((f) => [f, code]))

function codes(runs: Record<string, Run>): Record<string, number> {
  for (const run of Object.values(runs)) expect(noStackTrace(run)).toBe(true)
  return Object.fromEntries(Object.entries(runs).map(([format, run]) => [format, run.code]))
}

const all = (code: number) => Object.fromEntries(FORMATS.map((f) => [f, code]))

describe('exit codes in every format', () => {
  it('0: the sample inventory (present violations are warnings, its waiver holds)', async () => {
    const runs = await everyFormat([])
    expect(codes(runs)).toEqual(all(0))
    expect(runs.json.stderr).toBe('')
  })

  it('1: the sample inventory with --strict', async () => {
    expect(codes(await everyFormat(['--strict']))).toEqual(all(1))
  })

  it('0: the sample inventory with --strict once every present violation is waived', async () => {
    const dir = await workspace('inventory')
    const report = JSON.parse((await kosh(['check', '--today', TODAY, '--json'], dir)).stdout)
    const rows = report.results.filter((r: {status: string}) => r.status === 'warn')
      .map((r: {rule: string; subject: string}) => `${r.rule},${r.subject},Moves to Tier-III in wave 1,Migration office,2027-03-31\n`)
    expect(rows).toHaveLength(11)
    await appendFile(join(dir, 'inventory', 'waivers.csv'), rows.join(''))
    const runs = await everyFormat(['--strict'], dir)
    expect(codes(runs)).toEqual(all(0))
    expect(JSON.parse(runs.json.stdout).summary).toEqual({failed: 0, warnings: 0, waived: 12})
  })

  it.each([
    ['a missing legal basis (R4)', 'missing-legal-basis', 'R4'],
    ['a foreign zone approved for personal data (R0)', 'foreign-zone', 'R0'],
    ['an unknown class (a gap)', 'unknown-class', 'GAP'],
    ['an expired waiver', 'expired-waiver', 'WAIVER-EXPIRED'],
    ['an after cycle (no valid plan)', 'after-cycle', 'PLAN-INFEASIBLE'],
  ])('1: %s', async (_, name, rule) => {
    const runs = await everyFormat(['--inventory', fixture(name)], undefined, TWO)
    expect(codes(runs)).toEqual(both(1))
    for (const run of Object.values(runs)) expect(run.stdout).toContain(rule)
  })

  it('1: no valid plan with the planning flags given (--max-systems 1 splits a tight pair)', async () => {
    expect(codes(await everyFormat(['--max-systems', '1'], undefined, TWO))).toEqual(both(1))
  })

  it('2: a bad CSV, its diagnostics reported in the chosen format', async () => {
    const runs = await everyFormat(['--inventory', fixture('bad-csv')])
    expect(codes(runs)).toEqual(all(2))
    const at = `${fixture('bad-csv')}/systems.csv`
    expect(runs.text.stdout).toContain(`${at}:3:27: error KOSH-BAD-NUMBER`)
    expect(JSON.parse(runs.json.stdout).results[0]).toMatchObject({rule: 'KOSH-BAD-NUMBER', file: at, line: 3, column: 27})
    expect(runs.junit.stdout).toContain(`<failure message="&quot;storage_gb&quot; is not a non-negative number`)
    expect(JSON.parse(runs.sarif.stdout).runs[0].results).toHaveLength(2)
    expect(runs.github.stdout).toContain(`::error file=${at},line=3,col=27,title=KOSH-BAD-NUMBER`)
  })

  it('2: a usage error (a plan folder with no plan, a bad --today), reported in the chosen format', async () => {
    const runs = await everyFormat(['--plan', 'no/such/plan'])
    expect(codes(runs)).toEqual(all(2))
    expect(JSON.parse(runs.json.stdout).results).toEqual([{rule: 'KOSH-USAGE', subject: 'kosh check', status: 'fail', message: expect.stringContaining('no/such/plan/plan.json: no plan here')}])
    expect(runs.github.stdout).toMatch(/^::error title=KOSH-USAGE kosh check::/)
    const today = await kosh(['check', '--today', '25.11.2026', '--format', 'sarif'])
    expect(today.code).toBe(2)
    expect(JSON.parse(today.stdout).runs[0].results[0].message.text).toContain('--today takes an ISO date')
  })
})

describe('--plan', () => {
  async function planned(): Promise<string> {
    const dir = await workspace(fixture('clean'))
    const plan = await kosh(['plan', '--out', 'plans/inventory'], dir)
    expect(plan.code).toBe(0)
    return dir
  }

  it('0: a plan made from this inventory, current and valid', async () => {
    const dir = await planned()
    const run = await kosh(['check', '--plan', 'plans/inventory', '--json'], dir)
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ok: true, plan: 'plans/inventory', checked: expect.arrayContaining(['PLAN-STALE', 'PLAN-INVALID'])})
  })

  it('1: a stale plan (the inventory changed since), pointing at plan.json', async () => {
    const dir = await planned()
    await appendFile(join(dir, 'inventory', 'systems.csv'), 'mail,Mailing,IT,legacy,public\n')
    const runs = await everyFormat(['--plan', 'plans/inventory'], dir)
    expect(codes(runs)).toEqual(all(1))
    const stale = JSON.parse(runs.json.stdout).results.filter((r: {rule: string}) => r.rule === 'PLAN-STALE')
    expect(stale).toEqual([expect.objectContaining({subject: 'inventory-digest', status: 'fail', file: 'plans/inventory/plan.json'})])
    expect(JSON.parse(runs.sarif.stdout).runs[0].results[0].locations[0].physicalLocation).toEqual({artifactLocation: {uri: 'plans/inventory/plan.json', uriBaseId: '%SRCROOT%'}, region: {startLine: 1}})
  })

  it('1: a plan changed by hand fails verification (PLAN-INVALID)', async () => {
    const dir = await planned()
    const file = join(dir, 'plans', 'inventory', 'plan.json')
    await writeFile(file, (await readFile(file, 'utf8')).replace('"waveCount": 1', '"waveCount": 2'))
    const run = await kosh(['check', '--plan', 'plans/inventory', '--json'], dir)
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout).results).toEqual([expect.objectContaining({rule: 'PLAN-INVALID', subject: 'self-digest', file: 'plans/inventory/plan.json'})])
  })
})

describe('--out', () => {
  it('writes the report to the file; stdout stays empty, the verdict goes to stderr', async () => {
    const dir = await workspace(fixture('missing-legal-basis'))
    const run = await kosh(['check', '--format', 'sarif', '--out', 'reports/kosh.sarif'], dir)
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toBe('kosh check: failed: 2 failing, 0 warning(s), 0 waived; checked R0, R1, R2, R3, R4, GAP, WAIVER-EXPIRED, PLAN-INFEASIBLE; report in reports/kosh.sarif\n')
    const log = JSON.parse(await readFile(join(dir, 'reports', 'kosh.sarif'), 'utf8'))
    expect(log.runs[0].results.map((r: {locations: {physicalLocation: {artifactLocation: {uri: string}}}[]}) => r.locations[0].physicalLocation.artifactLocation.uri)).toEqual(['inventory/flows.csv', 'inventory/flows.csv'])
  })
})

describe('the command surface', () => {
  it('its flags (a change here is a change to what CI scripts call)', () => {
    expect(Object.keys(Check.flags).sort()).toEqual(['blackout', 'database-url', 'format', 'from-db', 'inventory', 'max-gb', 'max-systems', 'out', 'pins', 'plan', 'start', 'strict', 'today', 'wave-days'])
    expect(Check.enableJsonFlag).toBe(true)
    expect(Check.flags.format.options).toEqual(['text', 'json', 'junit', 'sarif', 'github'])
  })

  it('--help documents the formats and the exit codes', async () => {
    const run = await kosh(['check', '--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('--format=<option>')
    expect(run.stdout).toContain('EXIT CODES')
  })
})
