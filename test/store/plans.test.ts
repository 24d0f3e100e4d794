/**
 * Plan history and the approval log in the real server: saving is idempotent
 * by plan digest, a plan from a folder brings its snapshot along, and the log
 * cannot be changed with plain SQL, not even by the owner of the tables.
 */
import {describe, expect, it} from 'vitest'

import {serializePlan} from '../../src/export/plan-document.js'
import {openInventoryFolder} from '../../src/load/open.js'
import {runPlan} from '../../src/plan/run.js'
import {approvePlan, listApprovals, listPlans, planJsonOf, resolvePlan, savePlan} from '../../src/store/plans.js'
import {openInventorySource, savePlanToStore} from '../../src/store/source.js'
import {clientOf, migratedDatabase, SAMPLE, tableCounts} from './helpers.js'

async function samplePlan(options = {}) {
  const {inventory} = await openInventoryFolder(SAMPLE)
  const {document} = runPlan(inventory, options)
  return {document, planJson: serializePlan(document)}
}

describe('saved plans', () => {
  it('stores plan.json exactly, once per plan digest', async () => {
    const {client} = await migratedDatabase('plans save')
    const {document, planJson} = await samplePlan()
    const first = await savePlan(client, {planJson})
    expect(first.created).toBe(true)
    expect(first.plan).toMatchObject({
      id: 1, digest: document.digest, short: document.digest.slice(0, 12), format: 'kosh-plan/1', inventoryName: 'inventory',
      inventoryDigest: document.inventory.digest, feasible: true, valid: document.verification.valid, snapshot: undefined,
    })
    expect(first.plan.summary.waves).toBe(document.waveCount)
    expect(await planJsonOf(client, first.plan)).toBe(planJson)

    const again = await savePlan(client, {planJson})
    expect(again).toEqual({plan: first.plan, created: false})
    const other = await savePlan(client, {planJson: (await samplePlan({maxSystems: [5, 10, 20]})).planJson})
    expect(other.plan.id).toBeGreaterThan(first.plan.id) // numbers grow; a repeat may leave a gap
    expect((await listPlans(client)).map((p) => p.id)).toEqual([first.plan.id, other.plan.id])
    expect((await resolvePlan(client, 'latest')).id).toBe(other.plan.id)
    expect((await resolvePlan(client, `#${first.plan.id}`)).digest).toBe(document.digest)
    expect((await resolvePlan(client, document.digest.slice(0, 8))).id).toBe(1)
  })

  it('refuses a plan.json that does not match its own digest', async () => {
    const {client} = await migratedDatabase('plans tampered')
    const {planJson} = await samplePlan()
    const tampered = planJson.replace('"waveCount": ', '"waveCount": 1')
    await expect(savePlan(client, {planJson: tampered})).rejects.toThrow('the plan does not match its own digest')
    await expect(savePlan(client, {planJson: 'not json'})).rejects.toThrow('the plan is not JSON')
  })

  it('plan --save from a folder pushes its snapshot; from a snapshot it links to it', async () => {
    const {db, client} = await migratedDatabase('plans source')
    const {document, planJson} = await samplePlan()
    const fromFolder = await savePlanToStore({databaseUrl: db.url, source: {kind: 'folder', dir: SAMPLE}, planJson, inventoryDigest: document.inventory.digest})
    expect(fromFolder.created).toBe(true)
    expect(fromFolder.snapshotCreated).toBe(true)
    expect(fromFolder.plan.snapshot).toEqual({id: fromFolder.snapshot.id, short: fromFolder.snapshot.short})

    const opened = await openInventorySource({inventory: 'ignored', fromDb: 'latest', databaseUrl: db.url})
    expect(opened.where).toBe(`db:#${fromFolder.snapshot.id}`)
    const fromDb = runPlan(opened.inventory, {}).document
    expect(serializePlan(fromDb)).toBe(planJson)
    const again = await savePlanToStore({databaseUrl: db.url, source: opened.source, planJson: serializePlan(fromDb), inventoryDigest: fromDb.inventory.digest})
    expect(again).toMatchObject({created: false, snapshotCreated: false, plan: {id: fromFolder.plan.id}})
    expect(await tableCounts(client)).toMatchObject({kosh_snapshot: 1, kosh_plan: 1})
  })
})

describe('approval log', () => {
  it('appends decisions bound to the plan digest', async () => {
    const {client} = await migratedDatabase('approvals append')
    const {plan} = await savePlan(client, {planJson: (await samplePlan()).planJson})
    const a = await approvePlan(client, plan, {reviewer: 'Айгерім Нұрланқызы', decision: 'reject', comment: 'wave 2 too large'})
    const b = await approvePlan(client, plan, {reviewer: 'Security', decision: 'approve', comment: 'ok after review'})
    expect(a).toMatchObject({planId: plan.id, planDigest: plan.digest, reviewer: 'Айгерім Нұрланқызы', decision: 'reject'})
    expect((await listApprovals(client, plan)).map((x) => [x.id, x.decision])).toEqual([[a.id, 'reject'], [b.id, 'approve']])
    await expect(approvePlan(client, plan, {reviewer: '  ', decision: 'approve', comment: ''})).rejects.toThrow('--reviewer must name the reviewer')
  })

  it('lets a plan that failed verification be rejected, not approved', async () => {
    const {client} = await migratedDatabase('approvals invalid')
    const {document, planJson} = await samplePlan({maxSystems: [1]})
    expect(document.feasible && document.verification.valid).toBe(false)
    const {plan} = await savePlan(client, {planJson})
    await expect(approvePlan(client, plan, {reviewer: 'r', decision: 'approve', comment: ''})).rejects.toThrow('failed its verification; it can be rejected, not approved')
    await approvePlan(client, plan, {reviewer: 'r', decision: 'reject', comment: 'infeasible'})
  })

  it('cannot be changed with UPDATE, DELETE or TRUNCATE, even by the owner of the tables', async () => {
    const {db, client} = await migratedDatabase('approvals attack')
    const {plan} = await savePlan(client, {planJson: (await samplePlan()).planJson})
    await approvePlan(client, plan, {reviewer: 'Reviewer', decision: 'approve', comment: 'fine'})
    const before = await tableCounts(client)
    const {rows} = await client.query<{owner: boolean}>(`SELECT pg_get_userbyid(relowner) = current_user AS owner FROM pg_class WHERE relname = 'kosh_approval'`)
    expect(rows[0].owner).toBe(true)

    const attacker = await clientOf(db.url)
    for (const sql of [
      `UPDATE kosh_approval SET decision = 'reject'`,
      `UPDATE kosh_approval SET comment = 'changed' WHERE id = 1`,
      `DELETE FROM kosh_approval`,
      `DELETE FROM kosh_approval WHERE id = 1`,
      `TRUNCATE kosh_approval`,
      `TRUNCATE kosh_approval, kosh_plan CASCADE`,
      `UPDATE kosh_plan SET valid = true`,
      `DELETE FROM kosh_plan`,
      `TRUNCATE kosh_plan CASCADE`,
    ]) {
      await expect(attacker.query(sql), sql).rejects.toThrow(/append-only; (UPDATE|DELETE|TRUNCATE) is not allowed/)
    }
    // Also inside a transaction that tries to commit.
    await attacker.query('BEGIN')
    await expect(attacker.query(`DELETE FROM kosh_approval`)).rejects.toThrow(/append-only/)
    await attacker.query('ROLLBACK')

    expect(await tableCounts(client)).toEqual(before)
    expect((await listApprovals(client, plan))[0]).toMatchObject({decision: 'approve', comment: 'fine'})
  })
})
