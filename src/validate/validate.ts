/**
 * Validate: the cross-row checks on a loaded inventory. Duplicate ids, references
 * to zones and systems that do not exist, an `after` naming its own system, more
 * than one `target` zone. Each problem points at the row and cell that hold it.
 */
import type {Diagnostic} from '../model/diagnostic.js'
import {FILES, type FileKind, type Flow, type Inventory} from '../model/inventory.js'
import {fnv1a, idOrder} from '../model/key-order.js'
import {systemReferences} from '../model/references.js'

export interface InventoryCounts {
  zones: number
  links: number
  systems: number
  flows: number
  datasets: number
  waivers: number
}

export function countInventory(inventory: Inventory): InventoryCounts {
  return {
    zones: inventory.zones.length,
    links: inventory.links.length,
    systems: inventory.systems.length,
    flows: inventory.flows.length,
    datasets: inventory.datasets.length,
    waivers: inventory.waivers.length,
  }
}

type Kind = FileKind

/**
 * Cross-row checks. Diagnostics carry the column name (`field`); the loader's
 * `locateColumns` turns it into a character column using the file's bytes.
 *
 * `incomplete` names files the loader could not read in full (see
 * `LoadResult.incomplete`): references into them are not checked, since the
 * row they name may be the one that was lost, and the loader has already
 * reported why. Without it, a zones.csv saved in Windows-1251 would also
 * report every system's zone as unknown.
 */
export function validateInventory(inventory: Inventory, incomplete: ReadonlySet<Kind> = new Set()): Diagnostic[] {
  const diagnostics: Diagnostic[] = []
  const zonesKnown = !incomplete.has('zones')
  const systemsKnown = !incomplete.has('systems')
  const flowsKnown = !incomplete.has('flows')
  const error = (kind: Kind, line: number, field: string, code: string, summary: string, found: string, expected: string, hint?: string) => {
    diagnostics.push({severity: 'error', code, summary, file: FILES[kind], line, field, found, expected, ...(hint ? {hint} : {})})
  }

  const zones = new Map<string, number>()
  for (const zone of inventory.zones) {
    if (zone.id === '') continue
    const first = zones.get(zone.id)
    if (first !== undefined) error('zones', zone.line, 'id', 'KOSH-DUPLICATE-ID', `the zone id "${zone.id}" is used twice`, zone.id, `a unique id (first used on line ${first})`)
    else zones.set(zone.id, zone.line)
  }
  const targets = inventory.zones.filter((zone) => zone.role === 'target')
  for (const extra of targets.slice(1)) {
    error('zones', extra.line, 'role', 'KOSH-MULTIPLE-TARGETS', 'more than one zone has the role "target"', `target (also zone "${targets[0].id}" on line ${targets[0].line})`, 'exactly one target zone: the default destination of every system', 'Give other zones the role "source" or "external", and send systems there with target_zone')
  }

  const zoneRef = (kind: Kind, line: number, column: string, id: string) => {
    if (zonesKnown && id !== '' && !zones.has(id)) error(kind, line, column, 'KOSH-UNKNOWN-ZONE', `"${column}" names a zone that zones.csv does not define`, id, `a zone id from zones.csv (${sample(zones.keys())})`)
  }
  for (const link of inventory.links) {
    zoneRef('links', link.line, 'zone_a', link.zoneA)
    zoneRef('links', link.line, 'zone_b', link.zoneB)
  }

  const {systemIndex, flowSource, flowTarget} = systemReferences(inventory)
  const systemList = inventory.systems
  systemList.forEach((system, i) => {
    const first = systemIndex.get(system.id)!
    if (system.id !== '' && first !== i) error('systems', system.line, 'id', 'KOSH-DUPLICATE-ID', `the system id "${system.id}" is used twice`, system.id, `a unique id (first used on line ${systemList[first].line})`)
  })
  const systems = {has: (id: string) => systemIndex.has(id)}
  const systemRef = (kind: Kind, line: number, column: string, id: string) => {
    if (systemsKnown && id !== '' && !systems.has(id)) error(kind, line, column, 'KOSH-UNKNOWN-SYSTEM', `"${column}" names a system that systems.csv does not define`, id, 'a system id from systems.csv')
  }
  for (const system of inventory.systems) {
    zoneRef('systems', system.line, 'zone', system.zone)
    if (system.targetZone) zoneRef('systems', system.line, 'target_zone', system.targetZone)
    else if (zonesKnown && targets.length === 0 && system.strategy !== 'retain' && system.strategy !== 'retire') {
      error('systems', system.line, 'target_zone', 'KOSH-NO-DESTINATION', `system "${system.id}" has no target_zone and no zone has the role "target"`, '', 'a target_zone, or a zone with role "target" in zones.csv')
    }
    for (const dependency of system.after) {
      if (dependency === system.id) error('systems', system.line, 'after', 'KOSH-AFTER-SELF', `system "${system.id}" names itself in "after"`, dependency, 'ids of other systems that must move in an earlier wave')
      else systemRef('systems', system.line, 'after', dependency)
    }
  }

  const flowList = inventory.flows
  // Ids in ascending order cannot repeat. Others are put in key order, where
  // equal ids sit side by side (a million flow ids in a map cost more).
  let ascending = true
  for (let f = 1; f < flowList.length && ascending; f++) ascending = flowList[f - 1].id < flowList[f].id
  let byHash: {order: Int32Array; hashes: Float64Array} | undefined
  if (!ascending) {
    const {order, hashes} = (byHash = idOrder(flowList))
    const idAt = (k: number) => flowList[order[k]].id
    for (let k = 1; k < order.length; k++) {
      const flow = flowList[order[k]]
      if (hashes[order[k]] !== hashes[order[k - 1]] || flow.id === '' || flow.id !== idAt(k - 1)) continue
      // Equal ids are in row order: the first of the run is where the id was first used.
      let first = k - 1
      while (first > 0 && idAt(first - 1) === flow.id) first--
      error('flows', flow.line, 'id', 'KOSH-DUPLICATE-ID', `the flow id "${flow.id}" is used twice`, flow.id, `a unique id (first used on line ${flowList[order[first]].line})`)
    }
  }
  for (let f = 0; f < flowList.length; f++) {
    const flow = flowList[f]
    if (flowSource[f] < 0) systemRef('flows', flow.line, 'source', flow.source)
    if (flowTarget[f] < 0) systemRef('flows', flow.line, 'target', flow.target)
  }
  const flowKnown = (id: string) => (byHash === undefined ? binarySearch(flowList, id) : hashSearch(flowList, byHash, id))

  for (const dataset of inventory.datasets) systemRef('datasets', dataset.line, 'system', dataset.system)

  for (const waiver of inventory.waivers) {
    const known = systems.has(waiver.subject) || flowKnown(waiver.subject) || zones.has(waiver.subject)
    if (zonesKnown && systemsKnown && flowsKnown && waiver.subject !== '' && !known) {
      error('waivers', waiver.line, 'subject', 'KOSH-UNKNOWN-SUBJECT', '"subject" names no system, flow or zone of the inventory', waiver.subject, 'a system, flow or zone id')
    }
  }
  return diagnostics
}

/** Whether flows sorted by id hold `id`. */
function binarySearch(flows: readonly Flow[], id: string): boolean {
  let low = 0
  let high = flows.length - 1
  while (low <= high) {
    const middle = (low + high) >>> 1
    const at = flows[middle].id
    if (at === id) return true
    if (at < id) low = middle + 1
    else high = middle - 1
  }
  return false
}

/** Whether flows hold `id`, given their key order by id: the rows of its hash are found by halving, then compared. */
function hashSearch(flows: readonly Flow[], {order, hashes}: {order: Int32Array; hashes: Float64Array}, id: string): boolean {
  const hash = fnv1a(id)
  let low = 0
  let high = order.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (hashes[order[middle]] < hash) low = middle + 1
    else high = middle
  }
  for (let k = low; k < order.length && hashes[order[k]] === hash; k++) if (flows[order[k]].id === id) return true
  return false
}

function sample(ids: Iterable<string>): string {
  const list = [...ids].sort()
  return list.length <= 6 ? list.join(', ') : `${list.slice(0, 6).join(', ')}, ...`
}
