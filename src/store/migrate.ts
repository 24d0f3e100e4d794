/**
 * Creating and upgrading the schema: apply the migrations the database has not
 * seen, each in its own transaction, under a session advisory lock so that two
 * `kosh db migrate` at once run one after the other (the second finds nothing
 * to do). A migration already applied is checked against its checksum, so an
 * edited migration is reported instead of silently skipped.
 */
import type pg from 'pg'

import {EXIT, KoshError} from '../cli/errors.js'
import {checksumOf, MIGRATIONS, SCHEMA_VERSION, type Migration} from './migrations.js'

/** Advisory lock keys: (KOSH_LOCK, object). `'kosh'` as a 32-bit integer. */
export const KOSH_LOCK = 0x6b6f7368
export const LOCK_MIGRATE = 1

export interface MigrateResult {
  /** Versions applied by this run, in order. */
  applied: {version: number; name: string}[]
  /** Schema version after the run. */
  version: number
}

const CREATE_LEDGER = `
CREATE TABLE IF NOT EXISTS kosh_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`

export async function migrate(
  client: pg.Client,
  options: {migrations?: readonly Migration[]; log?: (line: string) => void} = {},
): Promise<MigrateResult> {
  const migrations = options.migrations ?? MIGRATIONS
  const log = options.log ?? (() => {})
  await client.query('SELECT pg_advisory_lock($1, $2)', [KOSH_LOCK, LOCK_MIGRATE])
  try {
    await client.query(CREATE_LEDGER)
    const {rows} = await client.query<{version: number; name: string; checksum: string}>('SELECT version, name, checksum FROM kosh_migrations ORDER BY version')
    const known = new Map(migrations.map((m) => [m.version, m]))
    for (const row of rows) {
      const migration = known.get(row.version)
      if (!migration) {
        throw new KoshError(`the database schema is at version ${rows[rows.length - 1].version}, newer than this kosh knows (${migrations[migrations.length - 1]?.version ?? 0}); upgrade kosh`, EXIT.input)
      }
      if (checksumOf(migration) !== row.checksum) {
        throw new KoshError(`migration ${row.version} (${row.name}) in the database differs from the one in this kosh; a released migration must not be edited`, EXIT.input)
      }
    }
    const done = new Set(rows.map((r) => r.version))
    const applied: MigrateResult['applied'] = []
    for (const migration of migrations) {
      if (done.has(migration.version)) continue
      log(`applying migration ${migration.version}: ${migration.name}`)
      await client.query('BEGIN')
      try {
        await client.query(migration.sql)
        await client.query('INSERT INTO kosh_migrations (version, name, checksum) VALUES ($1, $2, $3)', [migration.version, migration.name, checksumOf(migration)])
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        const message = error instanceof Error ? error.message : String(error)
        throw new KoshError(`migration ${migration.version} (${migration.name}) failed and was rolled back: ${message}`, EXIT.input)
      }
      applied.push({version: migration.version, name: migration.name})
    }
    const version = Math.max(0, ...rows.map((r) => r.version), ...applied.map((a) => a.version))
    return {applied, version}
  } finally {
    await client.query('SELECT pg_advisory_unlock($1, $2)', [KOSH_LOCK, LOCK_MIGRATE]).catch(() => {})
  }
}

/** The schema version of the database: 0 when kosh has never migrated it. */
export async function schemaVersion(client: pg.Client): Promise<number> {
  const {rows} = await client.query<{exists: boolean}>(`SELECT to_regclass('kosh_migrations') IS NOT NULL AS exists`)
  if (!rows[0].exists) return 0
  const max = await client.query<{v: number | null}>('SELECT max(version) AS v FROM kosh_migrations')
  return max.rows[0].v ?? 0
}

/** Stop with a clear line unless the schema is exactly the one this kosh uses. */
export async function requireSchema(client: pg.Client): Promise<void> {
  const version = await schemaVersion(client)
  if (version === SCHEMA_VERSION) return
  if (version === 0) throw new KoshError('the database has no kosh schema yet; run `kosh db migrate` first', EXIT.input)
  if (version < SCHEMA_VERSION) {
    throw new KoshError(`the database schema is at version ${version}, this kosh needs ${SCHEMA_VERSION}; run \`kosh db migrate\``, EXIT.input)
  }
  throw new KoshError(`the database schema is at version ${version}, newer than this kosh knows (${SCHEMA_VERSION}); upgrade kosh`, EXIT.input)
}
