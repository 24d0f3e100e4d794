import {describe, expect, it} from 'vitest'

import {parseColumnMap, parseMapSource} from '../../src/import/column-map.js'
import {fixtureText, importInline, rowsOf} from './helpers.js'

const sample = (map = fixtureText('generic/map.csv')) =>
  importInline({from: 'generic', sources: {'cmdb.csv': fixtureText('generic/cmdb.csv')}, map, zoneMap: fixtureText('generic/zone-map.csv')})

describe('column map', () => {
  it('reads column names, quoted names and ="constants" (commas and quotes included)', () => {
    expect(parseMapSource('Display Name')).toEqual({kind: 'column', column: 'Display Name'})
    expect(parseMapSource('"Name, full"')).toEqual({kind: 'column', column: 'Name, full'})
    expect(parseMapSource('="Qazyna Bank, IT"')).toEqual({kind: 'constant', value: 'Qazyna Bank, IT'})
    expect(parseMapSource('="the ""core"" team"')).toEqual({kind: 'constant', value: 'the "core" team'})
    expect(parseMapSource('=prod')).toEqual({kind: 'constant', value: 'prod'})
  })

  it('names every bad line', () => {
    const {diagnostics} = parseColumnMap('map.csv', Buffer.from('target,source\nid,sys_id\nsite,Location\nid,other\nowner,\n'))
    expect(diagnostics.map((d) => [d.line, d.code])).toEqual([
      [3, 'KOSH-IMPORT-BAD-TARGET'],
      [4, 'KOSH-DUPLICATE-ID'],
      [5, 'KOSH-MISSING-VALUE'],
    ])
    expect(parseColumnMap('map.csv', Buffer.from('from,to\nid,x\n')).diagnostics).toMatchObject([{line: 1, code: 'KOSH-MISSING-COLUMN'}])
    expect(parseColumnMap('map.csv', Buffer.from('\uFEFFtarget,source\r\nid,x\r\n')).diagnostics).toEqual([])
  })
})

describe('generic', () => {
  it('maps a CMDB extract through the map file, ids as written, constants and lists included', async () => {
    const outcome = await sample()
    expect(outcome.status).toBe('ok')
    expect(rowsOf(outcome, 'systems.csv').map((s) => [s.id, s.name, s.owner, s.zone, s.classes, s.storage_gb, s.criticality, s.strategy, s.after, s.environment, s.ips, s.imported_from])).toEqual([
      ['CI0001', 'АБС «Qazyna Core»', 'Qazyna Bank — IT', 'bank-dc', 'personal;bank_secret', '2400', 'critical', 'rehost', 'CI0002', 'prod', '10.10.2.40', 'cmdb.csv:2'],
      ['CI0002', 'БД АБС / core database', 'Qazyna Bank — IT', 'bank-dc', 'personal;bank_secret', '16000', 'critical', 'rehost', '', 'prod', '10.10.3.40', 'cmdb.csv:3'],
      ['CI0003', 'Портал клиента', 'Qazyna Bank — Digital', 'bank-dmz', '', '120', 'high', 'rehost', 'CI0001', 'prod', '10.20.0.5;fd00:20::5', 'cmdb.csv:4'],
      ['CI0004', 'Test portal', 'Qazyna Bank — Digital', 'bank-dmz', '', '20', 'low', 'rehost', '', 'test', '10.20.0.6', 'cmdb.csv:5'],
      ['CI0005', 'Archive NAS', 'Qazyna Bank — IT', 'bank-dc', '', '8000', '', 'rehost', '', 'prod', '172.16.5.9', 'cmdb.csv:6'],
    ])
    expect(outcome.summary.unclassified).toMatchObject({count: 3, systems: ['CI0003', 'CI0004', 'CI0005']})
    expect(outcome.summary.owners).toEqual({fromSource: 5, fromFlag: 0, external: 0})
  })

  it('takes the zone from a mapped column when it has one, and from the zone map otherwise', async () => {
    const outcome = await importInline({from: 'generic', sources: {'cmdb.csv': 'ci,site\na,bank-dmz\nb,\n'}, map: 'target,source\nid,ci\nzone,site\nowner,="IT"\n', zoneMap: 'match,zone\n*,bank-dc\n'})
    expect(rowsOf(outcome, 'systems.csv').map((s) => [s.id, s.name, s.zone, s.zone_from])).toEqual([
      ['a', 'a', 'bank-dmz', 'cmdb.csv:2'],
      ['b', 'b', 'bank-dc', 'zone-map.csv:2'],
    ])
  })

  it('reports values kosh cannot read at the CMDB cell, and a bad constant at its map line', async () => {
    const outcome = await importInline({
      from: 'generic',
      sources: {'cmdb.csv': 'ci,cls,gb,ip\na,personal;secret,10,10.10.0.1\nb,,"1,5",10.10.0.2\nc,,,10.10.0.x\n'},
      map: 'target,source\nid,ci\nclasses,cls\nstorage_gb,gb\nip,ip\nowner,="IT"\ncriticality,="urgent"\n',
      zoneMap: 'match,zone\n10.10.0.0/16,bank-dc\n',
    })
    expect(outcome.status).toBe('invalid')
    expect(outcome.diagnostics.map((d) => [d.file, d.line, d.column, d.found])).toEqual([
      ['cmdb.csv', 2, 3, 'personal;secret'],
      ['cmdb.csv', 3, 4, '1,5'],
      ['cmdb.csv', 4, 5, '10.10.0.x'],
      // Once, though it fills three rows.
      ['map.csv', 7, 1, 'urgent'],
    ])
    expect(outcome.diagnostics[0].summary).toBe('"classes": "secret" is not a class kosh knows')
  })

  it('needs a map, an id in it, and the columns it names', async () => {
    const cmdb = {'cmdb.csv': fixtureText('generic/cmdb.csv')}
    const zoneMap = 'match,zone\n*,bank-dc\n'
    expect((await importInline({from: 'generic', sources: cmdb, zoneMap})).diagnostics).toMatchObject([{code: 'KOSH-IMPORT-USAGE'}])
    expect((await importInline({from: 'generic', sources: cmdb, zoneMap, map: 'target,source\nname,Display Name\n'})).diagnostics).toMatchObject([{code: 'KOSH-IMPORT-NO-ID', file: 'map.csv'}])
    expect((await importInline({from: 'generic', sources: cmdb, zoneMap, map: 'target,source\nid,CI Number\n'})).diagnostics).toMatchObject([
      {code: 'KOSH-IMPORT-NO-COLUMN', file: 'map.csv', line: 2, summary: '"id" is mapped to the column "CI Number", which cmdb.csv does not have'},
    ])
  })

  it('checks the result as kosh validate does, pointing at the source row: an after naming no system', async () => {
    const outcome = await importInline({from: 'generic', sources: {'cmdb.csv': 'ci,dep\na,b\nb,zz\n'}, map: 'target,source\nid,ci\nafter,dep\nowner,="IT"\n', zoneMap: 'match,zone\n*,bank-dc\n'})
    expect(outcome.status).toBe('invalid')
    expect(outcome.diagnostics).toMatchObject([{code: 'KOSH-UNKNOWN-SYSTEM', file: 'cmdb.csv', line: 3, field: 'after', found: 'zz', hint: 'In the imported systems.csv, line 3'}])
  })
})
