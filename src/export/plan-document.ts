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
import {FILES, type DataClass, type Strategy, type Environment} from '../model/inventory.js'
import type {Infeasibility, PlacementReason, PlanResult} from '../plan/plan.js'
import {legalBasis, linkOf, maskClasses, policyFindings, zonePolicyFindings, type Finding, type Rule} from '../rules/rules.js'
import {PRESENT_RULE, popcount, type PresentTable, type PresentViolation, type StateReport, type Verification, type WaveDates} from '../verify/verify.js'
import {countInventory, type InventoryCounts} from '../validate/validate.js'
import {ByteWriter} from '../io/utf8.js'
import {maxOf} from '../model/lists.js'
import {toCanonicalOrder} from './canonical.js'
import {writePlanLayout} from './plan-layout.js'

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

/**
 * Findings as plan.json records them: those that differ only in their subject
 * (the same rule, classes, zone, state and removing wave), in one record that
 * lists the subjects, the line of each in `file` and, for R3, the link each
 * crosses (the pairs of zones a million flows cross are too many to group by).
 * An inventory can hold a violation per flow, most of them alike: a record
 * each would make plan.json hundreds of megabytes. A waived finding is a record of its own,
 * with its waiver. Records keep the order of their first finding; subjects
 * keep the order of their findings. A finding's message is not recorded: it
 * says what these fields say, in English, and plan.md, plan.html and
 * `kosh check` word it themselves.
 */
export interface FindingGroup {
  classes: DataClass[]
  file: string
  /** Per subject, the line of its row in `file`. */
  lines: number[]
  /** R3: per subject, the two zones its flow crosses between, source side first. */
  links?: [string, string][]
  /** The wave whose state no longer has them (present violations); absent when they persist. */
  removedInWave?: number
  rule: Rule
  state?: number
  subjectKind: Finding['subjectKind']
  subjects: string[]
  waiver?: WaiverStatus
  zone?: string
}

/** One finding of a group, as the readers of a plan list them. */
export interface FindingRow {
  rule: Rule
  subject: string
  subjectKind: Finding['subjectKind']
  classes: DataClass[]
  zone?: string
  link?: [string, string]
  state?: number
  removedInWave?: number
  waiver?: WaiverStatus
  file: string
  line: number
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
    present: FindingGroup[]
    introduced: FindingGroup[]
    final: FindingGroup[]
  }
  /** R0 and R4: the findings that do not depend on where systems sit. */
  findings: FindingGroup[]
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

/** The plan document, plan.json's bytes (what `kosh plan` writes) and the R0 and R4 findings it groups (made when first read). */
export function buildPlan(input: DocumentInput): {document: PlanDocument; json: Buffer; findings: Finding[]} {
  const {compiled: c, classification: k, plan, verification} = input
  const systems = c.inventory.systems
  const waivers = waiverIndex(c)
  // No key made per finding: a million flows can each have a finding.
  const waiverFor = (f: Finding) => waivers.get(f.rule)?.get(f.subject)
  // Few distinct masks among 100,000 systems: list each once, copy it per system.
  const classLists = new Map<number, DataClass[]>()
  const classes = (mask: number) => {
    let list = classLists.get(mask)
    if (!list) classLists.set(mask, (list = classesOf(mask)))
    return list.slice()
  }
  const removes = new Map<number, number>()
  const present = verification.presentTable
  for (let i = 0; i < present.count; i++) {
    const wave = present.removedInWave[i]
    // A violation is a rule, a subject and one class (SPEC 5): as the states count them.
    if (wave !== 0) removes.set(wave, (removes.get(wave) ?? 0) + popcount(present.mask[i]))
  }

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

  const body: Omit<PlanDocument, 'digest'> = {
    feasible: plan.feasible,
    findings: [...groupFindings(zonePolicyFindings(c), waiverFor), ...groupLegalBasis(c, k, waivers)],
    format: PLAN_FORMAT,
    infeasible: toCanonicalOrder(plan.infeasible),
    inventory: {counts: toCanonicalOrder(countInventory(c.inventory)), digest: input.inventoryDigest, name: c.inventory.name},
    lowerBound: plan.lowerBound,
    options: toCanonicalOrder(input.options),
    retained,
    sensitivity,
    verification: {
      conditions: toCanonicalOrder(verification.conditions),
      final: groupFindings(verification.final),
      introduced: groupFindings(verification.introduced),
      present: groupPresent(c, present, waivers),
      states: toCanonicalOrder(verification.states),
      valid: verification.valid,
    },
    waveCount: plan.waves.length,
    waves,
  }
  let findings: Finding[] | undefined
  return {
    ...sealDocument(body),
    get findings() {
      return (findings ??= policyFindings(c, k))
    },
  }
}

/** Findings in groups (FindingGroup), each made with its keys in canonical order. */
export function groupFindings(list: readonly PresentViolation[], waiverFor: (f: Finding) => WaiverStatus | undefined = () => undefined): FindingGroup[] {
  const groups: FindingGroup[] = []
  const alike = new GroupIndex()
  for (const f of list) {
    const waiver = waiverFor(f)
    let group = waiver === undefined ? alike.get(f) : undefined
    if (group === undefined) {
      group = {
        classes: f.classes, file: f.file, lines: [], ...(f.link ? {links: []} : {}), ...(f.removedInWave !== undefined ? {removedInWave: f.removedInWave} : {}),
        rule: f.rule, ...(f.state !== undefined ? {state: f.state} : {}), subjectKind: f.subjectKind, subjects: [], ...(waiver ? {waiver} : {}), ...(f.zone !== undefined ? {zone: f.zone} : {}),
      }
      groups.push(group)
      if (waiver === undefined) alike.set(f, group)
    }
    group.subjects.push(f.subject)
    group.lines.push(f.line)
    if (f.link) group.links!.push(f.link)
  }
  return groups
}

/**
 * R4's part of `groupFindings(policyFindings(c, k), waiverFor)`, made from
 * the flows without a finding per flow (every flow can have one): findings
 * of R4 differ in nothing but their classes, subject and waiver.
 */
export function groupLegalBasis(c: Compiled, k: Classification, waivers: Map<string, Map<string, WaiverStatus>>): FindingGroup[] {
  const groups: FindingGroup[] = []
  const alike: (FindingGroup | undefined)[] = []
  const waived = waivers.get('R4')
  const flows = c.inventory.flows
  for (let f = 0; f < c.flowSource.length; f++) {
    const mask = legalBasis(c, k, f)
    if (mask === 0) continue
    const flow = flows[f]
    const waiver = waived?.get(flow.id)
    let group = waiver === undefined ? alike[mask] : undefined
    if (group === undefined) {
      group = {classes: maskClasses(mask), file: FILES.flows, lines: [], rule: 'R4', subjectKind: 'flow', subjects: [], ...(waiver ? {waiver} : {})}
      groups.push(group)
      if (waiver === undefined) alike[mask] = group
    }
    group.subjects.push(flow.id)
    group.lines.push(flow.line)
  }
  return groups
}

/**
 * `groupFindings(verification.present, waiverFor)`, made from the verifier's
 * table: the same groups, without a finding made per entry (a million flows
 * can each have one). Entries are alike by rule, classes, zone and removing
 * wave, which together are one number.
 */
export function groupPresent(c: Compiled, t: PresentTable, waivers: Map<string, Map<string, WaiverStatus>>): FindingGroup[] {
  const groups: FindingGroup[] = []
  const alike = new Map<number, FindingGroup>()
  const {systems, flows} = c.inventory
  const zone = c.systemZone
  const lastWave = maxOf(t.removedInWave.subarray(0, t.count), 0)
  for (let i = 0; i < t.count; i++) {
    const rule = t.rule[i] as keyof typeof PRESENT_RULE
    const x = t.subject[i]
    const removed = t.removedInWave[i]
    const row = rule === 1 ? systems[x] : flows[x]
    const at = rule === 1 ? zone[x] : rule === 2 ? zone[c.flowTarget[x]] : -1
    const waiver = waivers.get(PRESENT_RULE[rule])?.get(row.id)
    const key = (((rule << 8) | t.mask[i]) * (c.zoneIds.length + 1) + at + 1) * (lastWave + 1) + removed
    let group = waiver === undefined ? alike.get(key) : undefined
    if (group === undefined) {
      group = {
        classes: maskClasses(t.mask[i]), file: rule === 1 ? FILES.systems : FILES.flows, lines: [], ...(rule === 3 ? {links: []} : {}), ...(removed !== 0 ? {removedInWave: removed} : {}),
        rule: PRESENT_RULE[rule], state: 0, subjectKind: rule === 1 ? 'system' : 'flow', subjects: [], ...(waiver ? {waiver} : {}), ...(at >= 0 ? {zone: c.zoneIds[at]} : {}),
      }
      groups.push(group)
      if (waiver === undefined) alike.set(key, group)
    }
    group.subjects.push(row.id)
    group.lines.push(row.line)
    if (rule === 3) group.links!.push(linkOf(c, zone[c.flowSource[x]], zone[c.flowTarget[x]]))
  }
  return groups
}

/**
 * The group of each kind of finding: by its classes, zone, whether it has a
 * link, rule, file, then state and removing wave, one map inside the other. A
 * million findings share a few lists of classes (the rules make each once), so
 * each list's text is made once, and no key is made per finding.
 */
class GroupIndex {
  private readonly root = new Map<unknown, unknown>()
  private readonly texts = new WeakMap<readonly string[], string>()

  get(f: PresentViolation): FindingGroup | undefined {
    const byFile = this.level(f, false)
    return byFile?.get(this.when(f)) as FindingGroup | undefined
  }

  set(f: PresentViolation, group: FindingGroup): void {
    this.level(f, true)!.set(this.when(f), group)
  }

  /** The innermost map of the finding's kind (made where `make`, else undefined where there is none yet). */
  private level(f: PresentViolation, make: boolean): Map<unknown, unknown> | undefined {
    let level = this.root
    const keys = [this.text(f.classes), f.zone ?? '', f.link !== undefined, f.rule, f.file]
    for (let i = 0; i < keys.length; i++) {
      let next = level.get(keys[i]) as Map<unknown, unknown> | undefined
      if (next === undefined) {
        if (!make) return undefined
        level.set(keys[i], (next = new Map()))
      }
      level = next
    }
    return level
  }

  /** A list as JSON, made once per list. */
  private text(list: readonly string[]): string {
    let text = this.texts.get(list)
    if (text === undefined) this.texts.set(list, (text = JSON.stringify(list)))
    return text
  }

  /** State and removing wave as one number: each is undefined or a wave number, far below 2^26. */
  private when(f: PresentViolation): number {
    return (f.state ?? -1) + 1 + ((f.removedInWave ?? -1) + 1) * 2 ** 26
  }
}

/** How many findings the groups hold. */
export function findingCount(groups: readonly FindingGroup[]): number {
  let n = 0
  for (const g of groups) n += g.subjects.length
  return n
}

/**
 * How many violations the groups hold: a rule, a subject and one class each
 * (SPEC 5), so a system holding health and personal data in a zone approved
 * for neither is two, as the states of the verification count them.
 */
export function violationCount(groups: readonly FindingGroup[]): number {
  let n = 0
  for (const g of groups) n += g.subjects.length * g.classes.length
  return n
}

/** How many of the present violations in the groups a wave removes. */
export function removedCount(groups: readonly FindingGroup[]): number {
  return violationCount(groups.filter((g) => g.removedInWave !== undefined))
}

/** How many findings (R0, R4) and violations (each list of the verification) the document holds, and how many present violations a wave removes. */
export function findingCounts(doc: Pick<PlanDocument, 'verification' | 'findings'>): {present: number; removed: number; introduced: number; final: number; findings: number} {
  const v = doc.verification
  return {present: violationCount(v.present), removed: removedCount(v.present), introduced: violationCount(v.introduced), final: violationCount(v.final), findings: findingCount(doc.findings)}
}

/** The first `limit` findings of the groups, one row each, in the order plan.json lists them. */
export function findingRows(groups: readonly FindingGroup[], limit = Infinity): FindingRow[] {
  const rows: FindingRow[] = []
  for (const g of groups) {
    for (let i = 0; i < g.subjects.length; i++) {
      if (rows.length >= limit) return rows
      rows.push({
        rule: g.rule, subject: g.subjects[i], subjectKind: g.subjectKind, classes: g.classes, zone: g.zone, link: g.links?.[i],
        state: g.state, removedInWave: g.removedInWave, waiver: g.waiver, file: g.file, line: g.lines[i],
      })
    }
  }
  return rows
}

/** Each rule's waivers by subject. */
function waiverIndex(c: Compiled): Map<string, Map<string, WaiverStatus>> {
  const index = new Map<string, Map<string, WaiverStatus>>()
  for (const w of c.inventory.waivers) {
    let subjects = index.get(w.rule)
    if (subjects === undefined) index.set(w.rule, (subjects = new Map()))
    subjects.set(w.subject, {expires: w.expires, justification: w.justification, line: w.line, owner: w.owner})
  }
  return index
}

/**
 * What the self digest covers: the document without its digest field as
 * canonical JSON in plan.json's layout (plan-layout.ts), in UTF-8. plan.json
 * is these bytes with the digest put in as the first key, so the body is
 * written once, after room for that line: `{`, then the digest line, then the
 * body's own lines (its keys sort after "digest"), newline-terminated.
 */
function writePlan(doc: Omit<PlanDocument, 'digest'> | PlanDocument, claimed?: string, ordered = false): {digest: string; json: Buffer} {
  const {digest: _ignored, ...rest} = doc as PlanDocument
  void _ignored
  // Every digest kosh writes is 64 hex digits; the head of a hand-edited one may be longer.
  const room = headOf('0'.repeat(64)).length
  // A kilobyte a system: room enough for its line without growing (room never written costs no memory).
  // And a subject and its line for each finding, with room to spare.
  const {verification: v} = doc
  const findings = findingCount(doc.findings) + findingCount(v.present) + findingCount(v.introduced) + findingCount(v.final)
  const out = new ByteWriter((1 << 20) + 1024 * doc.inventory.counts.systems + 64 * findings)
  out.at = room - 2
  writePlanLayout(ordered ? rest : toCanonicalOrder(rest), out)
  const body = out.buffer.subarray(room - 2, out.at)
  const digest = sha256(body)
  const head = headOf(claimed ?? digest)
  if (head.length !== room) return {digest, json: Buffer.concat([head, body.subarray(2), Buffer.from('\n')])}
  out.text('\n')
  // The head takes the room left for it, and the body's own "{" line.
  head.copy(out.buffer, 0)
  return {digest, json: out.buffer.subarray(0, out.at)}
}

const headOf = (digest: string) => Buffer.from(`{\n  "digest": ${JSON.stringify(digest)},\n`, 'utf8')

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** SHA-256 of the document's canonical JSON (in plan.json's layout) without its digest field. */
export function documentDigest(body: Omit<PlanDocument, 'digest'> | PlanDocument): string {
  return writePlan(body).digest
}

/** plan.json's bytes: canonical (sorted keys), indented for people, newline-terminated. */
export function serializePlanBytes(doc: PlanDocument): Buffer {
  return writePlan(doc, doc.digest).json
}

/** What a plan.json's content hashes to, and whether `bytes` are the canonical form of `doc` (with the digest it claims). */
export function checkPlanBytes(doc: PlanDocument, bytes: Uint8Array): {digest: string; canonical: boolean} {
  const {digest, json} = writePlan(doc, doc.digest)
  return {digest, canonical: digest === doc.digest && Buffer.from(bytes).equals(json)}
}

/** plan.json as text. */
export function serializePlan(doc: PlanDocument): string {
  return serializePlanBytes(doc).toString('utf8')
}

/** The document with its digest, and plan.json's bytes, from one serialisation of the body. */
function sealDocument(body: Omit<PlanDocument, 'digest'>): {document: PlanDocument; json: Buffer} {
  // Built in canonical order (buildPlan): no walk over 100,000 systems to check it
  // (test/export/canonical.test.ts holds the built documents to it).
  const {digest, json} = writePlan(body, undefined, true)
  return {document: {digest, ...body}, json}
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const round = (x: number) => Math.round(x * 1000) / 1000
