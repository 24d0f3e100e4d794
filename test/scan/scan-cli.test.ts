/**
 * `kosh scan` as a user runs it: the built binary (bin/run.js over dist/,
 * which `npm test` builds first; run `npm run build` before running this file
 * alone) against a seeded database, with the password in the URL. Exit codes,
 * where things are printed, the datasets.csv it merges, `kosh validate` on
 * the result, and that no seeded value and no password appear in stdout,
 * stderr or any file written.
 */
import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import {cp, mkdtemp, readFile, readdir, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {createTestDatabase, passwordOf, type TestDatabase} from '../support/database.js'
import {BIG_PHONE, seedScanDatabase, type Seeded} from './seed.js'

const REPO = fileURLToPath(new URL('../..', import.meta.url))

interface Run {
  code: number
  stdout: string
  stderr: string
}

function kosh(...args: string[]): Promise<Run> {
  if (!existsSync(join(REPO, 'dist', 'commands', 'scan.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)')
  return new Promise((resolve) => {
    // PGPASSWORD unset: the password reaches kosh only through the URL, and redaction of PGPASSWORD cannot hide a leak.
    const env = {...process.env, NO_COLOR: '1', PGPASSWORD: ''}
    execFile(process.execPath, [join(REPO, 'bin', 'run.js'), ...args], {cwd: REPO, env, maxBuffer: 64 << 20}, (error, stdout, stderr) => {
      resolve({code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr})
    })
  })
}

let db: TestDatabase
let seeded: Seeded
let dir: string
let secrets: string[]

beforeAll(async () => {
  db = await createTestDatabase('scan_cli')
  seeded = await seedScanDatabase(db.url)
  dir = await mkdtemp(join(tmpdir(), 'kosh-scan-cli-'))
  // Every seeded value as stored, and digits-only where it was printed with separators.
  const digits = seeded.values.map((v) => v.replace(/\D/g, '')).filter((v) => v.length >= 10)
  secrets = [...new Set([...seeded.values, ...digits])]
  expect(passwordOf(db.url).length).toBeGreaterThan(3)
})
afterAll(async () => {
  await db?.drop()
  if (dir) await rm(dir, {recursive: true, force: true})
})

/** No seeded value, no big-table phone and no password in any of the texts. */
function expectNoLeak(...texts: string[]): void {
  const all = texts.join('\n')
  const leaked = secrets.filter((value) => all.includes(value))
  expect(leaked).toEqual([])
  expect(all).not.toMatch(BIG_PHONE)
  expect(all).not.toContain(passwordOf(db.url))
  expect(all).not.toMatch(/^\s+at .+/m) // no stack trace
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, {recursive: true, withFileTypes: true})
  return Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), 'utf8')))
}

describe('kosh scan (built CLI)', () => {
  it('scans, skips what fails (exit 1), merges datasets.csv, and prints no value and no password anywhere', async () => {
    const out = join(dir, 'text', 'datasets.csv')
    const run = await kosh('scan', '--database-url', db.url, '--system', 'core-db', '--timeout-ms', '1000', '--concurrency', '3', '--out', out)
    expect(run.code, run.stderr).toBe(1)

    // stderr: progress, and one line per skipped relation with its SQLSTATE and a fixed reason.
    const skippedLines = run.stderr.split('\n').filter((line) => line.startsWith('kosh scan: skipped '))
    expect(skippedLines.sort()).toEqual([
      'kosh scan: skipped public.leaky (view): data exception: a value could not be computed or converted to text (22003)',
      'kosh scan: skipped public.slow (view): statement timeout after 1000 ms (57014)',
      'kosh scan: skipped public.trap (view): a write was refused by the read-only transaction (a view calling a function that writes) (25006)',
    ])
    expect(run.stderr).toMatch(/^kosh scan: 10\/\d+ relations/m)

    // stdout: the summary line, the table of reported columns, what was written.
    const lines = run.stdout.split('\n')
    expect(lines[0]).toMatch(/^core-db: postgres@127\.0\.0\.1:\d+\/kosh_t_scan_cli_\w+: \d+ relation\(s\), \d+ scanned, 3 skipped; 17 of \d+ column\(s\) reported$/)
    expect(lines).toContain('COLUMN                       CLASSES          EVIDENCE')
    expect(run.stdout).toContain('public.stats.cardinality     bank_secret      card-luhn 60/60 (1.00)')
    expect(run.stdout).toContain('shop.products.code           -                icd10 60/60 (1.00, no health context)')
    expect(run.stdout).toContain(`${out}: 17 row(s) of core-db written, 0 replaced, 0 kept`)

    const csv = await readFile(out, 'utf8')
    const rows = csv.trimEnd().split('\n')
    expect(rows[0]).toBe('system,dataset,column,classes,evidence')
    expect(rows).toContain('core-db,med.diagnoses,code,personal;health,icd10 60/60 (1.00); table-hint health (diagnoses)')
    expect(rows).toContain('core-db,"public.we""ird.table","col""umn",personal,kz-phone 60/60 (1.00)')
    expect(rows).toHaveLength(1 + 17)
    expectNoLeak(run.stdout, run.stderr, ...(await filesUnder(dir)))
  })

  it('gives one JSON document under --json: skipped relations with their codes, the rows, complete: false', async () => {
    const run = await kosh('scan', '--database-url', db.url, '--system', 'core-db', '--timeout-ms', '1000', '--json')
    expect(run.code).toBe(1)
    const result = JSON.parse(run.stdout) as {complete: boolean; skipped: {dataset: string; code: string}[]; rows: {dataset: string; column: string; classes: string}[]; connections: number}
    expect(result.complete).toBe(false)
    expect(Object.fromEntries(result.skipped.map((s) => [s.dataset, s.code]))).toEqual(seeded.skipped)
    expect(Object.fromEntries(result.rows.map((r) => [`${r.dataset}.${r.column}`, r.classes]))).toEqual(seeded.expected)
    expect(result.connections).toBeLessThanOrEqual(4)
    expectNoLeak(run.stdout, run.stderr)
  })

  it('feeds an inventory: scan into a copy of ./inventory, then kosh validate passes; a second scan gives the same bytes', async () => {
    const inventory = join(dir, 'inventory')
    await cp(join(REPO, 'inventory'), inventory, {recursive: true})
    const datasets = join(inventory, 'datasets.csv')
    const original = (await readFile(datasets, 'utf8')).trimEnd().split('\n').slice(1)
    const args = ['scan', '--database-url', db.url, '--system', 'core-banking', '--schema', 'abs', '--schema', 'med', '--out', datasets]

    const run = await kosh(...args)
    expect(run.code, run.stderr).toBe(0)
    const first = await readFile(datasets, 'utf8')
    const rows = first.trimEnd().split('\n')
    for (const row of original) expect(rows).toContain(row) // other systems' rows are kept
    expect(rows.filter((row) => row.startsWith('core-banking,')).map((row) => row.split(',').slice(1, 4).join(','))).toEqual([
      'abs.accounts,acc,bank_secret',
      'abs.cards,pan,bank_secret',
      'abs.clients,balance,bank_secret',
      'abs.clients,contact_phone,personal',
      'abs.clients,doc,personal',
      'abs.clients,mail,personal',
      'abs.clients,ref_no,personal',
      'abs.companies,counterparty,',
      'abs.events,msisdn_raw,personal',
      'abs.payments,iban,bank_secret',
      'med.diagnoses,code,personal;health',
    ])

    const validate = await kosh('validate', '--inventory', inventory)
    expect(validate.stderr).toBe('')
    expect(validate.code).toBe(0)
    expect(validate.stdout).toContain(`, ${original.length + 11} datasets,`)

    expect((await kosh(...args)).code).toBe(0)
    expect(await readFile(datasets, 'utf8')).toBe(first)
    expectNoLeak(run.stdout, run.stderr, first)
  })

  it('ends with exit 2 and one line, without the password, when it cannot connect', async () => {
    const wrong = new URL(db.url)
    wrong.password = 'wrong-password-123'
    const refused = new URL(db.url)
    refused.port = '1'
    for (const [url, message] of [
      [wrong.toString(), /^kosh: PostgreSQL at 127\.0\.0\.1:\d+ refused the password of user "postgres"\n$/],
      [refused.toString(), /^kosh: cannot reach PostgreSQL at 127\.0\.0\.1:1: connection refused; is the server running\?\n$/],
    ] as const) {
      const run = await kosh('scan', '--database-url', url, '--system', 'core-db')
      expect(run.code).toBe(2)
      expect(run.stdout).toBe('')
      expect(run.stderr).toMatch(message)
      expect(run.stderr).not.toContain('wrong-password-123')
      expectNoLeak(run.stdout, run.stderr)
    }
  })

  it('refuses to merge into a file that is not a datasets.csv, before scanning (exit 2)', async () => {
    const run = await kosh('scan', '--database-url', db.url, '--system', 'core-db', '--out', join(REPO, 'inventory', 'zones.csv'))
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/zones\.csv has no system or dataset column/)
    expectNoLeak(run.stdout, run.stderr)
  })
})
