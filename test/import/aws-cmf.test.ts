import {describe, expect, it} from 'vitest'

import {fixtureText, importInline, rowsOf} from './helpers.js'

const HEADER = 'wave_id,app_name,aws_region,aws_accountid,server_name,server_os_family,server_os_version,server_fqdn,server_tier,server_environment,r_type'
const ZONE_MAP = 'match,zone\n*.bank.kz,bank-dc\n'
const sample = () => importInline({from: 'aws-cmf', sources: {'intake.csv': fixtureText('aws/intake.csv')}, zoneMap: fixtureText('aws/zone-map.csv'), owner: 'Qazyna Bank — IT'})
const one = (rows: string[], extra: Partial<Parameters<typeof importInline>[0]> = {}) =>
  importInline({from: 'aws-cmf', sources: {'intake.csv': [HEADER, ...rows].join('\n')}, zoneMap: ZONE_MAP, owner: 'Bank', ...extra})

describe('aws-cmf', () => {
  it('makes a system per server: app -> group, wave_id -> wave, r_type -> strategy, server_environment -> environment', async () => {
    const outcome = await sample()
    expect(outcome.status).toBe('ok')
    expect(rowsOf(outcome, 'systems.csv').map((s) => [s.id, s.name, s.group, s.wave, s.strategy, s.environment, s.zone, s.zone_from, s.imported_from])).toEqual([
      ['core-app-uat', 'core-app-uat', 'core-banking-uat', '1', 'rehost', 'test', 'bank-dc', 'zone-map.csv:4', 'intake.csv:4'],
      ['core-app01', 'CORE-APP01', 'core-banking', '2', 'replatform', 'prod', 'bank-dc', 'zone-map.csv:4', 'intake.csv:2'],
      ['core-db01', 'core-db01', 'core-banking', '2', 'replatform', 'prod', 'bank-dc', 'zone-map.csv:4', 'intake.csv:3'],
      ['crm01', 'crm01', 'crm', '', '', 'prod', 'bank-dc', 'zone-map.csv:4', 'intake.csv:8'],
      ['fax01', 'fax01', 'legacy-fax', '3', 'retire', 'prod', 'bank-dc', 'zone-map.csv:4', 'intake.csv:7'],
      ['hr-web01', 'hr-web01', 'hr', '1', 'rehost', 'dev', 'bank-dc', 'zone-map.csv:4', 'intake.csv:5'],
      // ivr01.bank.kz would match *.bank.kz, but server_tier=dmz comes first.
      ['ivr01', 'ivr01', 'ivr', '', 'refactor', 'prod', 'bank-dmz', 'zone-map.csv:3', 'intake.csv:10'],
      ['kiosk01', 'kiosk01', 'kiosk', '', 'retain', 'prod', 'bank-dmz', 'zone-map.csv:2', 'intake.csv:9'],
    ])
  })

  it('keeps the FQDN, operating system and tier as extra columns, and writes no flows', async () => {
    const outcome = await sample()
    expect(rowsOf(outcome, 'systems.csv')[1]).toMatchObject({fqdn: 'core-app01.bank.kz', os: 'linux Red Hat Enterprise Linux 8', tier: 'app', owner: 'Qazyna Bank — IT', classes: ''})
    expect(outcome.files.find((f) => f.name === 'flows.csv')!.content.toString()).toBe('id,source,target,classes,purpose,legal_basis,coupling,imported_from\n')
  })

  it('reads a repeated row once, and notes TBC strategies and wave pins', async () => {
    const {summary} = await sample()
    expect(summary.notes.map((n) => [n.code, n.subjects])).toEqual([
      ['repeated-rows', ['hr-web01']],
      ['strategy-undecided', ['crm01']],
      ['pinned', ['core-app-uat', 'core-app01', 'core-db01', 'fax01', 'hr-web01']],
      ['owner-from-flag', []],
    ])
  })

  it('maps every environment spelling it knows and rejects the others at file:line:column', async () => {
    const envs = ['Production', 'PRD', 'live', 'Test', 'QA', 'UAT', 'SIT', 'Staging', 'Pre-Prod', 'dev', 'Development']
    const outcome = await one(envs.map((env, i) => `1,app,r,1,s${String(i).padStart(2, '0')},linux,x,s${i}.bank.kz,app,${env},Rehost`))
    expect(rowsOf(outcome, 'systems.csv').map((s) => s.environment)).toEqual(['prod', 'prod', 'prod', 'test', 'test', 'test', 'test', 'test', 'test', 'dev', 'dev'])
    const bad = await one(['1,app,r,1,s1,linux,x,s1.bank.kz,app,DR,Rehost'])
    expect(bad.status).toBe('invalid')
    expect(bad.diagnostics).toMatchObject([{file: 'intake.csv', line: 2, column: 37, field: 'server_environment', code: 'KOSH-BAD-VALUE', found: 'DR', summary: '"environment": the environment is not one kosh knows'}])
  })

  it('maps the migration strategies, Rearchitect to refactor, and rejects unknown ones and bad waves', async () => {
    const rs = ['Rehost', 'Replatform', 'Refactor', 'Rearchitect', 'Relocate', 'Repurchase', 'Retain', 'Retire', 'TBC', '']
    const outcome = await one(rs.map((r, i) => `,app,r,1,s${i},linux,x,s${i}.bank.kz,app,prod,${r}`))
    expect(rowsOf(outcome, 'systems.csv').map((s) => s.strategy)).toEqual(['rehost', 'replatform', 'refactor', 'refactor', 'relocate', 'repurchase', 'retain', 'retire', '', ''])
    const bad = await one(['1,app,r,1,s1,linux,x,s1.bank.kz,app,prod,Rewrite', 'wave-2,app,r,1,s2,linux,x,s2.bank.kz,app,prod,Rehost', '0,app,r,1,s3,linux,x,s3.bank.kz,app,prod,Rehost'])
    expect(bad.diagnostics.map((d) => [d.line, d.field, d.found])).toEqual([
      [2, 'r_type', 'Rewrite'],
      [3, 'wave_id', 'wave-2'],
      [4, 'wave_id', '0'],
    ])
  })

  it('names both rows when one server is listed twice with different values', async () => {
    const outcome = await one(['1,app,r,1,web01,linux,x,web01.bank.kz,app,prod,Rehost', '2,app,r,1,WEB01,linux,x,web01.bank.kz,app,prod,Rehost'])
    expect(outcome.diagnostics).toMatchObject([{code: 'KOSH-DUPLICATE-ID', file: 'intake.csv', line: 3, summary: 'the system "web01" is also on intake.csv:2, with other values'}])
  })

  it('takes --map lines over the built-in mapping (the owner from the account, a constant criticality)', async () => {
    const outcome = await one(['1,app,r,111122223333,web01,linux,x,web01.bank.kz,app,prod,Rehost'], {owner: undefined, map: 'target,source\nowner,aws_accountid\ncriticality,="high"\ngroup,server_tier\n'})
    expect(outcome.status).toBe('ok')
    expect(rowsOf(outcome, 'systems.csv')[0]).toMatchObject({owner: '111122223333', criticality: 'high', group: 'app'})
    expect(outcome.summary.owners).toEqual({fromSource: 1, fromFlag: 0, external: 0})
  })

  it('reads the older template without r_type, and a newer one with wave_name instead of wave_id', async () => {
    const old = await importInline({from: 'aws-cmf', sources: {'intake.csv': 'wave_id,app_name,server_name,server_environment\n1,app01-hr,Server1,dev\n'}, zoneMap: 'match,zone\nserver*,bank-dc\n', owner: 'Bank'})
    expect(rowsOf(old, 'systems.csv')[0]).toMatchObject({id: 'server1', wave: '1', strategy: '', environment: 'dev'})
    const named = await importInline({from: 'aws-cmf', sources: {'intake.csv': 'server_name,r_type,app_name,wave_name\nunit1,Rehost,App 1,Wave 1\n'}, zoneMap: 'match,zone\nunit*,bank-dc\n', owner: 'Bank'})
    expect(rowsOf(named, 'systems.csv')[0]).toMatchObject({id: 'unit1', wave: '', wave_name: 'Wave 1', group: 'App 1'})
  })

  it('says a file without server_name and app_name is not an intake form', async () => {
    const outcome = await importInline({from: 'aws-cmf', sources: {'export.csv': fixtureText('azure/export.csv')}, zoneMap: ZONE_MAP, owner: 'Bank'})
    expect(outcome.diagnostics.map((d) => d.summary)).toEqual([
      'the column "server_name" is missing: this does not look like an AWS Cloud Migration Factory intake form',
      'the column "app_name" is missing: this does not look like an AWS Cloud Migration Factory intake form',
    ])
  })
})
