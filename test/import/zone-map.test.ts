import {describe, expect, it} from 'vitest'

import {parseAddress} from '../../src/import/address.js'
import {globPattern, matchZone, readZoneMap, type ZoneFacts} from '../../src/import/zone-map.js'
import {importInline} from './helpers.js'

const ZONE_IDS = new Set(['bank-dc', 'bank-dmz', 'tier3', 'partners', 'cloud-de'])

async function zoneMap(text: string, columns: string[] = []) {
  const {map, diagnostics} = await readZoneMap('zone-map.csv', Buffer.from(text), {zones: ZONE_IDS, columns: new Set(columns)})
  return {map: map!, diagnostics}
}

function facts(hosts: string[], addresses: string[] = [], attributes: Record<string, string> = {}): ZoneFacts {
  return {
    hosts,
    addresses: addresses.map((a) => parseAddress(a)!),
    attributes: new Map(Object.entries(attributes).map(([k, v]) => [k, new Set([v])])),
  }
}

describe('zone map', () => {
  it('is read top to bottom and the first matching line wins', async () => {
    const {map, diagnostics} = await zoneMap('match,zone\ncallrec*,bank-dmz\n10.10.0.0/16,bank-dc\nfd00::/8,bank-dc\n0.0.0.0/0,cloud-de\n::/0,cloud-de\n')
    expect(diagnostics).toEqual([])
    expect(matchZone(map, facts(['callrec01'], ['10.10.4.4']))?.zone).toBe('bank-dmz')
    expect(matchZone(map, facts(['callrec01'], ['10.10.4.4']))?.line).toBe(2)
    expect(matchZone(map, facts(['web01'], ['10.10.4.4']))).toMatchObject({zone: 'bank-dc', line: 3})
    expect(matchZone(map, facts(['web01'], ['fd00:10::5']))).toMatchObject({zone: 'bank-dc', line: 4})
    expect(matchZone(map, facts([], ['203.0.113.10']))).toMatchObject({zone: 'cloud-de', line: 5})
    expect(matchZone(map, facts([], ['2001:db8::7']))).toMatchObject({zone: 'cloud-de', line: 6})
  })

  it('matches host-name globs without case, whole names only', async () => {
    const {map} = await zoneMap('match,zone\n*.bank.kz,bank-dc\nweb??,bank-dmz\n')
    expect(matchZone(map, facts(['CORE-DB01.BANK.KZ']))?.zone).toBe('bank-dc')
    expect(matchZone(map, facts(['core-db01.bank.kz.evil.example']))).toBeUndefined()
    expect(matchZone(map, facts(['Web01']))?.zone).toBe('bank-dmz')
    expect(matchZone(map, facts(['web001']))).toBeUndefined()
    // Regular-expression characters in a glob are literal.
    expect(globPattern('a+b(1).kz').test('a+b(1).kz')).toBe(true)
    expect(globPattern('a+b(1).kz').test('aab1xkz')).toBe(false)
  })

  it('matches column=value on the source columns, by column key and with globs in the value', async () => {
    const {map, diagnostics} = await zoneMap('match,zone\nServer Tier=dmz,bank-dmz\nlocation=Almaty*,bank-dc\n', ['servertier', 'location'])
    expect(diagnostics).toEqual([])
    expect(matchZone(map, facts(['ivr01'], [], {servertier: 'DMZ'}))?.zone).toBe('bank-dmz')
    expect(matchZone(map, facts(['nas'], [], {location: 'Almaty DC'}))?.zone).toBe('bank-dc')
    expect(matchZone(map, facts(['nas'], [], {location: 'Astana DC'}))).toBeUndefined()
  })

  it('skips comment lines, whatever they hold', async () => {
    const {map, diagnostics} = await zoneMap('match,zone\n# DMZ first, then the data centre\n"# a quoted, comment",x,y\n*.bank.kz,bank-dc\n')
    expect(diagnostics).toEqual([])
    expect(map.rules.map((r) => r.line)).toEqual([4])
  })

  it('names each bad line with file:line:column', async () => {
    const {diagnostics} = await zoneMap(
      ['match,zone', '10.10.1.0/16,bank-dc', '10.10.0.0/33,bank-dc', '10.10.300.0/16,bank-dc', '10.10.*,bank-dc', 'web*,nowhere', 'owner=x,bank-dc', ',bank-dc', 'env=,bank-dc'].join('\n'),
      ['location'],
    )
    expect(diagnostics.map((d) => [d.line, d.column, d.code, d.summary])).toEqual([
      [2, 1, 'KOSH-IMPORT-BAD-MATCH', 'the address block is not valid: host bits are set: the network address of this block is 10.10.0.0/16'],
      [3, 1, 'KOSH-IMPORT-BAD-MATCH', 'the address block is not valid: the prefix length 33 is out of range for an IPv4 block'],
      [4, 1, 'KOSH-IMPORT-BAD-MATCH', 'this looks like an address but is not a valid IPv4 or IPv6 address or block'],
      [5, 1, 'KOSH-IMPORT-BAD-MATCH', 'this looks like an address but is not a valid IPv4 or IPv6 address or block'],
      [6, 6, 'KOSH-UNKNOWN-ZONE', 'the zone is not defined in zones.csv'],
      [7, 1, 'KOSH-IMPORT-BAD-MATCH', 'no imported file has a column "owner"'],
      [8, 1, 'KOSH-IMPORT-BAD-MATCH', 'the match is empty'],
      [9, 1, 'KOSH-IMPORT-BAD-MATCH', 'a column match needs a column name and a value'],
    ])
    expect(diagnostics.every((d) => d.file === 'zone-map.csv')).toBe(true)
  })

  it('needs the header match,zone', async () => {
    const {diagnostics} = await zoneMap('cidr,zone\n10.0.0.0/8,bank-dc\n')
    expect(diagnostics).toMatchObject([{code: 'KOSH-IMPORT-MISSING-COLUMN', line: 1, summary: expect.stringContaining('"match"')}])
  })
})

describe('placing systems', () => {
  const export_ = 'Source server name,Source IP,Destination server name,Destination IP,Destination port\nweb01,10.10.1.11,db01,10.99.0.5,1433\n'

  it('an unplaced system stops the import with its source file:line, and nothing is produced', async () => {
    const outcome = await importInline({from: 'azure-migrate-deps', sources: {'export.csv': export_}, zoneMap: 'match,zone\n10.10.0.0/16,bank-dc\n', owner: 'Bank'})
    expect(outcome.status).toBe('unplaced')
    expect(outcome.files).toEqual([])
    expect(outcome.diagnostics).toMatchObject([
      {code: 'KOSH-IMPORT-NO-ZONE', file: 'export.csv', line: 2, summary: 'no line of the zone map places system "db01"', found: 'name db01, addresses 10.99.0.5', hint: expect.stringContaining('Add a line to zone-map.csv')},
    ])
  })

  it('without a zone map every system is unplaced, and the hint says to pass one', async () => {
    const outcome = await importInline({from: 'azure-migrate-deps', sources: {'export.csv': export_}, owner: 'Bank'})
    expect(outcome.status).toBe('unplaced')
    expect(outcome.diagnostics.map((d) => d.hint)).toEqual(['Pass --zone-map FILE (a CSV match,zone)', 'Pass --zone-map FILE (a CSV match,zone)'])
  })

  it('a bad zone map makes the input unusable (exit 2), not a finding', async () => {
    const outcome = await importInline({from: 'azure-migrate-deps', sources: {'export.csv': export_}, zoneMap: 'match,zone\n10.10.0.0/16,nowhere\n', owner: 'Bank'})
    expect(outcome.status).toBe('invalid')
    expect(outcome.diagnostics).toMatchObject([{code: 'KOSH-UNKNOWN-ZONE', file: 'zone-map.csv', line: 2}])
  })

  it('records the zone-map line that placed each system in zone_from', async () => {
    const outcome = await importInline({from: 'azure-migrate-deps', sources: {'export.csv': export_}, zoneMap: 'match,zone\n10.10.0.0/16,bank-dc\n10.99.0.0/16,bank-dmz\n', owner: 'Bank'})
    expect(outcome.status).toBe('ok')
    const systems = outcome.files.find((f) => f.name === 'systems.csv')!.content.toString()
    expect(systems).toContain('db01,db01,Bank,bank-dmz,')
    expect(systems).toMatch(/db01,.*,zone-map\.csv:3,export\.csv:2\n/)
  })
})
