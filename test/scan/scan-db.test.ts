/**
 * `scanDatabase` against a real PostgreSQL (the server of the vitest global
 * setup): what it finds in a seeded database, what it skips and why, that it
 * never writes, never exceeds its connection limit, stops cleanly when a
 * connection breaks, and never holds a sampled value in its result.
 */
import pg from 'pg'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {KoshError} from '../../src/cli/errors.js'
import {evidenceText} from '../../src/scan/classify-column.js'
import {APPLICATION_NAME, defaultConnector, type Connector} from '../../src/scan/connection.js'
import {datasetRows, isReported} from '../../src/scan/datasets.js'
import {inReadOnlyTransaction} from '../../src/scan/sample.js'
import {scanDatabase, type ScanResult} from '../../src/scan/scan.js'
import {createTestDatabase, passwordOf, withDatabase, type TestDatabase} from '../support/database.js'
import {contentDigest, seedScanDatabase, type Seeded} from './seed.js'

const TIMEOUT_MS = 1000

let db: TestDatabase
let seeded: Seeded
let before: Record<string, string>
let result: ScanResult

beforeAll(async () => {
  db = await createTestDatabase('scan')
  seeded = await seedScanDatabase(db.url)
  before = await contentDigest(db.url)
  result = await scanDatabase({databaseUrl: db.url, timeoutMs: TIMEOUT_MS})
})
afterAll(() => db?.drop())

const verdictOf = (key: string) => {
  const column = result.columns.find((c) => `${c.dataset}.${c.column}` === key)
  if (!column) throw new Error(`no column ${key}`)
  return column
}

describe('scanDatabase: what it finds', () => {
  it('reports exactly the seeded sensitive columns, with their classes', () => {
    const reported = Object.fromEntries(datasetRows('core-db', result.columns).map((row) => [`${row.dataset}.${row.column}`, row.classes]))
    expect(reported).toEqual(seeded.expected)
  })

  it('gives each column its evidence: detector, hits and ratio, names and table hints', () => {
    expect(evidenceText(verdictOf('abs.accounts.acc').verdict)).toBe('iban-mod97 60/60 (1.00)')
    expect(evidenceText(verdictOf('abs.payments.iban').verdict)).toMatch(/^iban-mod97 60\/60 \(1\.00\); name-hint account \(iban\)$/)
    expect(evidenceText(verdictOf('abs.clients.ref_no').verdict)).toMatch(/^iin-checksum 60\/60 \(1\.00\)/)
    expect(evidenceText(verdictOf('abs.companies.counterparty').verdict)).toMatch(/^bin-checksum 60\/60 \(1\.00\)/)
    expect(evidenceText(verdictOf('med.diagnoses.code').verdict)).toBe('icd10 60/60 (1.00); table-hint health (diagnoses)')
    expect(evidenceText(verdictOf('shop.products.code').verdict)).toBe('icd10 60/60 (1.00, no health context)')
    expect(evidenceText(verdictOf('public.empty_clients.iin').verdict)).toBe('name-hint iin')
    expect(verdictOf('public.пациенты.иин').verdict.kind).toBe('value+name')
    expect(verdictOf('public.пациенты.диагноз').verdict.kind).toBe('value+name')
  })

  it('lets the values decide over a misleading name: `cardinality` full of Luhn-valid card numbers is a card column', () => {
    // The name is not a card hint (names.ts matches whole tokens), so it neither adds nor blocks a class:
    // 60 of 60 values pass Luhn with card prefixes and lengths, which is what a column of card numbers looks like.
    const {verdict} = verdictOf('public.stats.cardinality')
    expect(verdict.classes).toEqual(['bank_secret'])
    expect(verdict.kind).toBe('value')
    expect(evidenceText(verdict)).toBe('card-luhn 60/60 (1.00)')
    expect(isReported(verdictOf('public.stats.row_count').verdict)).toBe(false)
  })

  it('does not report decoys that miss the checksums, counts, all-null and unsampled columns', () => {
    for (const column of ['code_a', 'code_b', 'code_c']) {
      const {verdict} = verdictOf(`abs.decoys.${column}`)
      expect(verdict.classes, column).toEqual([])
      expect(isReported(verdict), column).toBe(false)
      expect(verdict.sampled, column).toBe(60)
    }
    expect(verdictOf('abs.clients.legacy_code')).toMatchObject({valuesRead: true, verdict: {sampled: 0, classes: []}})
    expect(verdictOf('abs.clients.created_at')).toMatchObject({valuesRead: false, verdict: {sampled: 0}})
    expect(verdictOf('abs.clients.id').valuesRead).toBe(false) // int4 cannot hold a 12-digit IIN
    expect(verdictOf('abs.clients.balance').valuesRead).toBe(true) // numeric can
    expect(isReported(verdictOf('abs.companies.name').verdict)).toBe(false) // a company's name is not a person's
  })

  it('samples up to the limit, and a big table with TABLESAMPLE', () => {
    const events = result.relations.find((r) => r.dataset === 'abs.events')
    expect(events).toMatchObject({status: 'scanned', method: 'tablesample', rows: 200})
    expect(verdictOf('abs.events.msisdn_raw').verdict.sampled).toBe(200)
    expect(result.relations.find((r) => r.dataset === 'abs.clients')).toMatchObject({status: 'scanned', method: 'limit', rows: 60})
  })

  it('reads a partitioned table once, through its parent, and quotes awkward identifiers', () => {
    const datasets = result.relations.map((r) => r.dataset)
    expect(datasets).toContain('abs.payments')
    expect(datasets.filter((d) => d.startsWith('abs.payments_'))).toEqual([])
    expect(result.relations.find((r) => r.dataset === 'public.we"ird.table')).toMatchObject({status: 'scanned', rows: 60})
  })

  it('lists relations sorted, and the schemas it covered', () => {
    const datasets = result.relations.map((r) => r.dataset)
    expect(datasets).toEqual([...datasets].sort())
    expect(result.schemas).toEqual(['abs', 'med', 'public', 'shop'])
    expect(result.connections).toBeLessThanOrEqual(4)
  })
})

describe('scanDatabase: what it skips', () => {
  it('skips the view that times out, the view that tries to write and the view that fails, with code and a fixed reason; the rest is classified', () => {
    const skipped = Object.fromEntries(result.relations.filter((r) => r.status === 'skipped').map((r) => [r.dataset, r.code]))
    expect(skipped).toEqual(seeded.skipped)
    expect(result.relations.find((r) => r.dataset === 'public.slow')?.reason).toBe(`statement timeout after ${TIMEOUT_MS} ms (57014)`)
    expect(result.relations.find((r) => r.dataset === 'public.trap')?.reason).toBe('a write was refused by the read-only transaction (a view calling a function that writes) (25006)')
    expect(result.relations.find((r) => r.dataset === 'public.leaky')?.reason).toBe('data exception: a value could not be computed or converted to text (22003)')
    expect(result.relations.filter((r) => r.status === 'scanned').length).toBe(result.relations.length - 3)
  })

  it('never holds a sampled value, or the password, anywhere in its result', () => {
    const text = JSON.stringify(result)
    for (const value of seeded.values) expect(text.includes(value), value).toBe(false)
    expect(text).not.toContain(passwordOf(db.url))
  })
})

describe('scanDatabase: read only', () => {
  it('wrote nothing: every table has the same content, and the writing view was refused', async () => {
    expect(await contentDigest(db.url)).toEqual(before)
    expect(before['public.audit']).toMatch(/^0:/)
  })

  it('runs its queries in a read-only transaction with a statement timeout: a write fails', async () => {
    const client = await defaultConnector({connectionString: db.url})
    try {
      const settings = await inReadOnlyTransaction(client, {timeoutMs: 1234}, async () => {
        const {rows} = await client.query<{ro: string; timeout: string}>(`SELECT current_setting('transaction_read_only') AS ro, current_setting('statement_timeout') AS timeout`)
        return rows[0]
      })
      expect(settings).toEqual({ro: 'on', timeout: '1234ms'})
      await expect(inReadOnlyTransaction(client, {timeoutMs: 1000}, () => client.query(`INSERT INTO public.audit (what) VALUES ('x')`))).rejects.toMatchObject({code: '25006'})
      await expect(inReadOnlyTransaction(client, {timeoutMs: 1000}, () => client.query('CREATE TABLE public.nope (x int)'))).rejects.toMatchObject({code: '25006'})
      // The connection is usable after a failure: the transaction was rolled back.
      expect((await client.query<{one: number}>('SELECT 1 AS one')).rows).toEqual([{one: 1}])
    } finally {
      await client.end()
    }
    expect(await contentDigest(db.url)).toEqual(before)
  })
})

describe('scanDatabase: scope and errors', () => {
  it('scans only the schemas given', async () => {
    const med = await scanDatabase({databaseUrl: db.url, schemas: ['med'], timeoutMs: TIMEOUT_MS})
    expect(med.schemas).toEqual(['med'])
    expect(med.relations.map((r) => r.dataset)).toEqual(['med.diagnoses'])
    expect(med.connections).toBe(1)
  })

  it('refuses a schema that does not exist (exit 2), naming it', async () => {
    const error = await scanDatabase({databaseUrl: db.url, schemas: ['med', 'nosuch'], timeoutMs: TIMEOUT_MS}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KoshError)
    expect(error).toMatchObject({exitCode: 2, message: expect.stringContaining('no schema "nosuch"')})
  })

  it('turns connection failures into one line, exit 2, without the password', async () => {
    const password = passwordOf(db.url)
    const wrong = new URL(db.url)
    wrong.password = 'not-the-password-42'
    const refused = new URL(db.url)
    refused.port = '1'
    const cases: [string, RegExp][] = [
      [wrong.toString(), /refused the password of user "postgres"/],
      [withDatabase(db.url, 'kosh_no_such_db'), /the database "kosh_no_such_db" does not exist/],
      [refused.toString(), /connection refused/],
      ['postgres://u:secret-pw@no-such-host.invalid:5432/db', /is not known/],
      ['mysql://u:secret-pw@localhost/db', /is a mysql: URL/],
      ['not a url secret-pw', /is not a URL/],
    ]
    for (const [url, expected] of cases) {
      const error = (await scanDatabase({databaseUrl: url}).catch((e: unknown) => e)) as KoshError
      expect(error, url.replace(password, '***')).toBeInstanceOf(KoshError)
      expect(error.exitCode).toBe(2)
      expect(error.message).toMatch(expected)
      expect(error.message).not.toContain('\n')
      for (const secret of [password, 'not-the-password-42', 'secret-pw']) expect(error.message).not.toContain(secret)
    }
  })
})

describe('scanDatabase: bounded concurrency', () => {
  let slow: TestDatabase
  const VIEWS = 12

  beforeAll(async () => {
    slow = await createTestDatabase('scan_conc')
    const client = new pg.Client({connectionString: slow.url})
    await client.connect()
    for (let i = 1; i <= VIEWS; i++) await client.query(`CREATE VIEW v${String(i).padStart(2, '0')} AS SELECT pg_sleep(0.25)::text AS phone`)
    await client.end()
  })
  afterAll(() => slow?.drop())

  /** Connections open at once, counted by a connector that wraps the real one. */
  function countingConnector(): {connector: Connector; opened: () => number; maxOpen: () => number} {
    let open = 0
    let max = 0
    let opened = 0
    const connector: Connector = async (config) => {
      const client = await defaultConnector(config)
      opened++
      max = Math.max(max, ++open)
      const end = client.end.bind(client)
      client.end = (async () => {
        open--
        return end()
      }) as typeof client.end
      return client
    }
    return {connector, opened: () => opened, maxOpen: () => max}
  }

  /** Poll pg_stat_activity from another connection while `work` runs: the most scan backends seen, and the most running a query. */
  async function watch<T>(database: string, work: () => Promise<T>): Promise<{value: T; connected: number; active: number}> {
    const observer = new pg.Client({connectionString: slow.url})
    await observer.connect()
    let connected = 0
    let active = 0
    let running = true
    const poll = (async () => {
      while (running) {
        const {rows} = await observer.query<{connected: number; active: number}>(
          `SELECT count(*)::int AS connected, count(*) FILTER (WHERE state = 'active')::int AS active
             FROM pg_stat_activity WHERE datname = $1 AND application_name = $2`,
          [database, APPLICATION_NAME],
        )
        connected = Math.max(connected, rows[0]!.connected)
        active = Math.max(active, rows[0]!.active)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    })()
    try {
      const value = await work()
      return {value, connected, active}
    } finally {
      running = false
      await poll
      await observer.end()
    }
  }

  it('never opens more connections than --concurrency, and uses them in parallel', async () => {
    const counting = countingConnector()
    const {value, connected, active} = await watch(slow.name, () => scanDatabase({databaseUrl: slow.url, concurrency: 3, timeoutMs: 5000, connector: counting.connector}))
    expect(value.relations.filter((r) => r.status === 'scanned')).toHaveLength(VIEWS)
    expect(value.connections).toBe(3)
    expect(counting.opened()).toBe(3)
    expect(counting.maxOpen()).toBe(3)
    expect(connected).toBeLessThanOrEqual(3)
    expect(active).toBeLessThanOrEqual(3)
    expect(active).toBeGreaterThanOrEqual(2)
  })

  it('uses one connection with --concurrency 1', async () => {
    const counting = countingConnector()
    const {connected, active} = await watch(slow.name, () => scanDatabase({databaseUrl: slow.url, concurrency: 1, schemas: ['public'], connector: counting.connector}))
    expect(counting.opened()).toBe(1)
    expect(connected).toBeLessThanOrEqual(1)
    expect(active).toBeLessThanOrEqual(1)
  })

  it('stops scheduling when a connection breaks, lets the others finish, and ends with exit 2', async () => {
    const killer = new pg.Client({connectionString: slow.url})
    await killer.connect()
    const progress: number[] = []
    const scan = scanDatabase({databaseUrl: slow.url, concurrency: 2, timeoutMs: 5000, onProgress: (p) => progress.push(p.done)}).catch((e: unknown) => e)
    // Wait until the scan is sampling (not connecting or reading the catalog), then end its backends.
    const sampling = `FROM pg_stat_activity WHERE datname = $1 AND application_name = $2 AND state = 'active' AND query LIKE 'SELECT left(%'`
    for (let i = 0; i < 500; i++) {
      const {rows} = await killer.query<{n: number}>(`SELECT count(*)::int AS n ${sampling}`, [slow.name, APPLICATION_NAME])
      if (rows[0]!.n > 0) break
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    await killer.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2`, [slow.name, APPLICATION_NAME])
    await killer.end()
    const error = (await scan) as KoshError
    expect(error).toBeInstanceOf(KoshError)
    expect(error.exitCode).toBe(2)
    expect(error.message).toMatch(/^the scan of .* stopped: (the connection was closed by the server \(57P01\)|the connection to PostgreSQL was lost \(connection-lost\)) while reading public\.v\d\d; nothing was written$/)
    expect(progress.length).toBeLessThan(VIEWS)
  })
})
