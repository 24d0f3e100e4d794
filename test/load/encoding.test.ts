/**
 * The bytes of a file: UTF-8 with or without a BOM, CRLF and mixed line ends,
 * and files that are not UTF-8 at all (an Excel export in Windows-1251, UTF-16),
 * which must be named as such instead of being parsed into mojibake.
 */
import {describe, expect, it} from 'vitest'

import {formatDiagnostic} from '../../src/model/diagnostic.js'
import {open, where} from './helpers.js'

const BOM = '\uFEFF'

/** Windows-1251 bytes of a Cyrillic string (only the letters the tests use). */
function cp1251(text: string): Buffer {
  return Buffer.from(
    [...text].map((ch) => {
      const code = ch.codePointAt(0)!
      if (code < 0x80) return code
      // А..я are U+0410..U+044F and 0xC0..0xFF in Windows-1251.
      if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0
      throw new Error(`no Windows-1251 byte for ${ch}`)
    }),
  )
}

describe('byte order mark', () => {
  it('is accepted at the start of every file and is not part of the first column name', async () => {
    const {inventory, diagnostics} = await open({
      'zones.csv': BOM + 'id,name,country,role\nsrc,Source,KZ,source\ntier3,Tier,KZ,target\n',
      'systems.csv': BOM + 'id,name,owner,zone\ncore,Core,IT,src\ncrm,CRM,IT,src\n',
      'flows.csv': BOM + 'id,source,target\n',
    })
    expect(diagnostics).toEqual([])
    expect(inventory.zones.map((z) => z.id)).toEqual(['src', 'tier3'])
    expect(inventory.extraColumns['zones.csv']).toEqual([])
    expect(inventory.systems.map((s) => s.line)).toEqual([2, 3])
  })

  it('does not shift the columns of line 1', async () => {
    const {diagnostics} = await open({'systems.csv': BOM + 'id,name,owner,zone,name\ncore,Core,IT,src,x\n'})
    expect(where(diagnostics)).toEqual(['systems.csv:1:20 KOSH-DUPLICATE-COLUMN'])
  })

  it('does not hide a quote that opens the header and never closes', async () => {
    const {diagnostics} = await open({'systems.csv': BOM + '"id,name,owner,zone\ncore,Core,IT,src\n'})
    expect(where(diagnostics)).toEqual(['systems.csv:1:1 KOSH-UNTERMINATED-QUOTE'])
  })

  it('alone is an empty file', async () => {
    const {diagnostics} = await open({'flows.csv': BOM})
    expect(where(diagnostics)).toEqual(['flows.csv:1:1 KOSH-EMPTY-FILE'])
  })
})

describe('line ends', () => {
  it('CRLF: no carriage return in any value, lines and columns as with LF', async () => {
    const {inventory, diagnostics} = await open({
      'systems.csv': 'id,name,owner,zone,storage_gb\r\ncore,Core,IT,src,10\r\ncrm,CRM,IT,src,lots\r\nhr,HR,IT,src,\r\n',
    })
    expect(where(diagnostics)).toEqual(['systems.csv:3:16 KOSH-BAD-NUMBER'])
    expect(diagnostics[0].found).toBe('lots')
    expect(inventory.systems.map((s) => [s.id, s.storageGb, s.line])).toEqual([
      ['core', 10, 2],
      ['crm', 0, 3],
      ['hr', 0, 4],
    ])
    expect(JSON.stringify(inventory)).not.toContain('\\r')
  })

  it('CRLF inside quoted fields counts as one line: later rows keep their line numbers', async () => {
    // csv-parse's own line tracking counts each CR and LF inside quotes as a line.
    const {inventory, diagnostics} = await open({
      'systems.csv': 'id,name,owner,zone,storage_gb\r\ncore,"Core\r\nbanking\r\nsystem",IT,src,1\r\ncrm,CRM,IT,src,x\r\nhr,"HR\r\n",IT,nowhere,2\r\nweb,Web,IT,src,y\r\n',
    })
    expect(where(diagnostics)).toEqual(['systems.csv:5:16 KOSH-BAD-NUMBER', 'systems.csv:7:6 KOSH-UNKNOWN-ZONE', 'systems.csv:8:16 KOSH-BAD-NUMBER'])
    expect(inventory.systems.map((s) => s.line)).toEqual([2, 5, 6, 8])
    expect(inventory.systems[0].name).toBe('Core\r\nbanking\r\nsystem')
  })

  it('mixed LF and CRLF, and no line break at the end of the file', async () => {
    const {inventory, diagnostics} = await open({
      'systems.csv': 'id,name,owner,zone,storage_gb\ncore,Core,IT,src,1\r\ncrm,CRM,IT,src,2\nhr,HR,IT,src,x',
    })
    expect(where(diagnostics)).toEqual(['systems.csv:4:14 KOSH-BAD-NUMBER'])
    expect(inventory.systems.map((s) => [s.id, s.storageGb, s.line])).toEqual([
      ['core', 1, 2],
      ['crm', 2, 3],
      ['hr', 0, 4],
    ])
  })

  it('blank lines between rows are skipped but counted', async () => {
    const {inventory, diagnostics} = await open({
      'systems.csv': '\nid,name,owner,zone\n\ncore,Core,IT,src\r\n\r\n\ncrm,CRM,IT,nowhere\n\n',
    })
    expect(where(diagnostics)).toEqual(['systems.csv:7:12 KOSH-UNKNOWN-ZONE'])
    expect(inventory.systems.map((s) => s.line)).toEqual([4, 7])
  })
})

describe('files that are not UTF-8', () => {
  const zones1251 = Buffer.concat([
    Buffer.from('id,name,country,role\n'),
    Buffer.from('src,'),
    cp1251('Банк'),
    Buffer.from(',KZ,source\ntier3,'),
    cp1251('Орталық'.replace('қ', 'к')),
    Buffer.from(',KZ,target\n'),
  ])

  it('a Windows-1251 export says so, with the line and column of the first bad byte', async () => {
    expect(cp1251('Банк')).toEqual(Buffer.from([0xc1, 0xe0, 0xed, 0xea]))
    const {diagnostics} = await open({'zones.csv': zones1251})
    // Only the encoding: the zones cannot be read, so no system's zone is called unknown.
    expect(where(diagnostics)).toEqual(['zones.csv:2:5 KOSH-NOT-UTF8'])
    const [d] = diagnostics
    expect(d.summary).toMatch(/not UTF-8.*Windows-1251/)
    expect(d.found).toContain('0xC1')
    expect(d.hint).toMatch(/CSV UTF-8|iconv/)
    // No mojibake: nothing decoded from the wrong encoding reaches the message.
    expect(formatDiagnostic(d)).not.toMatch(/[\uFFFD\u0400-\u04FF]|Ð|Ã/)
  })

  it('the column counts characters, not bytes, when UTF-8 text precedes the bad byte', async () => {
    const zones = Buffer.concat([Buffer.from('id,name,country,role\nsrc,Қазақ '), cp1251('Банк'), Buffer.from(',KZ,source\n')])
    const {diagnostics} = await open({'zones.csv': zones})
    expect(where(diagnostics)).toEqual(['zones.csv:2:11 KOSH-NOT-UTF8'])
  })

  it('every file is checked: two bad files, two diagnostics', async () => {
    const systems = Buffer.concat([Buffer.from('id,name,owner,zone\ncore,Core,IT,src\ncrm,'), cp1251('Банк'), Buffer.from(',IT,src\n')])
    const {diagnostics} = await open({'zones.csv': zones1251, 'systems.csv': systems})
    expect(where(diagnostics)).toEqual(['systems.csv:3:5 KOSH-NOT-UTF8', 'zones.csv:2:5 KOSH-NOT-UTF8'])
  })

  it('UTF-16 (Excel "Unicode Text") is named as such', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,source,target\n', 'utf16le')])
    const {diagnostics} = await open({'flows.csv': utf16})
    expect(where(diagnostics)).toEqual(['flows.csv:1:1 KOSH-NOT-UTF8'])
    expect(diagnostics[0].summary).toMatch(/UTF-16/)
  })

  it('an overlong UTF-8 sequence is reported at its first byte', async () => {
    // E0 80 80 passes a lead-byte check but is not well-formed UTF-8.
    const zones = Buffer.concat([Buffer.from('id,name,country,role\nsrc,'), Buffer.from([0xe0, 0x80, 0x80]), Buffer.from(',KZ,source\ntier3,T,KZ,target\n')])
    const {diagnostics} = await open({'zones.csv': zones})
    expect(where(diagnostics)).toEqual(['zones.csv:2:5 KOSH-NOT-UTF8'])
    expect(diagnostics[0].found).toContain('0xE0')
  })

  it('Kazakh, Russian and English text in UTF-8 is read as written', async () => {
    const {inventory, diagnostics} = await open({
      'zones.csv': 'id,name,country,role\nsrc,"Qazyna Bank ДЦ, Алматы",KZ,source\ntier3,Мемлекеттік Tier-III деректерді өңдеу орталығы,KZ,target\n',
    })
    expect(diagnostics).toEqual([])
    expect(inventory.zones.map((z) => z.name)).toEqual(['Qazyna Bank ДЦ, Алматы', 'Мемлекеттік Tier-III деректерді өңдеу орталығы'])
  })
})
