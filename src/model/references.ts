/**
 * Systems by id, and each flow's ends as system indexes: found once per
 * inventory and shared by validation (unknown systems, duplicate ids) and
 * compilation. At a million flows, looking two million ids up in a map costs
 * more than either stage's own work, so it is done once.
 */
import type {Flow, Inventory, System} from './inventory.js'

export interface SystemReferences {
  /** Index of each system id: the first row that has it. */
  systemIndex: Map<string, number>
  /** Per flow, the index of its source system; -1 when no system has the id. */
  flowSource: Int32Array
  flowTarget: Int32Array
}

const found = new WeakMap<readonly Flow[], {systems: readonly System[]; references: SystemReferences}>()

/** Record references found by the loader, which can tell them from the bytes without a lookup. */
export function primeSystemReferences(inventory: Inventory, references: SystemReferences): void {
  found.set(inventory.flows, {systems: inventory.systems, references})
}

export function systemReferences(inventory: Inventory): SystemReferences {
  const known = found.get(inventory.flows)
  if (known && known.systems === inventory.systems) return known.references
  const systemIndex = new Map<string, number>()
  inventory.systems.forEach((system, i) => {
    if (!systemIndex.has(system.id)) systemIndex.set(system.id, i)
  })
  const flows = inventory.flows
  const flowSource = new Int32Array(flows.length)
  const flowTarget = new Int32Array(flows.length)
  for (let f = 0; f < flows.length; f++) {
    flowSource[f] = systemIndex.get(flows[f].source) ?? -1
    flowTarget[f] = systemIndex.get(flows[f].target) ?? -1
  }
  const references = {systemIndex, flowSource, flowTarget}
  found.set(flows, {systems: inventory.systems, references})
  return references
}
