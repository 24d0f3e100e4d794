/**
 * The plan as a versioned artifact (`plan.json`, format `kosh-plan/1`).
 *
 * Everything a reviewer or a later `kosh verify` needs: the inventory digest it
 * was made from, the options, the waves with their systems and totals, every
 * state's verification, the lower bound, findings with their waivers, and a
 * digest of the document itself. Keys are sorted and rows ordered by wave and
 * id, and there is no wall-clock time, so the same inventory and options give
 * the same bytes. Markdown and HTML are rendered from this model only.
 */
import {createHash} from 'node:crypto'

import type {Classification} from '../classify/classify.js'
import {SENSITIVE_MASK, classesOf, type Compiled} from '../graph/compile.js'
import {canonicalJson} from '../model/digest.js'
import type {DataClass, Strategy, Environment} from '../model/inventory.js'
import type {Infeasibility, PlacementReason, PlanResult} from '../plan/plan.js'
import {policyFindings, type Finding} from '../rules/rules.js'
import type {PresentViolation, StateReport, Verification, WaveDates} from '../verify/verify.js'
import {countInventory, type InventoryCounts} from '../validate/validate.js'

export const PLAN_FORMAT = 'kosh-plan/1'

export interface PlanOptionsRecord {
  maxSystems?: number[]
  maxGb?: number[]
  start?: string
  waveDays?: number
  blackouts?: {from: string; to: string}[]
  /** Systems pinned by `--pins` (id -> wave), beyond the inventory's own pins. */
  pins?: Record<string, number>
}

export interface PlannedSystem {
  id: string
  name: string
  owner: string
  from: string
  to: string
  classes: DataClass[]
  storageGb: number
  strategy: Strategy
  environment: Environment
  reasons: PlacementReason[]
}

export interface WaveRecord {
  wave: number
  dates?: WaveDates
  systems: PlannedSystem[]
  totals: {systems: number; storageGb: number; sensitive: DataClass[]; zones: string[]}
  /** Violations present today that this wave's state no longer has. */
  removes: number
}

export interface WaiverStatus {
  owner: string
  expires: string
  justification: string
  line: number
}

export interface FindingRecord extends Finding {
  waiver?: WaiverStatus
}

export interface PlanDocument {
  format: typeof PLAN_FORMAT
  inventory: {name: string; digest: string; counts: InventoryCounts}
  options: PlanOptionsRecord
  feasible: boolean
  waveCount: number
  lowerBound: number
  waves: WaveRecord[]
  retained: {id: string; name: string; owner: string; zone: string; classes: DataClass[]}[]
  /** Effective classes per zone in today's and the final placement (sensitive only). */
  sensitivity: {zone: string; today: DataClass[]; final: DataClass[]}[]
  verification: {
    valid: boolean
    conditions: Verification['conditions']
    states: StateReport[]
    present: (PresentViolation & {waiver?: WaiverStatus})[]
    introduced: Finding[]
    final: Finding[]
  }
  findings: FindingRecord[]
  infeasible: Infeasibility[]
  /** SHA-256 of this document's canonical JSON without this field. */
  digest: string
}

export interface DocumentInput {
  compiled: Compiled
  classification: Classification
  inventoryDigest: string
  plan: PlanResult
  verification: Verification
  options: PlanOptionsRecord
}

export function buildPlanDocument(input: DocumentInput): PlanDocument {
  const {compiled: c, classification: k, plan, verification} = input
  const systems = c.inventory.systems
  const waivers = waiverIndex(c)
  const waiverFor = (f: Finding) => waivers.get(`${f.rule}\u0000${f.subject}`)

  const waves: WaveRecord[] = plan.waves.map((w) => {
    const list: PlannedSystem[] = w.systems.map((id) => {
      const s = c.systemIndex.get(id)!
      const system = systems[s]
      return {
        id, name: system.name, owner: system.owner,
        from: system.zone, to: system.strategy === 'retire' ? '' : c.zoneIds[c.systemDestination[s]],
        classes: classesOf(k.effective[s]), storageGb: system.storageGb, strategy: system.strategy, environment: system.environment,
        reasons: plan.reasons.get(id) ?? [],
      }
    })
    let sensitive = 0
    const zones = new Set<string>()
    for (const id of w.systems) {
      const s = c.systemIndex.get(id)!
      sensitive |= k.effective[s] & SENSITIVE_MASK
      zones.add(systems[s].zone)
    }
    return {
      wave: w.wave,
      ...(w.dates ? {dates: w.dates} : {}),
      systems: list,
      totals: {systems: list.length, storageGb: round(list.reduce((sum, x) => sum + (x.strategy === 'retire' ? 0 : x.storageGb), 0)), sensitive: classesOf(sensitive), zones: [...zones].sort()},
      removes: verification.present.filter((p) => p.removedInWave === w.wave).length,
    }
  })

  const retained = systems
    .map((system, s) => ({system, s}))
    .filter(({system}) => system.strategy === 'retain')
    .map(({system, s}) => ({id: system.id, name: system.name, owner: system.owner, zone: system.zone, classes: classesOf(k.effective[s])}))
    .sort((a, b) => compare(a.id, b.id))

  const today = new Map<string, number>()
  const final = new Map<string, number>()
  systems.forEach((system, s) => {
    const mask = k.effective[s] & SENSITIVE_MASK
    today.set(system.zone, (today.get(system.zone) ?? 0) | mask)
    if (system.strategy !== 'retire') {
      const z = c.zoneIds[c.systemDestination[s]]
      final.set(z, (final.get(z) ?? 0) | mask)
    }
  })
  const sensitivity = c.zoneIds.map((zone) => ({zone, today: classesOf(today.get(zone) ?? 0), final: classesOf(final.get(zone) ?? 0)}))

  const findings: FindingRecord[] = policyFindings(c, k).map((f) => withWaiver(f, waiverFor(f)))
  const body: Omit<PlanDocument, 'digest'> = {
    format: PLAN_FORMAT,
    inventory: {name: c.inventory.name, digest: input.inventoryDigest, counts: countInventory(c.inventory)},
    options: input.options,
    feasible: plan.feasible,
    waveCount: plan.waves.length,
    lowerBound: plan.lowerBound,
    waves,
    retained,
    sensitivity,
    verification: {
      valid: verification.valid,
      conditions: verification.conditions,
      states: verification.states,
      present: verification.present.map((p) => withWaiver(p, waiverFor(p))),
      introduced: verification.introduced,
      final: verification.final,
    },
    findings,
    infeasible: plan.infeasible,
  }
  return {...body, digest: documentDigest(body)}
}

function withWaiver<T extends Finding>(finding: T, waiver: WaiverStatus | undefined): T & {waiver?: WaiverStatus} {
  return waiver ? {...finding, waiver} : finding
}

function waiverIndex(c: Compiled): Map<string, WaiverStatus> {
  const index = new Map<string, WaiverStatus>()
  for (const w of c.inventory.waivers) index.set(`${w.rule}\u0000${w.subject}`, {owner: w.owner, expires: w.expires, justification: w.justification, line: w.line})
  return index
}

export function documentDigest(body: Omit<PlanDocument, 'digest'> | PlanDocument): string {
  const {digest: _ignored, ...rest} = body as PlanDocument
  void _ignored
  return createHash('sha256').update(canonicalJson(rest)).digest('hex')
}

/** plan.json's bytes: canonical (sorted keys), indented for people, newline-terminated. */
export function serializePlan(doc: PlanDocument): string {
  return canonicalJson(doc, 2) + '\n'
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const round = (x: number) => Math.round(x * 1000) / 1000
