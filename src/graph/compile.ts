/**
 * The compiled inventory: the same systems, zones and flows as the model, but
 * as dense integer indexes and typed arrays, built once. Classification, the
 * rules, the verifier and the planner run their loops over these arrays; at a
 * million flows, per-row objects and string-keyed maps in those loops would
 * cost more than everything else together.
 *
 * Classes are bit masks (see `CLASS_BIT`); a flow with no declared classes has
 * mask 0 and carries what its source holds (see classify).
 */
import {CLASSES, targetZoneOf, type DataClass, type Inventory} from '../model/inventory.js'
import {systemReferences} from '../model/references.js'

export const CLASS_BIT: Readonly<Record<DataClass, number>> = {public: 1, internal: 2, personal: 4, health: 8, bank_secret: 16}
export const SENSITIVE_MASK = CLASS_BIT.personal | CLASS_BIT.health | CLASS_BIT.bank_secret

export function maskOf(classes: readonly DataClass[]): number {
  let mask = 0
  for (const c of classes) mask |= CLASS_BIT[c]
  return close(mask)
}

/** Close a mask under implication: health implies personal. */
export function close(mask: number): number {
  return mask & CLASS_BIT.health ? mask | CLASS_BIT.personal : mask
}

export function classesOf(mask: number): DataClass[] {
  return CLASSES.filter((c) => mask & CLASS_BIT[c])
}

export const enum Strategy {
  Move = 0,
  Retain = 1,
  Retire = 2,
}

export interface Compiled {
  inventory: Inventory
  zoneIds: string[]
  zoneIndex: Map<string, number>
  /** Sensitive classes each zone approves. */
  zoneApproved: Uint8Array
  /** ISO date after which a zone's approval ends, or '' for none. */
  zoneUntil: string[]
  zoneForeign: Uint8Array
  /** Approved classes of the link between zones a and b, keyed by `linkKey`. */
  links: Map<number, number>

  systemIds: string[]
  systemIndex: Map<string, number>
  systemZone: Int32Array
  systemDestination: Int32Array
  systemStrategy: Uint8Array
  systemOwner: Int32Array
  owners: string[]
  /** Declared classes plus datasets, closed. */
  systemDeclared: Uint8Array

  flowSource: Int32Array
  flowTarget: Int32Array
  /** Declared classes of the flow, closed; 0: carries all its source holds. */
  flowDeclared: Uint8Array

  /** Flows incident to each system (as source or target), CSR: `incident.slice(incidentStart[s], incidentStart[s + 1])`. */
  incidentStart: Int32Array
  incident: Int32Array
}

export function linkKey(a: number, b: number, zoneCount: number): number {
  return a < b ? a * zoneCount + b : b * zoneCount + a
}

/** Compile a valid inventory (validate first: unknown references are not expected here). */
export function compile(inventory: Inventory): Compiled {
  const zoneIds = inventory.zones.map((z) => z.id)
  const zoneIndex = new Map(zoneIds.map((id, i) => [id, i]))
  const zoneCount = zoneIds.length
  const zoneApproved = new Uint8Array(zoneCount)
  const zoneForeign = new Uint8Array(zoneCount)
  const zoneUntil: string[] = []
  inventory.zones.forEach((z, i) => {
    zoneApproved[i] = maskOf(z.approvedClasses)
    zoneForeign[i] = z.country !== 'KZ' ? 1 : 0
    zoneUntil.push(z.approvedUntil ?? '')
  })
  const links = new Map<number, number>()
  for (const link of inventory.links) {
    const a = zoneIndex.get(link.zoneA)
    const b = zoneIndex.get(link.zoneB)
    if (a === undefined || b === undefined) continue
    const key = linkKey(a, b, zoneCount)
    links.set(key, (links.get(key) ?? 0) | maskOf(link.approvedClasses))
  }

  const target = targetZoneOf(inventory)
  const n = inventory.systems.length
  const systemIds = inventory.systems.map((s) => s.id)
  const {systemIndex, flowSource: sources, flowTarget: targets} = systemReferences(inventory)
  const systemZone = new Int32Array(n)
  const systemDestination = new Int32Array(n)
  const systemStrategy = new Uint8Array(n)
  const systemOwner = new Int32Array(n)
  const systemDeclared = new Uint8Array(n)
  const ownerIndex = new Map<string, number>()
  const owners: string[] = []
  inventory.systems.forEach((s, i) => {
    systemZone[i] = zoneIndex.get(s.zone) ?? 0
    const destination = s.targetZone || target
    systemDestination[i] = destination === undefined ? systemZone[i] : (zoneIndex.get(destination) ?? systemZone[i])
    systemStrategy[i] = s.strategy === 'retain' ? Strategy.Retain : s.strategy === 'retire' ? Strategy.Retire : Strategy.Move
    if (s.strategy === 'retain') systemDestination[i] = systemZone[i]
    let owner = ownerIndex.get(s.owner)
    if (owner === undefined) {
      owner = owners.length
      owners.push(s.owner)
      ownerIndex.set(s.owner, owner)
    }
    systemOwner[i] = owner
    systemDeclared[i] = maskOf(s.classes)
  })
  for (const d of inventory.datasets) {
    const s = systemIndex.get(d.system)
    if (s !== undefined) systemDeclared[s] |= maskOf(d.classes)
  }

  const m = inventory.flows.length
  const flowSource = new Int32Array(m)
  const flowTarget = new Int32Array(m)
  const flowDeclared = new Uint8Array(m)
  const degree = new Int32Array(n + 1)
  inventory.flows.forEach((f, i) => {
    const s = Math.max(sources[i], 0)
    const t = Math.max(targets[i], 0)
    flowSource[i] = s
    flowTarget[i] = t
    flowDeclared[i] = maskOf(f.classes)
    degree[s + 1]++
    if (t !== s) degree[t + 1]++
  })
  const incidentStart = new Int32Array(n + 1)
  for (let i = 0; i < n; i++) incidentStart[i + 1] = incidentStart[i] + degree[i + 1]
  const fill = incidentStart.slice(0, n)
  const incident = new Int32Array(incidentStart[n])
  for (let f = 0; f < m; f++) {
    incident[fill[flowSource[f]]++] = f
    if (flowTarget[f] !== flowSource[f]) incident[fill[flowTarget[f]]++] = f
  }

  return {
    inventory, zoneIds, zoneIndex, zoneApproved, zoneUntil, zoneForeign, links,
    systemIds, systemIndex, systemZone, systemDestination, systemStrategy, systemOwner, owners, systemDeclared,
    flowSource, flowTarget, flowDeclared, incidentStart, incident,
  }
}
