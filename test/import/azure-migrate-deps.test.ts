import {describe, expect, it} from 'vitest'

import {importInventory} from '../../src/import/import.js'
import {fixtureText, importInline, inline, rowsOf} from './helpers.js'

const HEADER = 'Time slot,Source server name,Source IP,Source application,Source process,Destination server name,Destination IP,Destination application,Destination process,Destination port'
const ZONE_MAP = 'match,zone\n10.10.0.0/16,bank-dc\n0.0.0.0/0,cloud-de\n::/0,cloud-de\n'

/** The sample export: BOM, CRLF, quoted headers, repeats across time slots, two spellings of a server, empty processes, IPv6. */
async function sample() {
  const input = inline({from: 'azure-migrate-deps', sources: {}, zoneMap: fixtureText('azure/zone-map.csv'), owner: 'Qazyna Bank — IT'})
  input.sources = [{file: 'export.csv', bytes: Buffer.from(fixtureText('azure/export.csv'))}]
  return importInventory(input)
}

describe('azure-migrate-deps', () => {
  it('reads the sample export despite its BOM, CRLF line ends and quoted headers', async () => {
    const outcome = await sample()
    expect(outcome.status).toBe('ok')
    expect(outcome.diagnostics).toEqual([])
    expect(fixtureText('azure/export.csv').startsWith('\uFEFF"Time slot"')).toBe(true)
    expect(fixtureText('azure/export.csv')).toContain('\r\n')
    expect(outcome.summary.sources).toEqual([{file: 'export.csv', rows: 11}])
  })

  it('makes one system per server, merging spellings that differ in case, and one per unresolved address', async () => {
    const systems = rowsOf(await sample(), 'systems.csv')
    expect(systems.map((s) => [s.id, s.name, s.owner, s.zone, s.strategy, s.ips, s.zone_from, s.imported_from])).toEqual([
      ['app01', 'app01', 'Qazyna Bank — IT', 'bank-dc', '', '10.10.2.21', 'zone-map.csv:4', 'export.csv:2'],
      ['callrec01.bank.kz', 'callrec01.bank.kz', 'Qazyna Bank — IT', 'bank-dmz', '', 'fd00:10::5', 'zone-map.csv:3', 'export.csv:9'],
      ['db01', 'db01', 'Qazyna Bank — IT', 'bank-dc', '', '10.10.3.31', 'zone-map.csv:4', 'export.csv:5'],
      ['ext-2001-db8--7', '2001:db8::7', 'external', 'partners', 'retain', '2001:db8::7', 'zone-map.csv:7', 'export.csv:10'],
      ['ext-203-0-113-10', '203.0.113.10', 'external', 'cloud-de', 'retain', '203.0.113.10', 'zone-map.csv:8', 'export.csv:7'],
      ['partner-gw', 'partner-gw', 'Qazyna Bank — IT', 'partners', '', '192.0.2.50', 'zone-map.csv:6', 'export.csv:12'],
      ['web01', 'WEB01', 'Qazyna Bank — IT', 'bank-dc', '', '10.10.1.11', 'zone-map.csv:4', 'export.csv:2'],
    ])
    expect(systems.every((s) => s.classes === '')).toBe(true)
  })

  it('aggregates connections into one flow per server pair over time slots, processes and ports', async () => {
    const flows = rowsOf(await sample(), 'flows.csv')
    expect(flows.map((f) => [f.id, f.source, f.target, f.purpose, f.ports, f.imported_from, f.imported_rows, f.classes])).toEqual([
      // Rows 5, 6 (empty application and process) and 8 (an unnamed destination at db01's address).
      ['app01-to-db01', 'app01', 'db01', '1433 Microsoft SQL Server, 1434', '1433;1434', 'export.csv:5', '3', ''],
      ['app01-to-ext-203-0-113-10', 'app01', 'ext-203-0-113-10', '443', '443', 'export.csv:7', '1', ''],
      ['app01-to-partner-gw', 'app01', 'partner-gw', '443', '443', 'export.csv:12', '1', ''],
      ['callrec01.bank.kz-to-app01', 'callrec01.bank.kz', 'app01', '8443 Tomcat', '8443', 'export.csv:9', '1', ''],
      ['callrec01.bank.kz-to-ext-2001-db8--7', 'callrec01.bank.kz', 'ext-2001-db8--7', '443', '443', 'export.csv:10', '1', ''],
      // Rows 2 to 4: the same connection in two time slots, with WEB01/web01 and app01/APP01.
      ['web01-to-app01', 'web01', 'app01', '8443 Tomcat', '8443', 'export.csv:2', '3', ''],
    ])
  })

  it('says what it decided: aggregation, the skipped loopback, the resolved address, destination-only servers, external systems', async () => {
    const {summary} = await sample()
    expect(summary.notes.map((n) => [n.code, n.subjects])).toEqual([
      ['aggregated', []],
      ['loopback', []],
      ['destination-only', ['partner-gw']],
      ['resolved-address', ['10.10.3.31']],
      ['owner-from-flag', []],
      ['external-retained', ['ext-2001-db8--7', 'ext-203-0-113-10']],
    ])
    expect(summary.notes[0].message).toBe('11 connection row(s) over 3 time slot(s) became 6 flow(s), one per pair of systems')
    expect(summary).toMatchObject({systems: 7, externalSystems: 2, flows: 6, owners: {fromSource: 0, fromFlag: 5, external: 2}, zones: {'bank-dc': 3, 'bank-dmz': 1, 'cloud-de': 1, partners: 2}})
    expect(summary.unclassified).toMatchObject({count: 7, scan: 'kosh scan --database-url URL --system ID --out out/datasets.csv'})
  })

  it('accepts header names in other spellings and without the optional columns', async () => {
    const text = 'timeslot,SOURCE SERVER NAME,destination_server_name,Destination IP,Destination Port\nslot,a,b,10.10.0.2,22\n'
    const outcome = await importInline({from: 'azure-migrate-deps', sources: {'e.csv': text}, zoneMap: 'match,zone\n*,bank-dc\n', owner: 'Bank'})
    expect(outcome.status).toBe('ok')
    expect(rowsOf(outcome, 'flows.csv')).toMatchObject([{id: 'a-to-b', purpose: '22'}])
  })

  it('makes external systems outside external zones movable, and says so', async () => {
    const text = `${HEADER}\ns,app01,10.10.2.21,,,,10.10.9.9,,,445\n`
    const outcome = await importInline({from: 'azure-migrate-deps', sources: {'e.csv': text}, zoneMap: ZONE_MAP, owner: 'Bank'})
    expect(rowsOf(outcome, 'systems.csv').find((s) => s.id === 'ext-10-10-9-9')).toMatchObject({zone: 'bank-dc', strategy: '', owner: 'external'})
    expect(outcome.summary.notes.find((n) => n.code === 'external-in-own-zone')?.subjects).toEqual(['ext-10-10-9-9'])
  })

  it('does not resolve an address that two servers share: it becomes an external system', async () => {
    const text = `${HEADER}\ns,a,10.10.0.1,,,b,10.10.0.9,,,80\ns,c,10.10.0.2,,,d,10.10.0.9,,,80\ns,a,10.10.0.1,,,,10.10.0.9,,,80\n`
    const outcome = await importInline({from: 'azure-migrate-deps', sources: {'e.csv': text}, zoneMap: ZONE_MAP, owner: 'Bank'})
    expect(rowsOf(outcome, 'flows.csv').map((f) => f.id)).toEqual(['a-to-b', 'a-to-ext-10-10-0-9', 'c-to-d'])
    expect(outcome.summary.notes.find((n) => n.code === 'ambiguous-address')?.subjects).toEqual(['10.10.0.9'])
  })

  it('reads several exports as one, naming each file in imported_from', async () => {
    const outcome = await importInline({
      from: 'azure-migrate-deps',
      sources: {'appliance-1.csv': `${HEADER}\ns1,a,10.10.0.1,,,b,10.10.0.2,,,80\n`, 'appliance-2.csv': `${HEADER}\ns1,a,10.10.0.1,,,b,10.10.0.2,,,443\ns1,b,10.10.0.2,,,c,10.10.0.3,,,22\n`},
      zoneMap: ZONE_MAP,
      owner: 'Bank',
    })
    expect(rowsOf(outcome, 'flows.csv').map((f) => [f.id, f.ports, f.imported_from, f.imported_rows])).toEqual([
      ['a-to-b', '80;443', 'appliance-1.csv:2', '2'],
      ['b-to-c', '22', 'appliance-2.csv:3', '1'],
    ])
  })

  it('reports unreadable rows with file:line:column and writes nothing', async () => {
    const text = [HEADER, 's,a,10.10.0.1,,,b,10.10.0.300,,,80', 's,a,10.10.0.1,,,,,,,80', 's,a,10.10.0.1,,,b,10.10.0.2,,,http', 's,,,,,b,10.10.0.2,,,80'].join('\n')
    const outcome = await importInline({from: 'azure-migrate-deps', sources: {'e.csv': text}, zoneMap: ZONE_MAP, owner: 'Bank'})
    expect(outcome.status).toBe('invalid')
    expect(outcome.files).toEqual([])
    expect(outcome.diagnostics.map((d) => [d.file, d.line, d.column, d.code, d.found])).toEqual([
      ['e.csv', 2, 19, 'KOSH-IMPORT-BAD-ADDRESS', '10.10.0.300'],
      ['e.csv', 3, 17, 'KOSH-MISSING-VALUE', ''],
      ['e.csv', 4, 31, 'KOSH-BAD-NUMBER', 'http'],
      ['e.csv', 5, 3, 'KOSH-MISSING-VALUE', ''],
    ])
  })

  it('says a file without the columns does not look like a dependency export', async () => {
    const outcome = await importInline({from: 'azure-migrate-deps', sources: {'intake.csv': fixtureText('aws/intake.csv')}, zoneMap: ZONE_MAP, owner: 'Bank'})
    expect(outcome.status).toBe('invalid')
    expect(outcome.diagnostics[0]).toMatchObject({code: 'KOSH-IMPORT-MISSING-COLUMN', file: 'intake.csv', line: 1, summary: 'the column "Source server name" is missing: this does not look like an Azure Migrate dependency export'})
  })

  it('needs --owner (or fails with one clear error), and refuses --map', async () => {
    const text = `${HEADER}\ns,a,10.10.0.1,,,b,10.10.0.2,,,80\n`
    const ownerless = await importInline({from: 'azure-migrate-deps', sources: {'e.csv': text}, zoneMap: ZONE_MAP})
    expect(ownerless.status).toBe('invalid')
    expect(ownerless.diagnostics).toMatchObject([{code: 'KOSH-IMPORT-NO-OWNER', found: 'a, b', hint: 'Pass --owner ORG, or map an owner column with --map (owner,COLUMN)'}])
    const mapped = await importInline({from: 'azure-migrate-deps', sources: {'e.csv': text}, zoneMap: ZONE_MAP, owner: 'Bank', map: 'target,source\nowner,x\n'})
    expect(mapped.diagnostics).toMatchObject([{code: 'KOSH-IMPORT-USAGE', summary: expect.stringContaining('--map does not apply to azure-migrate-deps')}])
  })

  it('gives the same bytes for the same input', async () => {
    const [a, b] = [await sample(), await sample()]
    expect(a.files.map((f) => f.content.toString())).toEqual(b.files.map((f) => f.content.toString()))
  })
})
