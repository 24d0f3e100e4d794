/**
 * The digest computed on another thread is the digest: for an inventory large
 * enough to get a thread, the worker's answer equals `inventoryDigest` of the
 * same bytes parsed here. Run against the compiled code (dist), where the
 * worker script exists: `npm test` builds first.
 */
import {describe, expect, it} from 'vitest'

import {generateInventory} from '../../src/generate/generate.js'
import {parseInventory, type InventoryFiles} from '../../src/load/load-inventory.js'
import {inventoryDigest} from '../../src/model/digest.js'
import type {FileKind} from '../../src/model/inventory.js'

const compiled = (await import(new URL('../../dist/load/background-digest.js', import.meta.url).href)) as typeof import('../../src/load/background-digest.js')

function files(systems: number, flows: number): InventoryFiles {
  const out: InventoryFiles = {}
  for (const file of generateInventory({systems, flows, seed: 3}).files) out[file.name.replace('.csv', '') as FileKind] = Buffer.concat([...file.chunks()].map((c) => c.bytes))
  return out
}

describe('digestInBackground', () => {
  it('gives the digest of the inventory, as computed in place', async () => {
    const big = files(15_000, 160_000)
    const pending = compiled.digestInBackground('big', big)
    expect(pending).toBeTypeOf('function')
    const here = inventoryDigest((await parseInventory('big', big)).inventory)
    expect(pending!()).toBe(here)
  }, 60_000)

  it('leaves a small inventory to be digested in place', () => {
    expect(compiled.digestInBackground('small', files(50, 200))).toBeUndefined()
  })
})
