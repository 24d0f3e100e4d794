/**
 * `kosh verify` from the built CLI: an untouched plan verifies (exit 0); any
 * change to plan.json (one byte of content, its spacing, its JSON syntax, or a
 * consistent forgery with a recomputed digest that breaks a rule), to
 * waves.csv, or to the inventory makes it exit 1 and say which check failed
 * ("stale" for a changed inventory); a folder with no plan is exit 2.
 */
import {cp, mkdtemp, readFile, rm, writeFile, appendFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {documentDigest, serializePlan, type PlanDocument} from '../../src/export/plan-document.js'
import {renderWavesCsv} from '../../src/export/waves-csv.js'
import {kosh, REPO} from '../support/cli.js'

const FIXTURE = join(REPO, 'test', 'fixtures', 'plan', 'forced-order', 'inventory')

let root: string
let inventory: string
let plan: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kosh-verify-'))
  inventory = join(root, 'inventory')
  plan = join(root, 'plan')
  await cp(FIXTURE, inventory, {recursive: true})
  const run = await kosh(['plan', '--inventory', inventory, '--out', plan])
  expect(run.code, run.stderr).toBe(0)
})

afterAll(async () => {
  await rm(root, {recursive: true, force: true})
})

/** A copy of the plan folder, changed by `edit`, verified against the inventory. */
async function verifyChanged(name: string, edit: (dir: string) => Promise<void>, inventoryDir = inventory) {
  const dir = join(root, name)
  await cp(plan, dir, {recursive: true})
  await edit(dir)
  return kosh(['verify', dir, '--inventory', inventoryDir, '--json'])
}

const failed = (stdout: string) => (JSON.parse(stdout) as {checks: {check: string; ok: boolean}[]}).checks.filter((c) => !c.ok).map((c) => c.check)

describe('kosh verify', () => {
  it('an untouched plan verifies: exit 0, every check ok', async () => {
    const run = await kosh(['verify', plan, '--inventory', inventory])
    expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(run.stdout).toContain('self-digest')
    expect(run.stdout).toContain('states re-checked')
    expect(run.stdout).toContain(`${plan}: verified`)
    const json = await kosh(['verify', plan, '--inventory', inventory, '--json'])
    expect(JSON.parse(json.stdout)).toMatchObject({ok: true, stale: false})
  })

  it('one byte of content changed in plan.json: exit 1, self-digest fails', async () => {
    const run = await verifyChanged('one-byte', async (dir) => {
      const file = join(dir, 'plan.json')
      const bytes = await readFile(file)
      // The wave number of the first system row: a digit that changes the content, not the syntax.
      const at = bytes.indexOf('"wave": 1') + '"wave": '.length
      bytes[at] = '2'.charCodeAt(0)
      await writeFile(file, bytes)
    })
    expect(run.code).toBe(1)
    expect(failed(run.stdout)).toContain('self-digest')
  })

  it('a byte tampered at the start, middle or end (syntax, spacing or content): always exit 1', async () => {
    const bytes = await readFile(join(plan, 'plan.json'))
    const positions = [0, 1, 2, Math.floor(bytes.length / 3), Math.floor(bytes.length / 2), bytes.length - 3, bytes.length - 2, bytes.length - 1]
    for (const [i, at] of positions.entries()) {
      const run = await verifyChanged(`byte-${i}`, async (dir) => {
        const copy = Buffer.from(bytes)
        copy[at] = copy[at] === 0x20 ? 0x09 : copy[at] ^ 0x01
        await writeFile(join(dir, 'plan.json'), copy)
      })
      expect(run.code, `byte ${at}: ${run.stdout}${run.stderr}`).toBe(1)
    }
  })

  it('spacing changed (same JSON content): exit 1, the bytes are not canonical', async () => {
    const run = await verifyChanged('spacing', async (dir) => {
      const file = join(dir, 'plan.json')
      await writeFile(file, (await readFile(file, 'utf8')).replace('\n  "feasible"', '\n   "feasible"'))
    })
    expect(run.code).toBe(1)
    expect(failed(run.stdout)).toEqual(['self-digest'])
  })

  it('plan.json no longer JSON: exit 1 (a failed check, not unusable input)', async () => {
    const run = await verifyChanged('syntax', async (dir) => appendFile(join(dir, 'plan.json'), '}'))
    expect(run.code).toBe(1)
    expect(failed(run.stdout)).toEqual(['format'])
  })

  it('a consistent forgery (system moved, digest recomputed, waves.csv rewritten): exit 1, the states check fails', async () => {
    const run = await verifyChanged('forged', async (dir) => {
      const doc = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8')) as PlanDocument
      // crm may not move before branch-queue (flow crm-to-queue): move it to wave 1.
      const wave2 = doc.waves[1]
      const crm = wave2.systems.find((s) => s.id === 'crm')!
      wave2.systems = wave2.systems.filter((s) => s.id !== 'crm')
      doc.waves[0].systems.push(crm)
      doc.waves[0].systems.sort((a, b) => (a.id < b.id ? -1 : 1))
      const forged = {...doc, digest: documentDigest(doc)}
      await writeFile(join(dir, 'plan.json'), serializePlan(forged))
      await writeFile(join(dir, 'waves.csv'), renderWavesCsv(forged))
    })
    expect(run.code).toBe(1)
    expect(failed(run.stdout)).toEqual(['states'])
    const text = await kosh(['verify', join(root, 'forged'), '--inventory', inventory])
    expect(text.stdout).toContain('flow crm-to-queue (crm -> branch-queue) carries personal from zone tier3 to zone branch with no link approved for it')
  })

  it('waves.csv edited: exit 1, waves-csv fails', async () => {
    const run = await verifyChanged('waves-csv', async (dir) => {
      const file = join(dir, 'waves.csv')
      await writeFile(file, (await readFile(file, 'utf8')).replace('\n2,crm,', '\n1,crm,'))
    })
    expect(run.code).toBe(1)
    expect(failed(run.stdout)).toEqual(['waves-csv'])
  })

  it('the inventory changed since the plan was made: exit 1, "stale"', async () => {
    const changed = join(root, 'inventory-changed')
    await cp(inventory, changed, {recursive: true})
    await appendFile(join(changed, 'systems.csv'), 'printer,Printer,Bank IT,bank-dc,public,1,low,\n')
    const run = await kosh(['verify', plan, '--inventory', changed])
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/FAIL inventory-digest: stale: the inventory changed since the plan was made/)
    const json = await kosh(['verify', plan, '--inventory', changed, '--json'])
    expect(JSON.parse(json.stdout)).toMatchObject({ok: false, stale: true})
  })

  it('a folder with no plan: exit 2, one line, no stack trace', async () => {
    const run = await kosh(['verify', join(root, 'nothing-here'), '--inventory', inventory])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('no plan here')
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })
})
