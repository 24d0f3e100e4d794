/**
 * Tiny inventories for the rule tests, as CSV text through the real loader and
 * validator, so every finding's line is the line a user sees in the file.
 */
import {classify, type Classification} from '../../src/classify/classify.js'
import {compile, type Compiled} from '../../src/graph/compile.js'
import {openInventoryFiles} from '../../src/load/open.js'
import {formatDiagnostic, hasErrors} from '../../src/model/diagnostic.js'
import type {FileKind, Inventory} from '../../src/model/inventory.js'

export interface Loaded {
  inventory: Inventory
  compiled: Compiled
  classification: Classification
  system(id: string): number
  zone(id: string): number
  flow(id: string): number
}

/** CSV text per file (header included); flows.csv defaults to just its header. Throws on any diagnostic error. */
export async function load(csv: Partial<Record<FileKind, string>>): Promise<Loaded> {
  const files = Object.fromEntries(Object.entries({flows: 'id,source,target,classes\n', ...csv}).map(([k, v]) => [k, Buffer.from(v)]))
  const {inventory, diagnostics} = await openInventoryFiles('rules', files)
  if (hasErrors(diagnostics)) throw new Error(diagnostics.map(formatDiagnostic).join('\n'))
  const compiled = compile(inventory)
  const classification = classify(compiled)
  const find = (map: Map<string, number>, id: string) => {
    const i = map.get(id)
    if (i === undefined) throw new Error(`no ${id}`)
    return i
  }
  const flowIndex = new Map(inventory.flows.map((f, i) => [f.id, i]))
  return {
    inventory, compiled, classification,
    system: (id) => find(compiled.systemIndex, id),
    zone: (id) => find(compiled.zoneIndex, id),
    flow: (id) => find(flowIndex, id),
  }
}
