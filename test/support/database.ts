/**
 * PostgreSQL helpers for tests. The server comes from ./postgres-global-setup.ts (an
 * embedded server, or the one DATABASE_URL names). Each test file creates its own
 * databases, so files running in parallel never see each other's data.
 *
 *   const db = await createTestDatabase('snapshots')
 *   afterAll(() => db.drop())
 *   // db.url: postgres://…/kosh_t_snapshots_<pid>_<n>_<rand>
 */
import {randomBytes} from 'node:crypto'

import pg from 'pg'
import {inject} from 'vitest'

import {maskUrl} from './postgres-global-setup.js'

export {maskUrl}

/** URL of the admin role (can CREATE DATABASE). Contains the password: never print it unmasked. */
export function adminUrl(): string {
  let url: string | undefined
  try {
    url = inject('kosh:pgAdminUrl')
  } catch {
    // not inside a vitest worker
  }
  url ??= process.env.KOSH_TEST_ADMIN_URL
  if (!url) {
    throw new Error('No test PostgreSQL: test/support/postgres-global-setup.ts did not run (check vitest.config.ts globalSetup)')
  }
  return url
}

/** The password in a connection URL (decoded), e.g. to assert it never appears in output. */
export function passwordOf(url: string): string {
  return decodeURIComponent(new URL(url).password)
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${encodeURIComponent(database)}`
  return u.toString()
}

export interface TestDatabase {
  /** Connection URL of the new database (same role as the admin URL). */
  url: string
  /** Its name: `kosh_t_<prefix>_<pid>_<counter>_<random>`. */
  name: string
  /** Terminate its connections and drop it. Safe to call more than once. */
  drop(): Promise<void>
}

let counter = 0

/** Lower-case letters, digits and `_` only, so the name never needs quoting; at most 63 bytes. */
function databaseName(prefix: string): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'db'
  // The random part keeps names unique across workers of other runs sharing a DATABASE_URL
  // server, and across test files reusing one worker process (module state, so counter, resets).
  const suffix = `_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`
  return `kosh_t_${clean.slice(0, 63 - 'kosh_t_'.length - suffix.length)}${suffix}`
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({connectionString: adminUrl(), connectionTimeoutMillis: 15_000})
  client.on('error', () => {}) // a terminated idle connection must not crash the worker
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end().catch(() => {})
  }
}

/** Create a fresh, empty database on the test server. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = databaseName(prefix)
  await withAdmin((client) => client.query(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`))
  let dropped = false
  return {
    name,
    url: withDatabase(adminUrl(), name),
    async drop() {
      if (dropped) return
      dropped = true
      await withAdmin(async (client) => {
        await client.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [name],
        )
        const {rows} = await client.query<{v: string}>(`select current_setting('server_version_num') as v`)
        // WITH (FORCE) (PostgreSQL 13+) also covers connections opened after the terminate above.
        const force = Number(rows[0]!.v) >= 130000 ? ' WITH (FORCE)' : ''
        await client.query(`DROP DATABASE IF EXISTS ${name}${force}`)
      })
    },
  }
}
