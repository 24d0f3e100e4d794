/**
 * Snapshots in the real server: push is one transaction, keyed by the
 * inventory digest (again, or twice at once: one snapshot, no new rows), a
 * failing push leaves nothing, and a snapshot reads back as the files did:
 * same digest, same diagnostics with the original file and line, same plan.
 */
import {describe, expect, it} from 'vitest'

import {KoshError} from '../../src/cli/errors.js'
import {renderWavesCsv} from '../../src/export/waves-csv.js'
import {serializePlan} from '../../src/export/plan-document.js'
import {openInventoryFolder} from '../../src/load/open.js'
import {inventoryDigest} from '../../src/model/digest.js'
import {runPlan} from '../../src/plan/run.js'
import {openSnapshot, pushSnapshot, resolveSnapshot} from '../../src/store/snapshots.js'
import {openFolderForPush} from '../../src/store/source.js'
import {clientOf, loadFixtureCases, migratedDatabase, readFolder, SAMPLE, tableCounts} from './helpers.js'

const SAMPLE_RECORDS = 227 // data rows of the sample's six files

describe('db push', () => {
  it('stores the sample once: a second push returns the same snapshot and writes nothing', async () => {
    const {client} = await migratedDatabase('push again')
    const folder = await openFolderForPush(SAMPLE)
    const first = await pushSnapshot(client, folder)
    expect(first.created).toBe(true)
    expect(first.records).toBe(SAMPLE_RECORDS)
    expect(first.snapshot.digest).toBe(inventoryDigest(folder.inventory))
    expect(first.snapshot.short).toBe(first.snapshot.digest.slice(0, 12))
    expect(first.snapshot.counts).toEqual({zones: 11, links: 16, systems: 64, flows: 125, datasets: 10, waivers: 1})
    const after = await tableCounts(client)
    expect(after).toMatchObject({kosh_snapshot: 1, kosh_snapshot_file: 6, kosh_snapshot_record: SAMPLE_RECORDS})

    const second = await pushSnapshot(client, await openFolderForPush(SAMPLE))
    expect(second).toEqual({snapshot: first.snapshot, created: false, records: 0})
    expect(await tableCounts(client)).toEqual(after)
  })

  it('makes one snapshot of two pushes of the same content at the same moment', async () => {
    const {db} = await migratedDatabase('push concurrent')
    const clients = await Promise.all([clientOf(db.url), clientOf(db.url), clientOf(db.url)])
    const folder = await openFolderForPush(SAMPLE)
    const results = await Promise.all(clients.map((client) => pushSnapshot(client, folder)))
    expect(results.filter((r) => r.created)).toHaveLength(1)
    expect(new Set(results.map((r) => r.snapshot.id)).size).toBe(1)
    expect(await tableCounts(clients[0])).toMatchObject({kosh_snapshot: 1, kosh_snapshot_file: 6, kosh_snapshot_record: SAMPLE_RECORDS})
  })

  it('leaves nothing behind when a push fails in the middle of COPY', async () => {
    const {client} = await migratedDatabase('push abort')
    const folder = await openFolderForPush(SAMPLE)
    let calls = 0
    const failing = pushSnapshot(client, folder, {
      progressEvery: 50,
      onProgress: () => {
        if (++calls === 2) throw new Error('injected failure after 100 records')
      },
    })
    await expect(failing).rejects.toThrow('injected failure after 100 records')
    expect(await tableCounts(client)).toMatchObject({kosh_snapshot: 0, kosh_snapshot_file: 0, kosh_snapshot_record: 0})

    // The connection is still usable, and the same content can be pushed afterwards.
    const retry = await pushSnapshot(client, folder)
    expect(retry.created).toBe(true)
    expect(await tableCounts(client)).toMatchObject({kosh_snapshot: 1, kosh_snapshot_record: SAMPLE_RECORDS})
  })

  it('leaves nothing behind when the server rejects a row during COPY', async () => {
    const {client} = await migratedDatabase('push rejected')
    // A constraint the 100th flow breaks: the server fails the COPY half way through.
    await client.query(`ALTER TABLE kosh_snapshot_record ADD CONSTRAINT test_short_files CHECK (file <> 'flows.csv' OR line < 100)`)
    await expect(pushSnapshot(client, await openFolderForPush(SAMPLE))).rejects.toThrow(/test_short_files/)
    expect(await tableCounts(client)).toMatchObject({kosh_snapshot: 0, kosh_snapshot_file: 0, kosh_snapshot_record: 0})
  })

  it('refuses an inventory with errors, with the diagnostics validate gives', async () => {
    const dir = loadFixtureCases().find((c) => c.name === 'unknown-zone-error')!.dir
    const error = (await openFolderForPush(dir).then(
      () => undefined,
      (e: unknown) => e,
    )) as KoshError
    expect(error).toBeInstanceOf(KoshError)
    expect(error.exitCode).toBe(2)
    expect(error.message).toMatch(/the inventory has errors; fix them before storing it/)
    expect(error.diagnostics).toEqual((await openInventoryFolder(dir)).diagnostics)
  })
})

describe('reading a snapshot', () => {
  it('gives the same inventory, digest, diagnostics and plan as the files', async () => {
    const {client} = await migratedDatabase('read equivalence')
    const folder = await openInventoryFolder(SAMPLE)
    await pushSnapshot(client, await openFolderForPush(SAMPLE))
    const snapshot = await openSnapshot(client, 'latest')

    expect(inventoryDigest(snapshot.inventory)).toBe(inventoryDigest(folder.inventory))
    expect(snapshot.inventory).toEqual(folder.inventory) // lines, names, extra columns: all of it
    expect(snapshot.diagnostics).toEqual(folder.diagnostics)

    for (const options of [{}, {maxSystems: [5, 10, 20]}, {start: '2027-01-11', waveDays: 14, blackouts: []}]) {
      const fromFiles = runPlan(folder.inventory, options).document
      const fromDb = runPlan(snapshot.inventory, options).document
      expect(renderWavesCsv(fromDb)).toBe(renderWavesCsv(fromFiles))
      expect(serializePlan(fromDb)).toBe(serializePlan(fromFiles))
    }
  })

  it.each(loadFixtureCases().filter((c) => c.name.endsWith('-error')))(
    'keeps the diagnostics of a bad inventory ($name), naming the original file and line',
    async ({dir}) => {
      // The CLI refuses to push a bad inventory; the store below it keeps one faithfully all the same,
      // so a later kosh that checks more still points at the right line.
      const {client} = await migratedDatabase('read diagnostics')
      const folder = await readFolder(dir)
      const pushed = await pushSnapshot(client, folder).catch(() => undefined)
      if (!pushed) return // not CSV throughout (a quote never closed, not UTF-8): cannot be kept, never pushed
      const snapshot = await openSnapshot(client, `#${pushed.snapshot.id}`)
      expect(snapshot.diagnostics.length).toBeGreaterThan(0)
      expect(snapshot.diagnostics).toEqual(folder.diagnostics)
      expect(inventoryDigest(snapshot.inventory)).toBe(inventoryDigest(folder.inventory))
    },
  )

  it('finds a snapshot by latest, number and digest prefix, and names bad references', async () => {
    const {client} = await migratedDatabase('resolve')
    const a = (await pushSnapshot(client, await openFolderForPush(SAMPLE))).snapshot
    const b = (await pushSnapshot(client, await openFolderForPush(loadFixtureCases().find((c) => c.name === 'valid-full')!.dir))).snapshot
    expect((await resolveSnapshot(client, 'latest')).id).toBe(b.id)
    expect((await resolveSnapshot(client, `#${a.id}`)).digest).toBe(a.digest)
    expect((await resolveSnapshot(client, String(a.id))).digest).toBe(a.digest)
    expect((await resolveSnapshot(client, a.short)).id).toBe(a.id)
    expect((await resolveSnapshot(client, b.digest.toUpperCase())).id).toBe(b.id)
    await expect(resolveSnapshot(client, '#99')).rejects.toThrow('no snapshot #99 in the database')
    await expect(resolveSnapshot(client, 'abc')).rejects.toThrow('is not a snapshot: use latest')
    await expect(resolveSnapshot(client, 'ffffff0000')).rejects.toThrow('no snapshot ffffff0000')
  })

  it('notices a snapshot changed in the database behind kosh', async () => {
    const {client} = await migratedDatabase('tamper')
    const {snapshot} = await pushSnapshot(client, await openFolderForPush(SAMPLE))
    await client.query(`UPDATE kosh_snapshot_record SET cells[4] = 'kz-tier3' WHERE snapshot_id = $1 AND file = 'systems.csv' AND line = 2`, [snapshot.id])
    await expect(openSnapshot(client, 'latest')).rejects.toThrow(/reads back as [0-9a-f]{12}, not the digest it was stored under/)
    await client.query(`DELETE FROM kosh_snapshot_record WHERE snapshot_id = $1 AND file = 'flows.csv' AND line = 2`, [snapshot.id])
    await expect(openSnapshot(client, 'latest')).rejects.toThrow(/flows.csv should hold 125 records but 124 are stored/)
  })
})
