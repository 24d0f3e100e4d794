/**
 * The inventory digest is SHA-256 over the canonical records (src/model/digest.ts),
 * written through a reused buffer value by value: it must give the bytes of a
 * plain rendering of the same definition whatever the text (Cyrillic, astral
 * characters, lone surrogates, quotes and control characters, flows that name
 * no system).
 */
import {createHash} from 'node:crypto'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {generateInventory} from '../../src/generate/generate.js'
import {parseInventory, type InventoryFiles} from '../../src/load/load-inventory.js'
import {canonicalInventory, inventoryDigest} from '../../src/model/digest.js'
import {CLASSES, COUPLINGS, LEGAL_BASES, type FileKind, type Inventory} from '../../src/model/inventory.js'

async function generated(seed: number): Promise<Inventory> {
  const files: InventoryFiles = {}
  for (const file of generateInventory({systems: 60, flows: 300, seed}).files) {
    files[file.name.replace('.csv', '') as FileKind] = Buffer.concat([...file.chunks()].map((c) => c.bytes))
  }
  return (await parseInventory('inv', files)).inventory
}

const fnv = (text: string) => {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Number((BigInt(hash ^ text.charCodeAt(i)) * 0x01000193n) & 0xffffffffn)
  return hash >>> 0
}

/**
 * The definition, written plainly: each file's name, then its records; flows
 * as id, the places of their systems in canonical order, a class mask, the
 * purpose, legal basis and coupling codes and the unknown columns by name.
 */
function reference(inventory: Inventory): string {
  const hash = createHash('sha256')
  const canonical = canonicalInventory(inventory)
  const place = new Map<string, number>()
  canonical.systems.forEach((line, k) => {
    const id = line.slice(0, line.indexOf('\u001f'))
    if (!place.has(id)) place.set(id, k)
  })
  const unit = Buffer.from([0x1f])
  const u32 = (n: number) => {
    const b = Buffer.alloc(4)
    b.writeUInt32LE(n)
    return b
  }
  for (const [kind, lines] of Object.entries(canonical)) {
    hash.update(kind + '\n')
    if (kind !== 'flows') {
      for (const line of lines) hash.update(line + '\n')
      continue
    }
    const flows = [...inventory.flows].sort((a, b) => fnv(a.id) - fnv(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    for (const f of flows) {
      const end = (id: string) => (place.has(id) ? u32(place.get(id)!) : Buffer.concat([u32(0xffffffff), Buffer.from(id), unit]))
      const mask = f.classes.reduce((m, c) => m | (1 << CLASSES.indexOf(c)), 0)
      const extra = Object.keys(f.extra).sort().flatMap((name) => [Buffer.from(name), unit, Buffer.from(f.extra[name]), unit])
      hash.update(Buffer.concat([
        Buffer.from(f.id), unit, end(f.source), end(f.target), Buffer.from([mask]), Buffer.from(f.purpose ?? ''), unit,
        Buffer.from([f.legalBasis === undefined ? 0 : 1 + LEGAL_BASES.indexOf(f.legalBasis), 1 + COUPLINGS.indexOf(f.coupling)]), ...extra, Buffer.from('\n'),
      ]))
    }
  }
  return hash.digest('hex')
}

const base = await generated(5)
const text = fc.oneof(fc.string({unit: 'binary'}), fc.string({unit: 'grapheme'}), fc.constantFrom('Қазақстан', 'Ж', '"q"\\', '\u0000\u001f\n', '\ud800', 'x\udc00y', '😀'))

describe('inventory digest', () => {
  it('is SHA-256 of the canonical lines whatever the text (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), text, text), {minLength: 1, maxLength: 6}), (edits) => {
        const inventory = structuredClone(base)
        for (const [n, a, b] of edits) {
          const system = inventory.systems[n % inventory.systems.length]
          const flow = inventory.flows[n % inventory.flows.length]
          system.name = a
          system.owner = b
          flow.purpose = a
          flow.extra = {note: b, a: a}
          flow.source = n % 7 === 0 ? `${a}-not-a-system` : flow.source
          system.extra = {z: a}
        }
        expect(inventoryDigest(inventory)).toBe(reference(inventory))
      }),
      {numRuns: 200},
    )
  })

  it('is the same for the rows in any order, and changes with a value', () => {
    const reversed = {...base, systems: [...base.systems].reverse(), flows: [...base.flows].reverse()}
    expect(inventoryDigest(reversed)).toBe(inventoryDigest(base))
    const changed = structuredClone(base)
    changed.systems[3].storageGb += 1
    expect(inventoryDigest(changed)).not.toBe(inventoryDigest(base))
  })
})
