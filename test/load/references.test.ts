/**
 * Flow ends found by the loader from the scanner's interner entries must be
 * exactly what looking each id up gives: on a generated inventory, and where
 * the loader has to leave the lookups to `systemReferences` (ids that need
 * trimming, quoted ids, unknown and duplicate ids, a file on the
 * line-tracking path).
 */
import {readFile, readdir} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {generateInventory} from '../../src/generate/generate.js'
import {parseInventory, type InventoryFiles} from '../../src/load/load-inventory.js'
import type {FileKind, Inventory} from '../../src/model/inventory.js'
import {systemReferences} from '../../src/model/references.js'
import {FLOWS, SYSTEMS, ZONES} from './helpers.js'

/** References looked up afresh: a copy of the flows is not one the loader has seen. */
const lookedUp = (inventory: Inventory) => systemReferences({...inventory, flows: [...inventory.flows]})

function same(inventory: Inventory): void {
  const loaded = systemReferences(inventory)
  const fresh = lookedUp(inventory)
  expect(loaded).not.toBe(fresh)
  expect([...loaded.flowSource]).toEqual([...fresh.flowSource])
  expect([...loaded.flowTarget]).toEqual([...fresh.flowTarget])
  expect([...loaded.systemIndex]).toEqual([...fresh.systemIndex])
}

async function parse(texts: Partial<Record<FileKind, string>>): Promise<Inventory> {
  const files: InventoryFiles = {}
  for (const [kind, text] of Object.entries({zones: ZONES, systems: SYSTEMS, flows: FLOWS, ...texts})) files[kind as FileKind] = Buffer.from(text)
  return (await parseInventory('t', files)).inventory
}

describe('flow ends from the loader', () => {
  it('match the lookups on a generated inventory', async () => {
    const files: InventoryFiles = {}
    for (const file of generateInventory({systems: 300, flows: 3000, seed: 7}).files) {
      files[file.name.replace('.csv', '') as FileKind] = Buffer.concat([...file.chunks()].map((c) => c.bytes))
    }
    same((await parseInventory('g', files)).inventory)
  })

  it.each([
    ['unknown and duplicate ids', {systems: SYSTEMS + 'crm,CRM again,Bank IT,src\n', flows: 'id,source,target\nf1,crm,core\nf2,ghost,crm\nf3,core,\n'}],
    ['ids that need trimming', {flows: 'id,source,target\nf1, crm,core \nf2,crm,core\n'}],
    ['quoted ids', {systems: 'id,name,owner,zone\n"core",Core,Bank IT,src\ncrm,CRM,Bank IT,src\n', flows: 'id,source,target\nf1,"crm",core\n'}],
    ['flows on the line-tracking path', {flows: 'id,source,target,purpose\nf1,crm,core,"two\nlines"\nf2,core,crm,x\n'}],
    ['systems on the line-tracking path', {systems: 'id,name,owner,zone\ncore,"Core\nbanking",Bank IT,src\ncrm,CRM,Bank IT,src\n'}],
  ])('match the lookups with %s', async (_what, texts) => {
    const inventory = await parse(texts)
    expect(inventory.flows.length).toBeGreaterThan(0)
    same(inventory)
  })

  it('are those of the sample inventory rows', async () => {
    const dir = join(import.meta.dirname, '../../inventory')
    const files: InventoryFiles = {}
    for (const name of await readdir(dir)) files[name.replace('.csv', '') as FileKind] = await readFile(join(dir, name))
    const {inventory} = await parseInventory('inventory', files)
    const {flowSource, flowTarget} = systemReferences(inventory)
    inventory.flows.forEach((flow, f) => {
      expect(inventory.systems[flowSource[f]].id).toBe(flow.source)
      expect(inventory.systems[flowTarget[f]].id).toBe(flow.target)
    })
  })
})
