/**
 * `kosh import` end to end: the command writes a folder that the loader opens
 * without errors and the planner plans; a failed import writes nothing.
 */
import {mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {openInventoryFolder} from '../../src/load/open.js'
import {runPlan} from '../../src/plan/run.js'
import {fixture, run} from './helpers.js'

let scratch: string
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'kosh-import-'))
})
afterAll(async () => {
  await rm(scratch, {recursive: true, force: true})
})

const ZONES = ['--zones', fixture('zones/zones.csv')]
const OWNER = ['--owner', 'Qazyna Bank — IT']
const CASES = {
  'azure-migrate-deps': [fixture('azure/export.csv'), '--zone-map', fixture('azure/zone-map.csv'), ...OWNER],
  'aws-cmf': [fixture('aws/intake.csv'), '--zone-map', fixture('aws/zone-map.csv'), ...OWNER],
  generic: [fixture('generic/cmdb.csv'), '--map', fixture('generic/map.csv'), '--zone-map', fixture('generic/zone-map.csv')],
}

describe('kosh import', () => {
  for (const [from, args] of Object.entries(CASES)) {
    it(`${from}: writes an inventory that validate accepts and the planner plans`, async () => {
      const out = join(scratch, from)
      const result = await run(['--from', from, ...args, ...ZONES, '--out', out])
      expect(result.exit, result.stderr).toBe(0)
      expect((await readdir(out)).sort()).toEqual(['flows.csv', 'links.csv', 'systems.csv', 'zones.csv'])
      expect(await readFile(join(out, 'zones.csv'), 'utf8')).toBe(await readFile(fixture('zones/zones.csv'), 'utf8'))

      const {inventory, diagnostics} = await openInventoryFolder(out)
      expect(diagnostics).toEqual([])
      // imported_from is an extra column: the loader keeps it on every row.
      expect(inventory.systems.every((s) => /^[\w.-]+\.csv:\d+$/.test(s.extra.imported_from))).toBe(true)
      expect(inventory.flows.every((f) => /^[\w.-]+\.csv:\d+$/.test(f.extra.imported_from))).toBe(true)

      // Systems without classes are gaps, but planning still works.
      const {document} = runPlan(inventory, {})
      expect(document.feasible).toBe(true)
    })
  }

  it('prints the summary: counts on stdout, notes and the classes still needed on stderr, with the scan command', async () => {
    const out = join(scratch, 'summary')
    const result = await run(['--from', 'azure-migrate-deps', ...CASES['azure-migrate-deps'], ...ZONES, '--out', out])
    expect(result.stdout).toBe(`${out}: 7 systems (2 external), 6 flows from export.csv (11 rows). Zones: bank-dc 3, bank-dmz 1, cloud-de 1, partners 2\n`)
    expect(result.stderr).toContain('note: 11 connection row(s) over 3 time slot(s) became 6 flow(s), one per pair of systems\n')
    expect(result.stderr).toContain('7 of 7 systems have no classes yet (kosh check reports them as gaps)')
    expect(result.stderr).toContain(`kosh scan --database-url URL --system ID --out ${out}/datasets.csv`)
  })

  it('prints {out, written, status, summary, diagnostics} under --json', async () => {
    const out = join(scratch, 'json')
    const result = await run(['--from', 'generic', ...CASES.generic, ...ZONES, '--out', out, '--json'])
    expect(result.exit).toBe(0)
    expect(result.stderr).toBe('')
    const json = JSON.parse(result.stdout)
    expect(json).toMatchObject({out, written: true, status: 'ok', diagnostics: [], summary: {from: 'generic', systems: 5, flows: 0, unclassified: {count: 3, systems: ['CI0003', 'CI0004', 'CI0005']}}})
    expect(json.summary.unclassified.scan).toBe(`kosh scan --database-url URL --system ID --out ${out}/datasets.csv`)
  })

  it('exits 1 naming file:line when the zone map does not place a system, and writes nothing', async () => {
    const zoneMap = join(scratch, 'partial-zone-map.csv')
    await writeFile(zoneMap, 'match,zone\n10.10.0.0/16,bank-dc\n')
    const out = join(scratch, 'unplaced')
    const result = await run(['--from', 'azure-migrate-deps', fixture('azure/export.csv'), '--zone-map', zoneMap, ...OWNER, ...ZONES, '--out', out])
    expect(result.exit).toBe(1)
    expect(result.stdout).toBe('')
    const lines = result.stderr.trim().split('\n')
    // Sorted by file and line: the external address of row 7 comes first.
    expect(lines[0]).toBe('export.csv:7: error KOSH-IMPORT-NO-ZONE: no line of the zone map places system "ext-203-0-113-10" (found "address 203.0.113.10", expected a zone-map line that matches it: an address block, a host-name glob or column=value). Add a line to partial-zone-map.csv; lines are read top to bottom and the first match wins')
    expect(lines[1]).toMatch(/^export\.csv:9: error KOSH-IMPORT-NO-ZONE: no line of the zone map places system "callrec01\.bank\.kz" \(found "name callrec01\.bank\.kz, addresses fd00:10::5"/)
    expect(lines.at(-1)).toBe(`kosh: 4 error(s); nothing was written to ${out}`)
    expect(await readdir(scratch)).not.toContain('unplaced')
    // Nor a temporary folder beside it.
    expect((await readdir(scratch)).filter((name) => name.includes('unplaced'))).toEqual([])

    // Under --json: one JSON document (the result), and still exit 1.
    const asJson = await run(['--from', 'azure-migrate-deps', fixture('azure/export.csv'), '--zone-map', zoneMap, ...OWNER, ...ZONES, '--out', out, '--json'])
    expect(asJson.exit).toBe(1)
    const json = JSON.parse(asJson.stdout)
    expect(json).toMatchObject({written: false, status: 'unplaced'})
    expect(json.diagnostics).toHaveLength(4)
  })

  it('exits 2 on unusable input: a bad export row, an unreadable file, a missing owner', async () => {
    const bad = join(scratch, 'bad.csv')
    await writeFile(bad, 'Source server name,Destination server name,Destination IP,Destination port\na,b,10.10.0.256,80\n')
    const badRow = await run(['--from', 'azure-migrate-deps', bad, '--zone-map', fixture('azure/zone-map.csv'), ...OWNER, ...ZONES, '--out', join(scratch, 'bad')])
    expect(badRow.exit).toBe(2)
    expect(badRow.stderr).toContain('bad.csv:2:5: error KOSH-IMPORT-BAD-ADDRESS')

    const missing = await run(['--from', 'aws-cmf', join(scratch, 'nope.csv'), '--zone-map', fixture('aws/zone-map.csv'), ...OWNER, ...ZONES, '--out', join(scratch, 'nope')])
    expect(missing.exit).toBe(2)
    expect(missing.stderr.trim()).toBe(`kosh: ${join(scratch, 'nope.csv')}: cannot be read (no such file)`)

    const ownerless = await run(['--from', 'aws-cmf', fixture('aws/intake.csv'), '--zone-map', fixture('aws/zone-map.csv'), ...ZONES, '--out', join(scratch, 'ownerless')])
    expect(ownerless.exit).toBe(2)
    expect(ownerless.stderr).toContain('error KOSH-IMPORT-NO-OWNER: 8 system(s) have no owner, which systems.csv requires')
    expect(await readdir(scratch)).not.toContain('ownerless')
  })

  it('refuses a non-empty folder without --force, and replaces it with --force', async () => {
    const out = join(scratch, 'taken')
    await mkdir(out)
    await writeFile(join(out, 'notes.txt'), 'mine')
    const refused = await run(['--from', 'generic', ...CASES.generic, ...ZONES, '--out', out])
    expect(refused.exit).toBe(2)
    expect(refused.stderr.trim()).toBe(`kosh: ${out} already exists and is not empty; pass --force to replace it`)
    expect(await readdir(out)).toEqual(['notes.txt'])

    const forced = await run(['--from', 'generic', ...CASES.generic, ...ZONES, '--out', out, '--force'])
    expect(forced.exit).toBe(0)
    expect((await readdir(out)).sort()).toEqual(['flows.csv', 'links.csv', 'systems.csv', 'zones.csv'])
  })

  it('copies no links.csv when none sits beside the zones file', async () => {
    const zonesDir = join(scratch, 'zones-only')
    await mkdir(zonesDir)
    await writeFile(join(zonesDir, 'zones.csv'), await readFile(fixture('zones/zones.csv')))
    const out = join(scratch, 'no-links')
    const result = await run(['--from', 'aws-cmf', ...CASES['aws-cmf'], '--zones', join(zonesDir, 'zones.csv'), '--out', out])
    expect(result.exit, result.stderr).toBe(0)
    expect((await readdir(out)).sort()).toEqual(['flows.csv', 'systems.csv', 'zones.csv'])
  })

  it('reports a bad zones file at that file', async () => {
    const zones = join(scratch, 'bad-zones.csv')
    const text = (await readFile(fixture('zones/zones.csv'), 'utf8')).replace('bank-dmz,Qazyna Bank DMZ,KZ', 'bank-dmz,Qazyna Bank DMZ,Kazakhstan')
    await writeFile(zones, text)
    const result = await run(['--from', 'aws-cmf', ...CASES['aws-cmf'], '--zones', zones, '--out', join(scratch, 'bad-zones')])
    expect(result.exit).toBe(2)
    expect(result.stderr).toContain('bad-zones.csv:3:26: error KOSH-BAD-VALUE: "country" is not an ISO 3166-1 alpha-2 code')
    expect(await readdir(scratch)).not.toContain('bad-zones')
  })
})
