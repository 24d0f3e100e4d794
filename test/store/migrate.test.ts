/**
 * `db migrate` against the real server: a fresh database gets the whole schema,
 * a second run changes nothing, two runs at once apply each migration once,
 * and the other commands refuse a database without (or with another) schema.
 */
import {describe, expect, it} from 'vitest'

import {KoshError} from '../../src/cli/errors.js'
import {MIGRATIONS, SCHEMA_VERSION} from '../../src/store/migrations.js'
import {migrate, requireSchema, schemaVersion} from '../../src/store/migrate.js'
import {clientOf, emptyDatabase} from './helpers.js'

async function ledger(url: string): Promise<{version: number; name: string}[]> {
  const client = await clientOf(url)
  const {rows} = await client.query<{version: number; name: string}>('SELECT version, name FROM kosh_migrations ORDER BY version')
  return rows
}

describe('db migrate', () => {
  it('creates the schema on a fresh database, and a second run applies nothing', async () => {
    const db = await emptyDatabase('migrate twice')
    const client = await clientOf(db.url)
    await expect(requireSchema(client)).rejects.toThrow(/no kosh schema yet; run `kosh db migrate`/)

    const first = await migrate(client)
    expect(first.applied.map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version))
    expect(first.version).toBe(SCHEMA_VERSION)
    await requireSchema(client)

    const second = await migrate(client)
    expect(second).toEqual({applied: [], version: SCHEMA_VERSION})
    expect(await ledger(db.url)).toEqual(MIGRATIONS.map((m) => ({version: m.version, name: m.name})))
  })

  it('applies each migration once when two processes migrate at the same moment', async () => {
    const db = await emptyDatabase('migrate concurrent')
    const [a, b, c] = await Promise.all([clientOf(db.url), clientOf(db.url), clientOf(db.url)])
    const results = await Promise.all([migrate(a), migrate(b), migrate(c)])
    const applied = results.flatMap((r) => r.applied.map((m) => m.version)).sort()
    expect(applied).toEqual(MIGRATIONS.map((m) => m.version))
    expect(results.every((r) => r.version === SCHEMA_VERSION)).toBe(true)
    expect(await ledger(db.url)).toHaveLength(MIGRATIONS.length)
  })

  it('upgrades a database left at an older version', async () => {
    const db = await emptyDatabase('migrate upgrade')
    const client = await clientOf(db.url)
    await migrate(client, {migrations: MIGRATIONS.slice(0, 1)})
    expect(await schemaVersion(client)).toBe(1)
    await expect(requireSchema(client)).rejects.toThrow(`schema is at version 1, this kosh needs ${SCHEMA_VERSION}`)
    const result = await migrate(client)
    expect(result.applied.map((m) => m.version)).toEqual(MIGRATIONS.slice(1).map((m) => m.version))
  })

  it('rolls back a failing migration and records nothing for it', async () => {
    const db = await emptyDatabase('migrate failing')
    const client = await clientOf(db.url)
    const broken = [...MIGRATIONS, {version: 99, name: 'broken', sql: 'CREATE TABLE kosh_half (id int); SELECT no_such_function();'}]
    const error = await migrate(client, {migrations: broken}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KoshError)
    expect((error as KoshError).message).toMatch(/^migration 99 \(broken\) failed and was rolled back: /)
    expect(await schemaVersion(client)).toBe(SCHEMA_VERSION)
    const {rows} = await client.query(`SELECT to_regclass('kosh_half') AS t`)
    expect(rows[0].t).toBeNull()
  })

  it('refuses an edited migration and a schema newer than this kosh', async () => {
    const db = await emptyDatabase('migrate checksum')
    const client = await clientOf(db.url)
    await migrate(client)
    const edited = MIGRATIONS.map((m) => (m.version === 1 ? {...m, sql: `${m.sql}\n-- edited`} : m))
    await expect(migrate(client, {migrations: edited})).rejects.toThrow('migration 1 (snapshots) in the database differs from the one in this kosh')

    await client.query(`INSERT INTO kosh_migrations (version, name, checksum) VALUES (${SCHEMA_VERSION + 1}, 'future', 'x')`)
    await expect(requireSchema(client)).rejects.toThrow('newer than this kosh knows')
    await expect(migrate(client)).rejects.toThrow('newer than this kosh knows')
  })
})
