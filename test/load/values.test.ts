/**
 * What the loader makes of good input (typed values, defaults, extra columns,
 * whitespace), what its diagnostics say besides their place, and the folder
 * itself: missing, not a folder, optional files absent.
 */
import {mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {openInventoryFolder} from '../../src/load/open.js'
import {formatDiagnostic} from '../../src/model/diagnostic.js'
import {systemReferences} from '../../src/model/references.js'
import {inventoryDir, open, where} from './helpers.js'

const FIXTURES = fileURLToPath(new URL('../fixtures/load', import.meta.url))

describe('a valid inventory (fixtures/load/valid-full)', async () => {
  const {inventory, diagnostics} = await openInventoryFolder(join(FIXTURES, 'valid-full', 'inventory'))
  const system = (id: string) => inventory.systems.find((s) => s.id === id)!

  it('loads without a diagnostic', () => {
    expect(diagnostics).toEqual([])
    expect(inventory.name).toBe('inventory')
  })

  it('trims cells and header names, keeps inner spaces', () => {
    expect(system('core')).toMatchObject({id: 'core', name: 'Core banking', line: 2})
  })

  it('unquotes fields with commas, doubled quotes and line breaks', () => {
    expect(system('crm').name).toBe('CRM "Sales", Алматы')
    expect(system('archive').name).toBe('Archive\n(two lines)')
    expect(inventory.zones[0].name).toBe('Qazyna Bank ДЦ, Алматы')
    expect(inventory.flows.find((f) => f.id === 'f3')!.purpose).toBe('archive, yearly')
  })

  it('gives each row the line it starts on, past blank lines, ",,," rows and quoted line breaks', () => {
    expect(inventory.systems.map((s) => [s.id, s.line])).toEqual([
      ['core', 2],
      ['crm', 3],
      ['archive', 6],
      ['scoring', 8],
      ['mail', 9],
    ])
  })

  it('types the values and fills in the defaults', () => {
    expect(system('core')).toMatchObject({
      zone: 'qazyna-dc',
      targetZone: undefined,
      classes: ['personal', 'bank_secret'],
      storageGb: 1200.5,
      criticality: 'critical',
      strategy: 'rehost',
      after: [],
      wave: undefined,
      group: 'core',
      environment: 'prod',
    })
    expect(system('crm')).toMatchObject({targetZone: 'tier3', classes: ['personal'], storageGb: 0, criticality: 'high', strategy: 'replatform', after: ['core'], wave: 2, environment: 'test'})
    expect(system('archive')).toMatchObject({storageGb: 0.5, criticality: 'low', strategy: 'retire', classes: ['public']})
    expect(system('scoring')).toMatchObject({after: ['crm', 'core'], environment: 'dev', criticality: 'medium', storageGb: 0})
    expect(system('mail')).toMatchObject({storageGb: 100, strategy: 'retain', classes: ['internal']})
    expect(inventory.zones.map((z) => [z.id, z.country, z.role, z.approvedUntil])).toEqual([
      ['qazyna-dc', 'KZ', 'source', '2027-06-30'],
      ['tier3', 'KZ', 'target', undefined],
      ['cloud-de', 'DE', 'external', undefined],
    ])
    expect(inventory.flows.map((f) => [f.id, f.classes, f.legalBasis, f.coupling])).toEqual([
      ['f1', ['personal'], 'consent', 'tight'],
      ['f2', [], undefined, 'loose'],
      ['f3', ['public'], 'law', 'loose'],
      ['f4', ['internal'], 'none', 'loose'],
    ])
    expect(inventory.links.map((l) => l.approvedClasses)).toEqual([['personal', 'bank_secret'], []])
    expect(inventory.datasets.map((d) => [d.system, d.column, d.classes])).toEqual([
      ['core', 'iin', ['personal']],
      ['crm', '', ['personal', 'bank_secret']],
    ])
    expect(inventory.waivers.map((w) => [w.rule, w.subject, w.expires])).toEqual([
      ['R1', 'f1', '2027-12-31'],
      ['R2', 'tier3', '2027-01-01'],
    ])
  })

  it('keeps columns it does not know, in header order, per row; unnamed columns are dropped', () => {
    expect(inventory.extraColumns['systems.csv']).toEqual(['cost_centre'])
    expect(inventory.extraColumns['zones.csv']).toEqual(['notes'])
    expect(inventory.extraColumns['flows.csv']).toEqual([])
    expect(system('core').extra).toEqual({cost_centre: 'CC-1'})
    expect(system('scoring').extra).toEqual({cost_centre: ''})
    expect(inventory.zones[0].extra).toEqual({notes: 'legacy room'})
  })
})

describe('the folder', () => {
  it('that does not exist is one diagnostic naming it', async () => {
    const dir = join(inventoryDir(), 'nope')
    const {inventory, diagnostics} = await openInventoryFolder(dir)
    expect(where(diagnostics)).toEqual([`${dir} KOSH-NO-INVENTORY`])
    expect(diagnostics[0].summary).toMatch(/does not exist/)
    expect(inventory.systems).toEqual([])
  })

  it('that is a file is one diagnostic', async () => {
    const file = join(inventoryDir(), 'zones.csv')
    const {diagnostics} = await openInventoryFolder(file)
    expect(where(diagnostics)).toEqual([`${file} KOSH-NO-INVENTORY`])
    expect(diagnostics[0].summary).toMatch(/not a folder/)
  })

  it('without the optional files is valid', async () => {
    const {inventory, diagnostics} = await open()
    expect(diagnostics).toEqual([])
    expect([inventory.links, inventory.datasets, inventory.waivers]).toEqual([[], [], []])
  })

  it('without any file reports each required one, and nothing else', async () => {
    const {diagnostics} = await open({'zones.csv': null, 'systems.csv': null, 'flows.csv': null})
    expect(where(diagnostics)).toEqual(['flows.csv KOSH-MISSING-FILE', 'systems.csv KOSH-MISSING-FILE', 'zones.csv KOSH-MISSING-FILE'])
    expect(diagnostics[0].expected).toContain('id, source, target')
  })

  it('that cannot read a file says which and why, and reads the others', async () => {
    const dir = inventoryDir()
    rmSync(join(dir, 'flows.csv'))
    mkdirSync(join(dir, 'flows.csv'))
    const {inventory, diagnostics} = await openInventoryFolder(dir)
    expect(where(diagnostics)).toEqual(['flows.csv KOSH-UNREADABLE-FILE'])
    expect(diagnostics[0].summary).toBe('flows.csv cannot be read (EISDIR)')
    expect(inventory.systems.length).toBeGreaterThan(0)
  })

  it('ignores files it does not know', async () => {
    const dir = inventoryDir()
    writeFileSync(join(dir, 'notes.txt'), 'not a CSV \u0000')
    expect((await openInventoryFolder(dir)).diagnostics).toEqual([])
  })
})

describe('what a diagnostic says', () => {
  it('a bad number shows the cell and asks for a decimal point', async () => {
    const {diagnostics} = await open({'systems.csv': 'id,name,owner,zone,storage_gb\ncore,Core,IT,src,"1,5"\n', 'flows.csv': 'id,source,target\n'})
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]).toMatchObject({file: 'systems.csv', line: 2, column: 18, field: 'storage_gb', found: '1,5'})
    expect(diagnostics[0].expected).toMatch(/point/)
  })

  it('a duplicate id names the line where the id was first used', async () => {
    const {diagnostics} = await open({'flows.csv': 'id,source,target\nf1,crm,core\nf2,core,crm\nf1,core,crm\n'})
    expect(where(diagnostics)).toEqual(['flows.csv:4:1 KOSH-DUPLICATE-ID'])
    expect(diagnostics[0].expected).toContain('line 2')
  })

  it('padded ids in systems and flows still name their systems (the rest of the file stays on the fast path)', async () => {
    const {inventory, diagnostics} = await open({
      'systems.csv': 'id,name,owner,zone\n" core ",Core banking,Bank IT,src\ncrm,CRM,Bank IT,src\nkyc,KYC,Bank IT,src\n',
      'flows.csv': 'id,source,target\nf1,crm,core\nf2," kyc",crm\nf3,core," crm "\nf4,crm,ghost\n',
    })
    expect(where(diagnostics)).toEqual(['flows.csv:5:8 KOSH-UNKNOWN-SYSTEM'])
    const {flowSource, flowTarget} = systemReferences(inventory)
    const ids = (ends: Int32Array) => [...ends].map((i) => (i < 0 ? undefined : inventory.systems[i].id))
    expect(ids(flowSource)).toEqual(['crm', 'kyc', 'core', 'crm'])
    expect(ids(flowTarget)).toEqual(['core', 'crm', 'crm', undefined])
  })

  it('flow ids out of order: every repeat is named, each with the line of the first use', async () => {
    const {diagnostics} = await open({'flows.csv': 'id,source,target\nf9,crm,core\nf1,core,crm\nf9,core,crm\nf5,crm,core\nf9,crm,core\nf1,crm,core\n'})
    expect(where(diagnostics)).toEqual(['flows.csv:4:1 KOSH-DUPLICATE-ID', 'flows.csv:6:1 KOSH-DUPLICATE-ID', 'flows.csv:7:1 KOSH-DUPLICATE-ID'])
    expect(diagnostics.map((d) => d.expected)).toEqual(['a unique id (first used on line 2)', 'a unique id (first used on line 2)', 'a unique id (first used on line 3)'])
  })

  it('a waiver names a flow it knows whether the flow ids are in order or not, and only an unknown subject is reported', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.stringMatching(/^[a-z0-9-]{1,8}$/), {minLength: 1, maxLength: 30}), fc.boolean(), fc.array(fc.oneof(fc.nat(), fc.stringMatching(/^[a-z0-9-]{1,8}$/)), {maxLength: 6}), async (ids, sorted, picks) => {
        // A subject is a flow's id (a number picks one) or any id at all.
        const subjects = picks.map((pick) => (typeof pick === 'number' ? ids[pick % ids.length] : pick))
        const flows = (sorted ? [...ids].sort() : ids).map((id) => `${id},crm,core`)
        const waivers = subjects.map((subject) => `R4,${subject},ok,Risk,2099-01-01`)
        const {diagnostics} = await open({'flows.csv': `id,source,target\n${flows.join('\n')}\n`, 'waivers.csv': `rule,subject,justification,owner,expires\n${waivers.join('\n')}\n`})
        const known = new Set([...ids, 'core', 'crm', 'src', 'tier3'])
        expect(where(diagnostics)).toEqual(subjects.flatMap((subject, i) => (known.has(subject) ? [] : [`waivers.csv:${i + 2}:4 KOSH-UNKNOWN-SUBJECT`])))
      }),
      {numRuns: 60},
    )
  })

  it('a second target zone names the first', async () => {
    const {diagnostics} = await open({'zones.csv': 'id,name,country,role\nsrc,S,KZ,target\ntier3,T,KZ,target\n'})
    expect(where(diagnostics)).toEqual(['zones.csv:3:12 KOSH-MULTIPLE-TARGETS'])
    expect(diagnostics[0].found).toContain('"src" on line 2')
  })

  it('an unknown zone lists the zones there are', async () => {
    const {diagnostics} = await open({'systems.csv': 'id,name,owner,zone\ncore,Core,IT,tier-3\ncrm,CRM,IT,src\n'})
    expect(where(diagnostics)).toEqual(['systems.csv:2:14 KOSH-UNKNOWN-ZONE'])
    expect(formatDiagnostic(diagnostics[0])).toBe(
      'systems.csv:2:14: error KOSH-UNKNOWN-ZONE: "zone" names a zone that zones.csv does not define (found "tier-3", expected a zone id from zones.csv (src, tier3))',
    )
  })

  it('a ragged row gives both counts', async () => {
    const {diagnostics} = await open({'flows.csv': 'id,source,target\nf1,crm\n'})
    expect(where(diagnostics)).toEqual(['flows.csv:2 KOSH-RAGGED-ROW'])
    expect(diagnostics[0]).toMatchObject({found: '2 fields', expected: '3, as in the header'})
  })

  it('an unterminated quote says where it opened, and the rows after it are still read', async () => {
    const {inventory, diagnostics} = await open({'systems.csv': 'id,name,owner,zone\ncore,"Core,IT,src\ncrm,CRM,IT,src\n', 'flows.csv': 'id,source,target\n'})
    expect(where(diagnostics)).toEqual(['systems.csv:2:6 KOSH-UNTERMINATED-QUOTE'])
    expect(diagnostics[0].found).toMatch(/opening quote/)
    expect(inventory.systems.map((s) => s.id)).toEqual(['crm'])
  })

  it('text after a closing quote shows the field', async () => {
    const {diagnostics} = await open({'systems.csv': 'id,name,owner,zone\ncore,"Core" banking,IT,src\ncrm,CRM,IT,src\n', 'flows.csv': 'id,source,target\n'})
    expect(where(diagnostics)).toEqual(['systems.csv:2:12 KOSH-CSV-SYNTAX'])
    expect(diagnostics[0].found).toBe('"Core" banking')
  })

  it('a missing column names the columns required', async () => {
    const {diagnostics} = await open({'flows.csv': 'id,from,to\nf1,crm,core\n'})
    expect(where(diagnostics)).toEqual(['flows.csv:1:1 KOSH-MISSING-COLUMN', 'flows.csv:1:1 KOSH-MISSING-COLUMN'])
    expect(diagnostics.map((d) => d.summary)).toEqual(['the required column "source" is missing', 'the required column "target" is missing'])
    expect(diagnostics[0].expected).toBe('a header with id, source, target')
  })

  it('a file rows were lost from does not make every reference into it an error', async () => {
    // systems.csv loses its "core" row to a syntax error: the flow naming core is not called unknown.
    const {diagnostics} = await open({'systems.csv': 'id,name,owner,zone\ncore,Core"s,IT,src\ncrm,CRM,IT,src\n'})
    expect(where(diagnostics)).toEqual(['systems.csv:2:10 KOSH-CSV-SYNTAX'])
  })
})
