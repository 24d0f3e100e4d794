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

describe('an inventory with every cell quoted', () => {
  it('reads to the same inventory, digest and plan as the plain one', async () => {
    const plain: InventoryFiles = {}
    const quoted: InventoryFiles = {}
    for (const file of generateInventory({systems: 400, flows: 3000, seed: 11}).files) {
      const kind = file.name.replace('.csv', '') as FileKind
      plain[kind] = Buffer.concat([...file.chunks()].map((c) => c.bytes))
      quoted[kind] = quoteAll(plain[kind]!)
    }
    const a = await parseInventory('inv', plain)
    const b = await parseInventory('inv', quoted)
    expect(b.diagnostics).toEqual([])
    expect(b.inventory).toEqual(a.inventory)
    expect(inventoryDigest(b.inventory)).toBe(inventoryDigest(a.inventory))
    expect(runPlan(b.inventory, {}).document).toEqual(runPlan(a.inventory, {}).document)
  })
})
