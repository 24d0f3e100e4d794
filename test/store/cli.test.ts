/**
 * The `kosh db` commands as a user runs them: the built binary (bin/run.js
 * over dist/, which `npm test` builds; run `npm run build` first when running
 * this file alone) against the test server. Bad connections exit 2 with one
 * line, and no output ever holds a password, right or wrong.
 */
import {execFile} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {serializePlan} from '../../src/export/plan-document.js'
import {openInventoryFolder} from '../../src/load/open.js'
import {inventoryDigest} from '../../src/model/digest.js'
import {runPlan} from '../../src/plan/run.js'
import {savePlan} from '../../src/store/plans.js'
import {passwordOf} from '../support/database.js'
import {clientOf, emptyDatabase, REPO, SAMPLE} from './helpers.js'

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** Every output of every run in this file, searched for passwords at the end. */
const outputs: string[] = []
const secrets = new Set<string>()

function kosh(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  if (!existsSync(join(REPO, 'dist', 'commands', 'db', 'push.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)')
  const childEnv: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1'}
  for (const name of ['DATABASE_URL', 'PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE']) delete childEnv[name]
  for (const [name, value] of Object.entries(env)) if (value !== undefined) childEnv[name] = value
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO, 'bin', 'run.js'), ...args], {cwd: REPO, env: childEnv, maxBuffer: 64 << 20}, (error, stdout, stderr) => {
      outputs.push(stdout, stderr)
      resolve({code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr})
    })
  })
}

function withPassword(url: string, password: string): string {
  const u = new URL(url)
  u.password = encodeURIComponent(password)
  return u.toString()
}

const temps: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kosh-store-cli-'))
  temps.push(dir)
  return dir
}

afterAll(() => {
  for (const dir of temps) rmSync(dir, {recursive: true, force: true})
})

/** One line on stderr naming the problem, nothing on stdout, exit 2, no stack trace. */
function expectOneLineFailure(run: Run, pattern: RegExp): void {
  expect(run.code).toBe(2)
  expect(run.stdout).toBe('')
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1)
  expect(run.stderr.trimEnd()).toMatch(pattern)
  expect(run.stderr).not.toMatch(/^\s+at .+/m)
}

describe('kosh db: connection failures', () => {
  it('a wrong password exits 2 with one line that holds neither password', async () => {
    const db = await emptyDatabase('cli wrong password')
    const good = passwordOf(db.url)
    const wrong = 'Wr0ng-Pa55word-for-kosh'
    secrets.add(wrong)
    if (good) secrets.add(good)

    const url = withPassword(db.url, wrong)
    const viaFlag = await kosh(['db', 'migrate', '--database-url', url])
    if (viaFlag.code === 0) return // the server trusts this client without a password: nothing to refuse
    expectOneLineFailure(viaFlag, /^kosh: PostgreSQL at .+ refused the password of user ".+" \(from --database-url\)$/)

    expectOneLineFailure(await kosh(['db', 'push', '--inventory', SAMPLE], {DATABASE_URL: url}), /refused the password .*\(from DATABASE_URL\)/)

    const u = new URL(db.url)
    const pgEnv = {PGHOST: u.hostname, PGPORT: u.port, PGUSER: decodeURIComponent(u.username), PGDATABASE: db.name, PGPASSWORD: wrong}
    expectOneLineFailure(await kosh(['db', 'snapshots'], pgEnv), /refused the password .*\(from PG\* variables\)/)

    const json = await kosh(['db', 'migrate', '--json', '--database-url', url])
    expect(json.code).toBe(2)
    expect(JSON.parse(json.stdout)).toMatchObject({error: {exitCode: 2, message: expect.stringMatching(/refused the password/)}})
  })

  it('an unreachable server, an unknown host and a missing database exit 2 with one line', async () => {
    const db = await emptyDatabase('cli unreachable')
    const closed = new URL(db.url)
    closed.port = '1'
    expectOneLineFailure(await kosh(['db', 'migrate', '--database-url', closed.toString()]), /^kosh: cannot reach PostgreSQL at .+:1: connection refused/)
    const missing = new URL(db.url)
    missing.pathname = '/kosh_no_such_database'
    expectOneLineFailure(await kosh(['db', 'migrate', '--database-url', missing.toString()]), /^kosh: the database "kosh_no_such_database" does not exist on /)
    const unknown = new URL(db.url)
    unknown.hostname = 'no-such-host.invalid'
    expectOneLineFailure(await kosh(['db', 'migrate', '--database-url', unknown.toString()]), /^kosh: cannot reach PostgreSQL: the host "no-such-host.invalid" is not known/)
    expectOneLineFailure(await kosh(['db', 'migrate', '--database-url', 'mysql://root:Hunter2-secret@x/db']), /^kosh: --database-url is a mysql: URL/)
    secrets.add('Hunter2-secret')
  })

  it('a database without the schema says to migrate', async () => {
    const db = await emptyDatabase('cli no schema')
    expectOneLineFailure(await kosh(['db', 'push', '--inventory', SAMPLE], {DATABASE_URL: db.url}), /^kosh: the database has no kosh schema yet; run `kosh db migrate` first$/)
  })
})

describe('kosh db: a team workflow', () => {
  // One database, used by the steps below in order (vitest runs a file's tests one after another).
  let env: Record<string, string>
  let url: string
  let snapshot: {id: number; digest: string; short: string}
  let digest: string
  beforeAll(async () => {
    const db = await emptyDatabase('cli workflow')
    url = db.url
    if (passwordOf(url)) secrets.add(passwordOf(url))
    env = {DATABASE_URL: url}
    digest = inventoryDigest((await openInventoryFolder(SAMPLE)).inventory)
  })

  it('migrate, twice', async () => {
    const migrate = await kosh(['db', 'migrate'], env)
    expect(migrate.code).toBe(0)
    expect(migrate.stdout).toMatch(/schema now at version \d+ \(applied 1, 2\)/)
    expect((await kosh(['db', 'migrate'], env)).stdout).toMatch(/schema up to date/)
  })

  it('push, twice: one snapshot', async () => {
    const push = await kosh(['db', 'push', '--inventory', SAMPLE, '--json'], env)
    expect(push.code).toBe(0)
    const pushed = JSON.parse(push.stdout) as {snapshot: typeof snapshot; created: boolean; records: number}
    expect(pushed).toMatchObject({created: true, records: 227, snapshot: {digest}})
    snapshot = pushed.snapshot
    const again = await kosh(['db', 'push', '--inventory', SAMPLE], env)
    expect(again.stdout).toBe(`${SAMPLE}: the database already holds this inventory as snapshot #${snapshot.id} ${snapshot.short}; nothing written\n`)
    expect((await kosh(['db', 'snapshots'], env)).stdout).toMatch(new RegExp(`^#${snapshot.id} ${snapshot.short}  inventory  64 systems, 125 flows`))
  })

  it('validate --from-db', async () => {
    const validate = await kosh(['validate', '--from-db', 'latest'], env)
    expect(validate).toMatchObject({code: 0, stdout: `db:#${snapshot.id}: valid. 11 zones, 16 links, 64 systems, 125 flows, 10 datasets, 1 waivers\n`})
    expect(JSON.parse((await kosh(['validate', '--from-db', snapshot.short, '--json'], env)).stdout)).toMatchObject({valid: true, inventory: `db:#${snapshot.id}`})
    expectOneLineFailure(await kosh(['validate', '--from-db', '#999'], env), /^kosh: no snapshot #999 in the database/)
  })

  it('pull: a folder that validates with the same digest; a non-empty folder only with --force', async () => {
    const out = join(tempDir(), 'pulled')
    expect((await kosh(['db', 'pull', 'latest', '--out', out], env)).code).toBe(0)
    const pulled = await openInventoryFolder(out)
    expect(pulled.diagnostics).toEqual([])
    expect(inventoryDigest(pulled.inventory)).toBe(digest)
    expect((await kosh(['validate', '--inventory', out], env)).code).toBe(0)
    expectOneLineFailure(await kosh(['db', 'pull', 'latest', '--out', out], env), /is not empty \(.+\); pass --force to replace it/)
    writeFileSync(join(out, 'stray.txt'), 'left from before')
    expect((await kosh(['db', 'pull', `#${snapshot.id}`, '--out', out, '--force'], env)).code).toBe(0)
    expect(existsSync(join(out, 'stray.txt'))).toBe(false)
    expect(inventoryDigest((await openInventoryFolder(out)).inventory)).toBe(digest)
  })

  it('plan --from-db gives the bytes the folder gives; --save stores the plan once', async () => {
    const fromFiles = join(tempDir(), 'files')
    const fromDb = join(tempDir(), 'db')
    expect((await kosh(['plan', '--inventory', SAMPLE, '--out', fromFiles], env)).code).toBe(0)
    const saved = await kosh(['plan', '--from-db', 'latest', '--out', fromDb, '--save', '--json'], env)
    expect(saved.code).toBe(0)
    const result = JSON.parse(saved.stdout) as {inventoryDigest: string; planDigest: string; saved: {created: boolean; digest: string}}
    expect(result.inventoryDigest).toBe(digest)
    expect(result.saved).toMatchObject({created: true, digest: result.planDigest})
    for (const file of ['plan.json', 'waves.csv', 'plan.md', 'plan.html']) {
      expect(readFileSync(join(fromDb, file), 'utf8'), file).toBe(readFileSync(join(fromFiles, file), 'utf8'))
    }
    const again = await kosh(['plan', '--inventory', SAMPLE, '--out', fromFiles, '--force', '--save', '--json'], env)
    expect(JSON.parse(again.stdout).saved).toMatchObject({created: false, digest: result.planDigest})
    for (const command of [['classify'], ['check', '--today', '2026-11-25']]) {
      const files = await kosh([...command, '--inventory', SAMPLE, '--json'], env)
      const db = await kosh([...command, '--from-db', 'latest', '--json'], env)
      expect(db.code, command[0]).toBe(files.code)
    }
  })

  it('approve a saved plan; plans and approvals show the log', async () => {
    // plan --save calls savePlanToStore, which calls savePlan
    const client = await clientOf(url)
    const {plan} = await savePlan(client, {planJson: serializePlan(runPlan((await openInventoryFolder(SAMPLE)).inventory, {}).document)})
    const approve = await kosh(['db', 'approve', plan.short, '--reviewer', 'Нұрлан Ә.', '--decision', 'approve', '--comment', 'agreed, wave 1 first'], env)
    expect(approve).toMatchObject({code: 0, stdout: `plan #${plan.id} ${plan.short}: approved by Нұрлан Ә. (log entry 1)\n`})
    const maybe = await kosh(['db', 'approve', 'latest', '--reviewer', 'x', '--decision', 'maybe', '--comment', 'c'], env)
    expect(maybe.code).toBe(2)
    expect(maybe.stderr).toContain('Expected --decision=maybe to be one of: approve, reject')
    const plans = JSON.parse((await kosh(['db', 'plans', '--json'], env)).stdout) as {plans: {id: number; snapshot: {id: number}; approvals: {decision: string; reviewer: string}[]}[]}
    // The plan saved by plan --save above is this same plan (same inventory, same options).
    expect(plans.plans).toHaveLength(1)
    expect(plans.plans[0]).toMatchObject({id: plan.id, snapshot: {id: snapshot.id}, approvals: [{decision: 'approve', reviewer: 'Нұрлан Ә.'}]})
    expect((await kosh(['db', 'approvals', 'latest'], env)).stdout).toContain('approve  Нұрлан Ә.')
  })
})

describe('kosh db: passwords', () => {
  it('appear in no output of any run above', () => {
    expect(outputs.length).toBeGreaterThan(20)
    expect(secrets.size).toBeGreaterThan(1)
    for (const secret of secrets) {
      const leaks = outputs.filter((output) => output.includes(secret))
      expect(leaks, 'outputs holding a password').toEqual([])
    }
  })
})
