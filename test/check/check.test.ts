/**
 * The check as a function (src/check/check.ts), one group per rule: what
 * fails, what is only reported, what a waiver accepts, and where each result
 * points. The CLI tests (cli.test.ts) cover the same cases through the binary.
 */
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {runCheck, fromCwd, type CheckReport} from '../../src/check/check.js'
import type {PlanOptionsRecord} from '../../src/export/plan-document.js'
import {openInventoryFolder} from '../../src/load/open.js'
import {REPO, TODAY, fixture} from './helpers.js'

async function check(inventory: string, options: {today?: string; strict?: boolean; plan?: PlanOptionsRecord} = {}): Promise<CheckReport> {
  const dir = join(REPO, inventory)
  const {inventory: model, diagnostics} = await openInventoryFolder(dir)
  return runCheck({inventoryDir: dir, cwd: REPO, strict: options.strict ?? false, inventory: model, diagnostics, options: options.plan ?? {}, today: options.today ?? TODAY})
}

const brief = (report: CheckReport) => report.results.map((r) => `${r.status} ${r.rule} ${r.subject} ${r.file}:${r.line}`)

describe('a clean inventory', () => {
  it('passes with nothing to report, and says what it checked', async () => {
    const report = await check(fixture('clean'))
    expect(report).toMatchObject({ok: true, exitCode: 0, summary: {failed: 0, warnings: 0, waived: 0}, results: []})
    expect(report.checked).toEqual(['R0', 'R1', 'R2', 'R3', 'R4', 'GAP', 'WAIVER-EXPIRED', 'PLAN-INFEASIBLE'])
  })
})

describe('R4 legal basis', () => {
  it('fails on each sensitive flow between owners with legal_basis none or empty, at its flows.csv row', async () => {
    const report = await check(fixture('missing-legal-basis'))
    expect(report.exitCode).toBe(1)
    expect(brief(report)).toEqual([
      'fail R4 crm-to-bureau-none test/fixtures/check/missing-legal-basis/inventory/flows.csv:3',
      'fail R4 crm:bureau,nightly test/fixtures/check/missing-legal-basis/inventory/flows.csv:4',
    ])
    expect(report.results[1]).toMatchObject({classes: ['bank_secret'], message: expect.stringContaining('no legal basis (empty)')})
  })
})

describe('R0 zone policy', () => {
  it('fails on a foreign zone approved for personal data, at its zones.csv row', async () => {
    const report = await check(fixture('foreign-zone'))
    expect(report.exitCode).toBe(1)
    expect(brief(report)).toEqual(['fail R0 cloud-de test/fixtures/check/foreign-zone/inventory/zones.csv:3'])
  })
})

describe('GAP unknown class', () => {
  it('fails on a system with no class declared, found or carried; a system a flow gives a class is no gap', async () => {
    const report = await check(fixture('unknown-class'))
    expect(report.exitCode).toBe(1)
    // api declares nothing but receives public from web: known.
    expect(brief(report)).toEqual(['fail GAP mystery test/fixtures/check/unknown-class/inventory/systems.csv:3'])
    expect(report.results[0].hint).toContain('public')
  })
})

describe('waivers', () => {
  it('an unexpired waiver turns a failing finding into a waived one, with its owner, expiry and row', async () => {
    const report = await check(fixture('expired-waiver'), {today: '2026-06-30'})
    expect(report.exitCode).toBe(0)
    expect(report.summary).toEqual({failed: 0, warnings: 0, waived: 1})
    expect(report.results[0]).toMatchObject({
      rule: 'R4', subject: 'clinic-to-insurer', status: 'waived', file: 'test/fixtures/check/expired-waiver/inventory/flows.csv', line: 2,
      waiver: {owner: 'Ministry of Health — information security', expires: '2026-06-30', file: 'test/fixtures/check/expired-waiver/inventory/waivers.csv', line: 2},
    })
  })

  it('an expired waiver fails at its waivers.csv row, and the finding it accepted fails again', async () => {
    const report = await check(fixture('expired-waiver'), {today: '2026-07-01'})
    expect(report.exitCode).toBe(1)
    expect(brief(report)).toEqual([
      'fail R4 clinic-to-insurer test/fixtures/check/expired-waiver/inventory/flows.csv:2',
      'fail WAIVER-EXPIRED R4 clinic-to-insurer test/fixtures/check/expired-waiver/inventory/waivers.csv:2',
    ])
    expect(report.results[1].message).toContain('expired on 2026-06-30')
  })

  it('the date is only compared: two days on which the same waivers hold give the same report', async () => {
    const a = await check('inventory', {today: '2026-01-01'})
    const b = await check('inventory', {today: TODAY})
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    expect(JSON.stringify(a)).not.toContain(TODAY)
  })
})

describe('R1-R3 present today (the sample inventory)', () => {
  it('are warnings without --strict: the check passes, its one waiver is reported as waived', async () => {
    const report = await check('inventory')
    expect(report.exitCode).toBe(0)
    expect(report.summary).toEqual({failed: 0, warnings: 11, waived: 1})
    expect(report.results.every((r) => ['R1', 'R2', 'R3'].includes(r.rule) && r.removedInWave !== undefined)).toBe(true)
    expect(report.results.find((r) => r.status === 'waived')).toMatchObject({rule: 'R3', subject: 'onco-to-sapa', file: 'inventory/flows.csv', waiver: {expires: '2027-12-31', file: 'inventory/waivers.csv', line: 2}})
  })

  it('fail with --strict, except the waived one', async () => {
    const report = await check('inventory', {strict: true})
    expect(report.exitCode).toBe(1)
    expect(report.summary).toEqual({failed: 11, warnings: 0, waived: 1})
    expect(report.strict).toBe(true)
  })
})

describe('PLAN-INFEASIBLE', () => {
  it('an after cycle: no valid plan, at the row of the cycle start', async () => {
    const report = await check(fixture('after-cycle'))
    expect(report.exitCode).toBe(1)
    expect(brief(report)).toEqual(['fail PLAN-INFEASIBLE alpha-payroll, mid-billing, zeta-ledger test/fixtures/check/after-cycle/inventory/systems.csv:4'])
    expect(report.results[0].message).toMatch(/^after-cycle: /)
  })

  it('uses the planning options: a tight pair cannot fit waves of one system', async () => {
    const report = await check('inventory', {plan: {maxSystems: [1]}})
    expect(report.exitCode).toBe(1)
    const infeasible = report.results.filter((r) => r.rule === 'PLAN-INFEASIBLE')
    expect(infeasible.length).toBeGreaterThan(0)
    expect(infeasible.every((r) => r.file === 'inventory/systems.csv' && typeof r.line === 'number')).toBe(true)
  })
})

describe('unusable input', () => {
  it('exit 2, the diagnostics are the results (file, line, column), nothing else is checked', async () => {
    const report = await check(fixture('bad-csv'))
    expect(report).toMatchObject({ok: false, exitCode: 2, checked: []})
    expect(report.results.map((r) => [r.rule, r.file, r.line, r.column])).toEqual([
      ['KOSH-BAD-NUMBER', 'test/fixtures/check/bad-csv/inventory/systems.csv', 3, 27],
      ['KOSH-UNKNOWN-ZONE', 'test/fixtures/check/bad-csv/inventory/systems.csv', 4, 20],
    ])
  })
})

describe('paths', () => {
  it('are from the working directory with forward slashes; outside it they stay absolute', () => {
    expect(fromCwd('/repo', './inventory/flows.csv')).toBe('inventory/flows.csv')
    expect(fromCwd('/repo', '/repo/inventory/flows.csv')).toBe('inventory/flows.csv')
    expect(fromCwd('/repo', '/elsewhere/flows.csv')).toBe('/elsewhere/flows.csv')
    expect(fromCwd('/repo', '../other/flows.csv')).toBe('../other/flows.csv')
  })
})
