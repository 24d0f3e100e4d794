/**
 * Most flows are built straight from the scanner's record (flowShortcut in
 * load-inventory.ts); the rest go through the general row reader. A file the
 * scanner hands to the line-tracking reader goes through the general reader
 * only, so both must read the same flows and report the same problems,
 * whatever the cells: padded, upper-case, unknown classes, empty ids.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {generateInventory} from '../../src/generate/generate.js'
import {parseInventory, type InventoryFiles} from '../../src/load/load-inventory.js'
import type {FileKind} from '../../src/model/inventory.js'

const base: InventoryFiles = {}
for (const file of generateInventory({systems: 40, flows: 200, seed: 21}).files) {
  base[file.name.replace('.csv', '') as FileKind] = Buffer.concat([...file.chunks()].map((c) => c.bytes))
}
const [header, ...rows] = base.flows!.toString('utf8').trimEnd().split('\n')
const columns = header.split(',')

/** Values a flow cell may hold that the shortcut must leave to the general reader, and some it takes. */
const cell = fc.constantFrom('', ' padded ', 'Tight', 'tight', 'loose', 'LAW', 'law', 'consent', 'none', 'personal', 'Personal;health', 'bogus', 'public;;internal', 'scoring', '"quoted, comma"', 'госуслуги', ' госуслуги', 'карта\u00a0', '"a ""b"""', '" ""b"" "', 'Ғ', '\u00a0')

describe('flows read straight from the record', () => {
  it('are the flows the general reader reads, with the same diagnostics (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(rows.length - 1), fc.nat(columns.length - 1), cell), {maxLength: 12}), async (edits) => {
        const edited = rows.map((row) => row.split(','))
        for (const [r, c, value] of edits) edited[r][c] = value
        const text = [header, ...edited.map((row) => row.join(','))].join('\n') + '\n'
        // A bare CR at the very end sends the file to the line-tracking reader, which reads the same records.
        const fast = await parseInventory('inv', {...base, flows: Buffer.from(text)})
        const general = await parseInventory('inv', {...base, flows: Buffer.from(text + '\r')})
        expect(fast.inventory.flows).toEqual(general.inventory.flows)
        expect(fast.diagnostics).toEqual(general.diagnostics)
      }),
      {numRuns: 150},
    )
  })
})
