/**
 * Another tool may quote every cell and end lines with CRLF: the inventory is
 * the same inventory, so it must read to the same model, digest and plan.
 */
import {parse} from 'csv-parse/sync'
import {describe, expect, it} from 'vitest'

import {generateInventory} from '../../src/generate/generate.js'
import {parseInventory, type InventoryFiles} from '../../src/load/load-inventory.js'
import {inventoryDigest} from '../../src/model/digest.js'
import type {FileKind} from '../../src/model/inventory.js'
import {runPlan} from '../../src/plan/run.js'

/** Every cell quoted (quotes inside doubled), CRLF line ends. */
function quoteAll(bytes: Buffer): Buffer {
  const rows = parse(bytes, {bom: true}) as string[][]
  return Buffer.from(rows.map((row) => row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n')
}

/** A generated inventory's files as kosh writes them, and each as `rewrite` turns it. */
function rewritten(seed: number, rewrite: (bytes: Buffer) => Buffer): {plain: InventoryFiles; other: InventoryFiles} {
  const plain: InventoryFiles = {}
  const other: InventoryFiles = {}
  for (const file of generateInventory({systems: 400, flows: 3000, seed}).files) {
    const kind = file.name.replace('.csv', '') as FileKind
    plain[kind] = Buffer.concat([...file.chunks()].map((c) => c.bytes))
    other[kind] = rewrite(plain[kind]!)
  }
  return {plain, other}
}

describe('an inventory with every cell quoted', () => {
  it('reads to the same inventory, digest and plan as the plain one', async () => {
    const {plain, other: quoted} = rewritten(11, quoteAll)
    const a = await parseInventory('inv', plain)
    const b = await parseInventory('inv', quoted)
    expect(b.diagnostics).toEqual([])
    expect(b.inventory).toEqual(a.inventory)
    expect(inventoryDigest(b.inventory)).toBe(inventoryDigest(a.inventory))
    expect(runPlan(b.inventory, {}).document).toEqual(runPlan(a.inventory, {}).document)
  })
})

/** The rows in another order (a fixed shuffle) and the columns reversed, as another tool might write them. */
function reorder(bytes: Buffer, seed: number): Buffer {
  const [header, ...rows] = parse(bytes, {bom: true}) as string[][]
  let state = seed
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32)
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[rows[i], rows[j]] = [rows[j], rows[i]]
  }
  const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)
  return Buffer.from([header, ...rows].map((row) => row.map(quote).reverse().join(',')).join('\n') + '\n')
}

describe('an inventory whose rows and columns come in another order', () => {
  it('has the same digest and plans the same waves; a changed value changes the digest', async () => {
    const {plain, other: reordered} = rewritten(12, (bytes) => reorder(bytes, 7))
    const a = await parseInventory('inv', plain)
    const b = await parseInventory('inv', reordered)
    expect(b.diagnostics).toEqual([])
    expect(b.inventory.flows.map((f) => f.id)).not.toEqual(a.inventory.flows.map((f) => f.id))
    expect(inventoryDigest(b.inventory)).toBe(inventoryDigest(a.inventory))
    const waves = (inventory: typeof a.inventory) => runPlan(inventory, {}).plan.waves.map((w) => [...w.systems].sort())
    expect(waves(b.inventory)).toEqual(waves(a.inventory))

    const changed = structuredClone(b.inventory)
    changed.flows[1234].purpose = `${changed.flows[1234].purpose ?? ''}x`
    expect(inventoryDigest(changed)).not.toBe(inventoryDigest(a.inventory))
  })
})
