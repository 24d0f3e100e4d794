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
import {updateHash} from '../io/utf8.js'
import type {DataClass, Strategy, Environment} from '../model/inventory.js'
import type {Infeasibility, PlacementReason, PlanResult} from '../plan/plan.js'
import {policyFindings, type Finding} from '../rules/rules.js'
import type {PresentViolation, StateReport, Verification, WaveDates} from '../verify/verify.js'
import {countInventory, type InventoryCounts} from '../validate/validate.js'
import {toCanonicalOrder} from './canonical.js'

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
  /** SHA-256 of this document's canonical JSON (indented as in plan.json) without this field. */
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
  return buildPlan(input).document
}

/** The plan document and plan.json's bytes (what `kosh plan` writes). */
export function buildPlan(input: DocumentInput): {document: PlanDocument; json: Buffer} {
  const {compiled: c, classification: k, plan, verification} = input
  const systems = c.inventory.systems
  const waivers = waiverIndex(c)
  const waiverFor = (f: Finding) => waivers.get(`${f.rule}\u0000${f.subject}`)
  // Few distinct masks among 100,000 systems: list each once, copy it per system.
  const classLists = new Map<number, DataClass[]>()
  const classes = (mask: number) => {
    let list = classLists.get(mask)
    if (!list) classLists.set(mask, (list = classesOf(mask)))
    return list.slice()
  }
  const removes = new Map<number, number>()
  for (const p of verification.present) if (p.removedInWave !== undefined) removes.set(p.removedInWave, (removes.get(p.removedInWave) ?? 0) + 1)

  // The literals below list their keys in canonical (sorted) order, and objects
  // from other stages are put in that order (copied only where they are not),
  // so that the document is written without a key-sorting replacer (canonical.ts).
  const waves: WaveRecord[] = plan.waves.map((w) => {
    const list: PlannedSystem[] = []
    let sensitive = 0
    let storageGb = 0
    const zones = new Set<string>()
    for (const id of w.systems) {
      const s = c.systemIndex.get(id)!
      const system = systems[s]
      sensitive |= k.effective[s] & SENSITIVE_MASK
      zones.add(system.zone)
      if (system.strategy !== 'retire') storageGb += system.storageGb
      list.push({
        classes: classes(k.effective[s]), environment: system.environment, from: system.zone, id, name: system.name, owner: system.owner,
        reasons: toCanonicalOrder(plan.reasons.get(id) ?? []), storageGb: system.storageGb, strategy: system.strategy,
        to: system.strategy === 'retire' ? '' : c.zoneIds[c.systemDestination[s]],
      })
    }
    return {
      ...(w.dates ? {dates: toCanonicalOrder(w.dates)} : {}),
      removes: removes.get(w.wave) ?? 0,
      systems: list,
      totals: {sensitive: classesOf(sensitive), storageGb: round(storageGb), systems: list.length, zones: [...zones].sort()},
      wave: w.wave,
    }
  })

  const retained = systems
    .map((system, s) => ({system, s}))
    .filter(({system}) => system.strategy === 'retain')
    .map(({system, s}) => ({classes: classes(k.effective[s]), id: system.id, name: system.name, owner: system.owner, zone: system.zone}))
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
  const sensitivity = c.zoneIds.map((zone) => ({final: classesOf(final.get(zone) ?? 0), today: classesOf(today.get(zone) ?? 0), zone}))

  const findings: FindingRecord[] = policyFindings(c, k).map((f) => withWaiver(f, waiverFor(f)))
  const body: Omit<PlanDocument, 'digest'> = {
    feasible: plan.feasible,
    findings: toCanonicalOrder(findings),
    format: PLAN_FORMAT,
    infeasible: toCanonicalOrder(plan.infeasible),
    inventory: {counts: toCanonicalOrder(countInventory(c.inventory)), digest: input.inventoryDigest, name: c.inventory.name},
    lowerBound: plan.lowerBound,
    options: toCanonicalOrder(input.options),
    retained,
    sensitivity,
    verification: toCanonicalOrder({
      conditions: verification.conditions,
      final: verification.final,
      introduced: verification.introduced,
      present: verification.present.map((p) => withWaiver(p, waiverFor(p))),
      states: verification.states,
      valid: verification.valid,
    }),
    waveCount: plan.waves.length,
    waves,
  }
  return sealDocument(body)
}

function withWaiver<T extends Finding>(finding: T, waiver: WaiverStatus | undefined): T & {waiver?: WaiverStatus} {
  return waiver ? {...finding, waiver} : finding
}

function waiverIndex(c: Compiled): Map<string, WaiverStatus> {
  const index = new Map<string, WaiverStatus>()
  for (const w of c.inventory.waivers) index.set(`${w.rule}\u0000${w.subject}`, {expires: w.expires, justification: w.justification, line: w.line, owner: w.owner})
  return index
}

/**
 * The bytes the self digest covers: the document without its digest field as
 * canonical JSON in plan.json's layout, in UTF-8. plan.json is these bytes
 * with the digest put in as the first key, so writing a plan stringifies it once.
 */
function bodyBytes(body: Omit<PlanDocument, 'digest'> | PlanDocument, ordered = false): Buffer {
  const {digest: _ignored, ...rest} = body as PlanDocument
  void _ignored
  return Buffer.from(planLayout(ordered ? rest : toCanonicalOrder(rest)), 'utf8')
}

/**
 * plan.json's layout: canonical JSON indented by two spaces, except that each
 * planned system (`waves[].systems[]`), each retained system and each finding
 * (`findings[]`, `verification.present[]`, `.introduced[]`, `.final[]`) is one
 * line of compact JSON. A national plan lists 100,000 systems, and an
 * inventory can hold a violation per flow: one line each halves the file, and
 * a diff of two plans shows one line per system that moved.
 * `value` is in canonical key order (toCanonicalOrder).
 */
export function planLayout(value: object): string {
  const lines = (items: unknown, indent: string) => (Array.isArray(items) ? lineLayout(items, indent) : undefined)
  return objectLayout(value as Record<string, unknown>, '', (key, item, indent) => {
    if (key === 'waves' && Array.isArray(item)) {
      return arrayLayout(item, indent, (wave, inner) => objectLayout(wave as Record<string, unknown>, inner, (k, list, i) => (k === 'systems' ? lines(list, i) : undefined)))
    }
    if (key === 'verification' && item !== null && typeof item === 'object' && !Array.isArray(item)) {
      return objectLayout(item as Record<string, unknown>, indent, (k, list, i) => (FINDING_LISTS.has(k) ? lines(list, i) : undefined))
    }
    return key === 'retained' || key === 'findings' ? lines(item, indent) : undefined
  })
}

/** The lists of findings in `verification`, written a finding per line. */
const FINDING_LISTS: ReadonlySet<string> = new Set(['present', 'introduced', 'final'])

type Special = (key: string, value: unknown, indent: string) => string | undefined

/** JSON.stringify(value, undefined, 2) at `indent`: it never writes a line break inside a string, so each one starts a line. */
const indented = (value: unknown, indent: string) => JSON.stringify(value, undefined, 2).replaceAll('\n', '\n' + indent)

function objectLayout(record: Record<string, unknown>, indent: string, special: Special): string {
  const inner = indent + '  '
  const members: string[] = []
  for (const key of Object.keys(record)) {
    const value = record[key]
    if (value === undefined || typeof value === 'function') continue
    members.push(`${inner}${JSON.stringify(key)}: ${special(key, value, inner) ?? indented(value, inner)}`)
  }
  return members.length === 0 ? '{}' : `{\n${members.join(',\n')}\n${indent}}`
}

function arrayLayout(items: unknown[], indent: string, item: (value: unknown, indent: string) => string): string {
  const inner = indent + '  '
  return items.length === 0 ? '[]' : `[\n${items.map((value) => inner + item(value, inner)).join(',\n')}\n${indent}]`
}

/** One compact JSON line per item. */
const lineLayout = (items: unknown[], indent: string) => arrayLayout(items, indent, (value) => JSON.stringify(value) ?? 'null')

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** SHA-256 of the document's canonical JSON (indented, as in plan.json) without its digest field. */
export function documentDigest(body: Omit<PlanDocument, 'digest'> | PlanDocument): string {
  return sha256(bodyBytes(body))
}

/**
 * plan.json's bytes from the body's: `{`, the digest line, then the body's own
 * lines (its keys sort after "digest"), newline-terminated. The same bytes as
 * the canonical JSON of the whole document.
 */
function planBytes(digest: string, body: Buffer): Buffer {
  const head = Buffer.from(`{\n  "digest": ${JSON.stringify(digest)},\n`, 'utf8')
  return Buffer.concat([head, body.subarray(2), Buffer.from('\n')])
}

/** plan.json's bytes: canonical (sorted keys), indented for people, newline-terminated. */
export function serializePlanBytes(doc: PlanDocument): Buffer {
  return planBytes(doc.digest, bodyBytes(doc))
}

/** What a plan.json's content hashes to, and whether `bytes` are the canonical form of `doc`. */
export function checkPlanBytes(doc: PlanDocument, bytes: Uint8Array): {digest: string; canonical: boolean} {
  const body = bodyBytes(doc)
  const digest = sha256(body)
  return {digest, canonical: digest === doc.digest && Buffer.from(bytes).equals(planBytes(doc.digest, body))}
}

/** plan.json as text. */
export function serializePlan(doc: PlanDocument): string {
  return serializePlanBytes(doc).toString('utf8')
}

/** The document with its digest, and plan.json's bytes, from one serialisation of the body. */
function sealDocument(body: Omit<PlanDocument, 'digest'>): {document: PlanDocument; json: Buffer} {
  // Built in canonical order (buildPlan): no walk over 100,000 systems to check it
  // (test/export/canonical.test.ts holds the built documents to it).
  const bytes = bodyBytes(body, true)
  const digest = sha256(bytes)
  return {document: {digest, ...body}, json: planBytes(digest, bytes)}
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const round = (x: number) => Math.round(x * 1000) / 1000
