/**
 * Helpers for the store tests: a fresh, migrated database per call on the test
 * server (test/support/postgres-global-setup.ts), connected clients that are
 * closed after the file, and the inventories the tests push.
 */
import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import pg from 'pg'
import {afterAll} from 'vitest'

import {readInventoryFiles, type InventoryFiles} from '../../src/load/load-inventory.js'
import {openInventoryFolder, type OpenedInventory} from '../../src/load/open.js'
import {migrate} from '../../src/store/migrate.js'
import {createTestDatabase, type TestDatabase} from '../support/database.js'

export const REPO = fileURLToPath(new URL('../..', import.meta.url))
/** The sample inventory: a fictional Kazakh bank. */
export const SAMPLE = join(REPO, 'inventory')
export const LOAD_FIXTURES = join(REPO, 'test', 'fixtures', 'load')

/** Every inventory folder under test/fixtures/load, by case name. */
export function loadFixtureCases(): {name: string; dir: string}[] {
  return readdirSync(LOAD_FIXTURES)
    .sort()
    .map((name) => ({name, dir: join(LOAD_FIXTURES, name, 'inventory')}))
}

const databases: TestDatabase[] = []
const clients: pg.Client[] = []
afterAll(async () => {
  for (const client of clients.splice(0)) await client.end().catch(() => {})
  for (const db of databases.splice(0)) await db.drop()
})

/** A new database on the test server, dropped after the file. */
export async function emptyDatabase(prefix: string): Promise<TestDatabase> {
  const db = await createTestDatabase(prefix)
  databases.push(db)
  return db
}

/** A connected client, closed after the file. */
export async function clientOf(url: string): Promise<pg.Client> {
  const client = new pg.Client({connectionString: url})
  client.on('error', () => {})
  await client.connect()
  clients.push(client)
  return client
}

/** A new database with the kosh schema. */
export async function migratedDatabase(prefix: string): Promise<{db: TestDatabase; client: pg.Client}> {
  const db = await emptyDatabase(prefix)
  const client = await clientOf(db.url)
  await migrate(client)
  return {db, client}
}

/** A folder's files, and what `openInventoryFolder` makes of it (inventory, diagnostics). */
export async function readFolder(dir: string): Promise<OpenedInventory & {files: InventoryFiles}> {
  const {files} = await readInventoryFiles(dir)
  return {...(await openInventoryFolder(dir)), files}
}

export async function count(client: pg.Client, table: string): Promise<number> {
  const {rows} = await client.query<{n: string}>(`SELECT count(*) AS n FROM ${table}`)
  return Number(rows[0].n)
}

/** Row counts of every store table. */
export async function tableCounts(client: pg.Client): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const table of ['kosh_snapshot', 'kosh_snapshot_file', 'kosh_snapshot_record', 'kosh_plan', 'kosh_approval']) out[table] = await count(client, table)
  return out
}
