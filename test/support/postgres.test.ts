import pg from 'pg'
import {afterAll, describe, expect, it} from 'vitest'

import {adminUrl, createTestDatabase, maskUrl, passwordOf, type TestDatabase} from './database.js'

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({connectionString: url})
  await client.connect()
  try {
    return (await client.query<T>(sql)).rows
  } finally {
    await client.end()
  }
}

describe('test PostgreSQL server', () => {
  const created: TestDatabase[] = []
  afterAll(async () => {
    for (const db of created) await db.drop()
  })

  it('answers in a fresh database of its own', async () => {
    const db = await createTestDatabase('support smoke')
    created.push(db)
    expect(db.name).toMatch(/^kosh_t_support_smoke_\d+_\d+_[0-9a-f]{6}$/)

    const [row] = await query<{user: string; version: string; db: string; tables: string}>(
      db.url,
      `select current_user as user, version() as version, current_database() as db,
              (select count(*) from pg_tables where schemaname = 'public') as tables`,
    )
    expect(row!.version).toMatch(/^PostgreSQL \d+/)
    expect(row!.user).toBe(decodeURIComponent(new URL(adminUrl()).username))
    expect(row!.db).toBe(db.name)
    expect(Number(row!.tables)).toBe(0)
  })

  it('gives every caller a distinct database, and drop removes it', async () => {
    const a = await createTestDatabase('support_pair')
    const b = await createTestDatabase('support_pair')
    created.push(a, b)
    expect(a.name).not.toBe(b.name)
    expect(a.url).not.toBe(b.url)

    await query(a.url, 'create table only_in_a (id int)')
    const [inB] = await query<{n: string}>(b.url, `select count(*) as n from pg_tables where tablename = 'only_in_a'`)
    expect(Number(inB!.n)).toBe(0)

    // drop() works with a connection still open, and can be called again
    const open = new pg.Client({connectionString: a.url})
    open.on('error', () => {})
    await open.connect()
    await a.drop()
    await a.drop()
    await open.end().catch(() => {})
    const [left] = await query<{n: string}>(adminUrl(), `select count(*) as n from pg_database where datname = '${a.name}'`)
    expect(Number(left!.n)).toBe(0)
  })

  it('masks the password in URLs meant for output', () => {
    const url = adminUrl()
    const secret = passwordOf(url)
    expect(secret).not.toBe('')
    expect(maskUrl(url)).not.toContain(secret)
    expect(maskUrl(url)).toContain('***')
  })
})
