/**
 * The stored form of an inventory (src/store/records.ts) without a database:
 * records -> files -> the same model, digest and diagnostics as the original
 * files, for the sample, for every load fixture (valid and broken), and for
 * CSV written in ways kosh itself never writes (quotes, CRLF, BOM, blank lines).
 */
import {describe, expect, it} from 'vitest'
import fc from 'fast-check'

import type {InventoryFiles} from '../../src/load/load-inventory.js'
import {openInventoryFiles} from '../../src/load/open.js'
import {inventoryDigest} from '../../src/model/digest.js'
import {copyField, decodeCopyField, textArrayLiteral} from '../../src/store/copy-text.js'
import {fileText, filesOfRecords, recordsOfFiles, storable} from '../../src/store/records.js'
import {loadFixtureCases, readFolder, SAMPLE} from './helpers.js'

async function roundTrip(files: InventoryFiles) {
  const original = await openInventoryFiles('inventory', files)
  const back = await openInventoryFiles('inventory', filesOfRecords(await recordsOfFiles(files)))
  return {original, back}
}

/** Whether every present file is CSV throughout (else it has an error, and push refuses it). */
async function readable(files: InventoryFiles): Promise<boolean> {
  for (const [kind, bytes] of Object.entries(files)) if (!(await storable(`${kind}.csv`, bytes!))) return false
  return true
}

describe('snapshot records', () => {
  it('give the sample inventory back byte for byte', async () => {
    const {files} = await readFolder(SAMPLE)
    const back = filesOfRecords(await recordsOfFiles(files))
    expect(Object.keys(back).sort()).toEqual(Object.keys(files).sort())
    for (const kind of Object.keys(files) as (keyof InventoryFiles)[]) expect(back[kind]!.toString()).toBe(files[kind]!.toString())
  })

  it.each(loadFixtureCases())('give the same digest and diagnostics for $name', async ({dir}) => {
    const {files} = await readFolder(dir)
    if (!(await readable(files))) return // not UTF-8, unterminated quote...: refused by push, never stored
    const {original, back} = await roundTrip(files)
    expect(inventoryDigest(back.inventory)).toBe(inventoryDigest(original.inventory))
    expect(back.diagnostics).toEqual(original.diagnostics)
  })

  it('keep every record on its line through quotes, CRLF, a BOM, blank lines and quoted line breaks', async () => {
    const files: InventoryFiles = {
      zones: Buffer.from('\uFEFFid,name,country,role,approved_classes\r\n\r\nsrc,"Server room, 2nd floor",KZ,source,\r\ntier3,"Tier-III ""Astana""",KZ,target,personal;health;bank_secret\r\n'),
      systems: Buffer.from(
        'id,name,owner,zone,classes,storage_gb,note\n' +
          '"core","Core banking","Bank IT",src,bank_secret,"12"," leading space"\n\n\n' +
          'crm,"CRM\nsecond line",Bank IT,src,personal,3,\n' +
          'hr,HR,Bank HR,nowhere,personal,x,"a ""quoted"" note"\n',
      ),
      flows: Buffer.from('id,source,target,classes\nf1,crm,core,personal\nf2,hr,ghost,\n'),
    }
    expect(await readable(files)).toBe(true)
    const {original, back} = await roundTrip(files)
    expect(original.diagnostics.length).toBeGreaterThan(0) // an unknown zone, a bad number, an unknown system
    expect(inventoryDigest(back.inventory)).toBe(inventoryDigest(original.inventory))
    const where = (list: typeof original.diagnostics) => list.map((d) => `${d.file}:${d.line} ${d.code} ${d.field ?? ''}`)
    expect(where(back.diagnostics)).toEqual(where(original.diagnostics))
    expect(back.inventory.systems.map((s) => [s.id, s.line])).toEqual(original.inventory.systems.map((s) => [s.id, s.line]))
    expect(back.inventory.systems.map((s) => s.line)).toEqual([2, 5, 7])
  })

  it('place records on their lines, padding with blank lines', () => {
    const text = fileText({header: ['id', 'name'], headerLine: 2}, [
      {line: 3, cells: ['a', 'two\nlines']},
      {line: 7, cells: ['b', 'x,y']},
    ])
    expect(text).toBe('\nid,name\na,"two\nlines"\n\n\nb,"x,y"\n')
  })

  it('survive any cell text (property)', async () => {
    const cell = fc.string({unit: fc.constantFrom('a', 'Ә', ' ', ',', '"', '\n', '\r\n', ';', 'z', '\\', '\t')})
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cell, cell), {minLength: 1, maxLength: 6}), async (rows) => {
        const systems = `id,name,owner,zone,note\n${rows.map(([a, b], i) => `s${i},${q(a)},${q(b)},src,${q(a + b)}\n`).join('')}`
        const files: InventoryFiles = {
          zones: Buffer.from('id,name,country,role\nsrc,Source,KZ,source\ntier3,Tier-III,KZ,target\n'),
          systems: Buffer.from(systems),
          flows: Buffer.from('id,source,target\n'),
        }
        if (!(await readable(files))) return
        const {original, back} = await roundTrip(files)
        expect(inventoryDigest(back.inventory)).toBe(inventoryDigest(original.inventory))
        expect(back.diagnostics.map((d) => [d.file, d.line, d.code])).toEqual(original.diagnostics.map((d) => [d.file, d.line, d.code]))
      }),
      {numRuns: 200},
    )
  })
})

/** RFC 4180 quoting, always quoted (as some exporters write). */
function q(value: string): string {
  return `"${value.replaceAll('"', '""')}"`
}

describe('COPY text', () => {
  it('escapes fields and text[] literals so PostgreSQL reads back the same strings', () => {
    expect(copyField('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re')
    expect(decodeCopyField(copyField('a\tb\nc\\d\re'))).toBe('a\tb\nc\\d\re')
    expect(textArrayLiteral(['a', '', 'say "hi"', 'back\\slash', 'x,y', '{}', 'NULL'])).toBe('{"a","","say \\"hi\\"","back\\\\slash","x,y","{}","NULL"}')
  })
})
