import fc from 'fast-check'
import {mkdtemp, mkdir, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {generateInventory, type GenerateOptions} from '../../src/generate/generate.js'
import {OutputExistsError, writeInventoryFolder} from '../../src/generate/write.js'
import {openInventoryFolder} from '../../src/load/open.js'
import {closeClasses, isSensitive, type DataClass, type Inventory} from '../../src/model/inventory.js'

let scratch: string
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'kosh-generate-'))
})
afterAll(async () => {
  await rm(scratch, {recursive: true, force: true})
})

let folders = 0
async function generateFolder(options: GenerateOptions): Promise<string> {
  const out = join(scratch, `inv-${++folders}`)
  await writeInventoryFolder(out, generateInventory(options))
  return out
}

/** Every file's text, by name, straight from the generator. */
function texts(options: GenerateOptions): Record<string, string> {
  const result: Record<string, string> = {}
  for (const file of generateInventory(options).files) result[file.name] = Buffer.concat([...file.chunks()].map((c) => c.bytes)).toString('utf8')
  return result
}

/** `after` is acyclic: Kahn's algorithm consumes every system. */
function afterIsAcyclic(inventory: Inventory): boolean {
  const waiting = new Map(inventory.systems.map((s) => [s.id, s.after.length]))
  const dependants = new Map<string, string[]>()
  for (const s of inventory.systems) for (const a of s.after) dependants.set(a, [...(dependants.get(a) ?? []), s.id])
  const ready = inventory.systems.filter((s) => s.after.length === 0).map((s) => s.id)
  let done = 0
  while (ready.length > 0) {
    const id = ready.pop()!
    done++
    for (const next of dependants.get(id) ?? []) {
      const left = waiting.get(next)! - 1
      waiting.set(next, left)
      if (left === 0) ready.push(next)
    }
  }
  return done === inventory.systems.length
}

/** Effective classes (SPEC section 3): declared + datasets + every flow in or out; an empty flow carries all its source holds. */
function effectiveClasses(inventory: Inventory): Map<string, Set<DataClass>> {
  const held = new Map(inventory.systems.map((s) => [s.id, new Set(closeClasses(s.classes))]))
  for (const d of inventory.datasets) for (const c of closeClasses(d.classes)) held.get(d.system)!.add(c)
  for (const f of inventory.flows) {
    for (const c of closeClasses(f.classes)) {
      held.get(f.source)!.add(c)
      held.get(f.target)!.add(c)
    }
  }
  const empty = inventory.flows.filter((f) => f.classes.length === 0)
  for (let changed = true; changed; ) {
    changed = false
    for (const f of empty) {
      const target = held.get(f.target)!
      for (const c of held.get(f.source)!) if (!target.has(c)) (target.add(c), (changed = true))
    }
  }
  return held
}

/** R4: flows carrying a sensitive class between different owners that lack a legal basis. */
function r4Violations(inventory: Inventory): string[] {
  const held = effectiveClasses(inventory)
  const owner = new Map(inventory.systems.map((s) => [s.id, s.owner]))
  return inventory.flows
    .filter((f) => owner.get(f.source) !== owner.get(f.target))
    .filter((f) => [...(f.classes.length > 0 ? closeClasses(f.classes) : held.get(f.source)!)].some(isSensitive))
    .filter((f) => !f.legalBasis || f.legalBasis === 'none')
    .map((f) => f.id)
}

describe('generateInventory', () => {
  it('gives the same bytes for the same seed and different bytes for another', () => {
    const a = texts({systems: 800, flows: 4000, seed: 42})
    const b = texts({systems: 800, flows: 4000, seed: 42})
    const c = texts({systems: 800, flows: 4000, seed: 43})
    expect(Object.keys(a)).toEqual(['zones.csv', 'links.csv', 'systems.csv', 'flows.csv', 'datasets.csv', 'waivers.csv'])
    expect(b).toEqual(a)
    expect(c['systems.csv']).not.toEqual(a['systems.csv'])
    expect(c['flows.csv']).not.toEqual(a['flows.csv'])
  })

  it('writes the same bytes it generates, one file per inventory file', async () => {
    const options = {systems: 300, flows: 1500, seed: 9}
    const out = await generateFolder(options)
    const expected = texts(options)
    expect((await readdir(out)).sort()).toEqual(Object.keys(expected).sort())
    for (const [name, text] of Object.entries(expected)) expect(await readFile(join(out, name), 'utf8')).toBe(text)
  })

  it('writes exactly N systems and M flows that load with no diagnostic, no after cycle and R4 holding', async () => {
    const out = await generateFolder({systems: 2000, flows: 10_000, seed: 1})
    const {inventory, diagnostics} = await openInventoryFolder(out)
    expect(diagnostics).toEqual([])
    expect(inventory.systems).toHaveLength(2000)
    expect(inventory.flows).toHaveLength(10_000)
    expect(inventory.systems[0].id).toBe('sys-0001')
    expect(inventory.flows[9999].id).toBe('flow-10000')
    expect(afterIsAcyclic(inventory)).toBe(true)
    expect(r4Violations(inventory)).toEqual([])
  })

  it('has the shape a planner is benchmarked on', async () => {
    const generated = generateInventory({systems: 2000, flows: 10_000, seed: 1})
    const out = join(scratch, 'shape')
    await writeInventoryFolder(out, generated)
    const {inventory} = await openInventoryFolder(out)
    const byId = new Map(inventory.systems.map((s) => [s.id, s]))
    const zone = new Map(inventory.zones.map((z) => [z.id, z]))

    expect(inventory.zones.filter((z) => z.role === 'target')).toHaveLength(1)
    expect(inventory.zones.filter((z) => z.country !== 'KZ' && z.approvedClasses.some(isSensitive))).toEqual([])
    // Today's violations: systems in the foreign zone holding personal data, bound for the Tier-III zone.
    const foreign = inventory.systems.filter((s) => zone.get(s.zone)!.country !== 'KZ')
    expect(foreign.map((s) => s.id)).toEqual(generated.summary.foreign)
    expect(foreign.length).toBeGreaterThanOrEqual(3)
    for (const s of foreign) expect(closeClasses(s.classes)).toContain('personal')
    // Every system declares a class; about a fifth of the flows leave classes empty.
    expect(inventory.systems.every((s) => s.classes.length > 0)).toBe(true)
    const emptyShare = inventory.flows.filter((f) => f.classes.length === 0).length / inventory.flows.length
    expect(emptyShare).toBeGreaterThan(0.12)
    expect(emptyShare).toBeLessThan(0.28)
    // Tight flows join systems of one group and environment, none pinned, retained or in an after chain.
    const tight = inventory.flows.filter((f) => f.coupling === 'tight')
    expect(tight.length).toBeGreaterThan(0)
    for (const f of tight) {
      const [a, b] = [byId.get(f.source)!, byId.get(f.target)!]
      expect(a.group && a.group === b.group && a.environment === b.environment).toBeTruthy()
      for (const s of [a, b]) expect([s.wave, s.after.length, s.strategy === 'retain']).toEqual([undefined, 0, false])
    }
    // after names a smaller id, never inside a group; pins are on wave 1, with nothing after them.
    const named = new Set(inventory.systems.flatMap((s) => s.after))
    for (const s of inventory.systems.filter((s) => s.after.length > 0)) {
      expect(s.group).toBeFalsy()
      for (const a of s.after) expect([a < s.id, byId.get(a)!.group]).toEqual([true, undefined])
    }
    expect(Math.max(...generated.summary.chains.map((c) => c.length))).toBe(10)
    const pinned = inventory.systems.filter((s) => s.wave !== undefined)
    expect(pinned.length).toBeGreaterThan(0)
    for (const s of pinned) expect([s.wave, s.after.length, named.has(s.id), s.group]).toEqual([1, 0, false, undefined])
    // Groups with test or dev systems beside prod ones; retained partners in external zones; some retirements.
    const environments = new Map<string, Set<string>>()
    for (const s of inventory.systems) if (s.group) environments.set(s.group, (environments.get(s.group) ?? new Set()).add(s.environment))
    expect([...environments.values()].some((e) => e.has('prod') && e.size > 1)).toBe(true)
    const retained = inventory.systems.filter((s) => s.strategy === 'retain')
    expect(retained.length).toBeGreaterThan(0)
    for (const s of retained) expect(zone.get(s.zone)!.role).toBe('external')
    expect(inventory.systems.some((s) => s.strategy === 'retire')).toBe(true)
    expect(new Set(inventory.systems.map((s) => s.owner)).size).toBeGreaterThanOrEqual(20)
  })

  it('stays valid for any small size and seed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({min: 2, max: 120}), fc.integer({min: 0, max: 400}), fc.nat(), async (systems, flows, seed) => {
        const out = await generateFolder({systems, flows, seed})
        const {inventory, diagnostics} = await openInventoryFolder(out)
        expect(diagnostics).toEqual([])
        expect([inventory.systems.length, inventory.flows.length]).toEqual([systems, flows])
        expect(inventory.flows.every((f) => f.source !== f.target)).toBe(true)
        expect(afterIsAcyclic(inventory)).toBe(true)
        expect(r4Violations(inventory)).toEqual([])
      }),
      {numRuns: 40, seed: 20_240_601},
    )
  })

  it('writes one system and no flows', async () => {
    const {inventory, diagnostics} = await openInventoryFolder(await generateFolder({systems: 1, flows: 0, seed: 0}))
    expect(diagnostics).toEqual([])
    expect([inventory.systems.length, inventory.flows.length]).toEqual([1, 0])
  })

  it('refuses flows without two systems', () => {
    expect(() => generateInventory({systems: 1, flows: 1, seed: 1})).toThrow(RangeError)
  })
})

describe('writeInventoryFolder', () => {
  it('refuses a non-empty folder without force, replaces it with force, and leaves no temporary folder', async () => {
    const parent = join(scratch, 'replace')
    const out = join(parent, 'inventory')
    await mkdir(out, {recursive: true})
    await writeFile(join(out, 'keep.txt'), 'mine')
    const generated = generateInventory({systems: 10, flows: 20, seed: 5})

    await expect(writeInventoryFolder(out, generated)).rejects.toBeInstanceOf(OutputExistsError)
    expect(await readdir(out)).toEqual(['keep.txt'])

    await writeInventoryFolder(out, generated, {force: true})
    expect((await readdir(out)).sort()).toEqual(['datasets.csv', 'flows.csv', 'links.csv', 'systems.csv', 'waivers.csv', 'zones.csv'])
    expect(await readdir(parent)).toEqual(['inventory'])
  })

  it('writes into an existing empty folder', async () => {
    const out = join(scratch, 'empty')
    await mkdir(out)
    await writeInventoryFolder(out, generateInventory({systems: 5, flows: 5, seed: 5}))
    expect(await readdir(out)).toContain('systems.csv')
  })

  it('leaves nothing behind when a file cannot be produced', async () => {
    const parent = join(scratch, 'failing')
    const generated = generateInventory({systems: 5, flows: 5, seed: 5})
    generated.files[3] = {
      ...generated.files[3],
      *chunks() {
        yield {bytes: Buffer.from('id,source,target\n'), rows: 0}
        throw new Error('disk on fire')
      },
    }
    await expect(writeInventoryFolder(join(parent, 'inventory'), generated)).rejects.toThrow('disk on fire')
    expect(await readdir(parent)).toEqual([])
  })

  it('reports progress per chunk', async () => {
    const seen: string[] = []
    await writeInventoryFolder(join(scratch, 'progress'), generateInventory({systems: 20, flows: 30, seed: 2}), {
      onProgress: (file, rows, total) => seen.push(`${file} ${rows}/${total}`),
    })
    expect(seen).toContain('systems.csv 20/20')
    expect(seen).toContain('flows.csv 30/30')
  })
})
