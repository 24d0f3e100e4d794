/**
 * `kosh plan` reads flows.csv for the inventory digest on a second thread
 * (src/model/digest-thread.ts) once an inventory has enough flows to be worth
 * it. Whether that thread reads the file to the end or gives up and leaves
 * the digest to the model, plan.json holds the model's digest; so does a plan
 * made from a database snapshot, whose bytes come from PostgreSQL.
 */
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {openInventoryFolder} from '../../src/load/open.js'
import {inventoryDigest} from '../../src/model/digest.js'
import {migratedDatabase} from '../store/helpers.js'
import {kosh} from '../support/cli.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kosh-digest-thread-'))
  const generated = await kosh(['generate', '--systems', '3000', '--flows', '260000', '--seed', '3', '--out', join(dir, 'inventory')])
  expect(generated.code).toBe(0)
})
afterAll(async () => {
  await rm(dir, {recursive: true, force: true})
})

async function plannedDigest(inventory: string, out: string, from: string[] = ['--inventory', inventory]): Promise<string> {
  const run = await kosh(['plan', ...from, '--out', out, '--json'])
  expect(run.code, run.stderr).toBe(0)
  return JSON.parse(await readFile(join(out, 'plan.json'), 'utf8')).inventory.digest
}

describe('the inventory digest of kosh plan at scale', () => {
  it('is the model\'s for a plan from a database snapshot of the inventory', async () => {
    const inventory = join(dir, 'inventory')
    const expected = inventoryDigest((await openInventoryFolder(inventory)).inventory)
    const {db} = await migratedDatabase('digest thread')
    const url = ['--database-url', db.url]
    expect((await kosh(['db', 'push', '--inventory', inventory, ...url])).code).toBe(0)
    expect(await plannedDigest(inventory, join(dir, 'from-db'), ['--from-db', 'latest', ...url])).toBe(expected)
  }, 60_000)

  it('is the model\'s, for the same content whether flows.csv is plain, quoted throughout, or holds what only the model reads', async () => {
    const inventory = join(dir, 'inventory')
    const expected = inventoryDigest((await openInventoryFolder(inventory)).inventory)
    expect(await plannedDigest(inventory, join(dir, 'plain'))).toBe(expected)

    const flows = await readFile(join(inventory, 'flows.csv'), 'utf8')
    const quoted = flows.trimEnd().split('\n').map((line) => line.split(',').map((cell) => `"${cell}"`).join(',')).join('\r\n') + '\r\n'
    await writeFile(join(inventory, 'flows.csv'), '\ufeff' + quoted)
    expect(await plannedDigest(inventory, join(dir, 'quoted'))).toBe(expected)

    // The Kelvin sign lower-cases to k: the model reads "bank_secret", the thread leaves it to the model.
    const [header, first, ...rest] = flows.split('\n')
    const cells = first.split(',')
    cells[3] = cells[3] === '' ? 'ban\u212a_secret' : `${cells[3]};ban\u212a_secret`
    await writeFile(join(inventory, 'flows.csv'), [header, cells.join(','), ...rest].join('\n'))
    const changed = inventoryDigest((await openInventoryFolder(inventory)).inventory)
    expect(await plannedDigest(inventory, join(dir, 'kelvin'))).toBe(changed)
  }, 60_000)
})
