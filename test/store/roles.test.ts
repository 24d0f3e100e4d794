/**
 * The set-up docs/database.md recommends: the tables' owner runs `db migrate`,
 * the team uses a role granted SELECT and INSERT only. That role can push,
 * save plans and approve, and cannot change the log by any route: not UPDATE,
 * DELETE or TRUNCATE (trigger and privileges), not switching the trigger off
 * (only the owner may ALTER TABLE).
 */
import {randomBytes} from 'node:crypto'

import {afterAll, describe, expect, it} from 'vitest'

import {serializePlan} from '../../src/export/plan-document.js'
import {openInventoryFolder} from '../../src/load/open.js'
import {runPlan} from '../../src/plan/run.js'
import {approvePlan, savePlan} from '../../src/store/plans.js'
import {pushSnapshot} from '../../src/store/snapshots.js'
import {openFolderForPush} from '../../src/store/source.js'
import {adminUrl, type TestDatabase} from '../support/database.js'
import {clientOf, migratedDatabase, SAMPLE} from './helpers.js'

const role = `kosh_t_team_${process.pid}_${randomBytes(3).toString('hex')}`
const password = `team-${randomBytes(6).toString('hex')}`
let database: TestDatabase | undefined

// Roles belong to the whole server: drop the database holding the role's grants, then the role.
afterAll(async () => {
  if (!database) return
  await database.drop()
  const admin = await clientOf(adminUrl())
  await admin.query(`DROP ROLE IF EXISTS ${role}`)
})

async function mayCreateRoles(): Promise<boolean> {
  const admin = await clientOf(adminUrl())
  const {rows} = await admin.query<{ok: boolean}>('SELECT rolsuper OR rolcreaterole AS ok FROM pg_roles WHERE rolname = current_user')
  return rows[0].ok
}

describe('a team role with SELECT and INSERT only', () => {
  it('pushes, saves and approves, and cannot change the log', async (context) => {
    if (!(await mayCreateRoles())) context.skip() // DATABASE_URL's role may not create roles
    const {db, client: owner} = await migratedDatabase('roles')
    database = db
    await owner.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`)
    await owner.query(`GRANT SELECT, INSERT ON kosh_snapshot, kosh_snapshot_file, kosh_snapshot_record, kosh_plan, kosh_approval TO ${role}`)
    await owner.query(`GRANT SELECT ON kosh_migrations TO ${role}`)

    const url = new URL(db.url)
    url.username = role
    url.password = password
    const team = await clientOf(url.toString())
    const {snapshot} = await pushSnapshot(team, await openFolderForPush(SAMPLE))
    const {plan} = await savePlan(team, {planJson: serializePlan(runPlan((await openInventoryFolder(SAMPLE)).inventory, {}).document)})
    expect(plan.snapshot?.id).toBe(snapshot.id)
    await approvePlan(team, plan, {reviewer: 'team', decision: 'approve', comment: 'ok'})

    for (const [sql, error] of [
      ['ALTER TABLE kosh_approval DISABLE TRIGGER ALL', /must be owner of table kosh_approval/],
      ['DROP TRIGGER kosh_approval_append_only ON kosh_approval', /must be owner of (table|relation) kosh_approval/],
      [`UPDATE kosh_approval SET decision = 'reject'`, /permission denied for table kosh_approval/],
      ['DELETE FROM kosh_approval', /permission denied for table kosh_approval/],
      ['TRUNCATE kosh_approval', /permission denied for table kosh_approval/],
      ['DELETE FROM kosh_snapshot_record', /permission denied for table kosh_snapshot_record/],
    ] as const) {
      await expect(team.query(sql), sql).rejects.toThrow(error)
    }
    const {rows} = await owner.query<{n: string}>('SELECT count(*) AS n FROM kosh_approval')
    expect(Number(rows[0].n)).toBe(1)
  })
})
