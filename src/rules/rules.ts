/**
 * The rules, evaluated on a state (where every system sits at one moment).
 *
 * - R1 residency: every sensitive class a system holds is approved in its zone
 *   (and, where the state has a date, the approval has not ended).
 * - R2 destination: every sensitive class a flow carries is approved in its target's zone.
 * - R3 transit: a flow between two zones carrying a sensitive class needs a link approving it.
 * - R4 legal basis: a sensitive flow between different owners needs a legal basis (any state).
 * - R0 zone policy: a zone outside Kazakhstan approved for sensitive data
 *   (Law No. 94-V "On personal data and their protection", art. 12 p. 2).
 *
 * The per-subject functions return masks of violated classes, so the verifier
 * can compare states bit by bit; `finding` turns a mask into data a person reads.
 */
import type {Classification} from '../classify/classify.js'
import {SENSITIVE_MASK, classesOf, linkKey, type Compiled} from '../graph/compile.js'
import {FILES, type DataClass} from '../model/inventory.js'

export type Rule = 'R0' | 'R1' | 'R2' | 'R3' | 'R4'

export interface Finding {
  rule: Rule
  /** The system (R1), flow (R2-R4) or zone (R0) the finding is about. */
  subject: string
  subjectKind: 'system' | 'flow' | 'zone'
  classes: DataClass[]
  /** The zone concerned: R1 the system's, R2 the target's, R0 the zone itself. */
  zone?: string
  /** R3: the two zones the flow crosses between, source side first. */
  link?: [string, string]
  /** The state it was seen in: 0 today, k after wave k. Absent for state-independent rules. */
  state?: number
  message: string
  file: string
  line: number
}

/** A date after every approval's end: the final state lasts. */
export const FOREVER = '9999-12-31'

/** Sensitive classes a zone approves on a date ('' = no date: approvals never end). */
export function approvedIn(c: Compiled, zone: number, date: string): number {
  const until = c.zoneUntil[zone]
  if (date !== '' && until !== '' && date > until) return 0
  return c.zoneApproved[zone]
}

export function residency(c: Compiled, k: Classification, s: number, zone: number, date: string): number {
  return k.effective[s] & SENSITIVE_MASK & ~approvedIn(c, zone, date)
}

export function destination(c: Compiled, k: Classification, f: number, targetZone: number, date: string): number {
  return k.carried[f] & SENSITIVE_MASK & ~approvedIn(c, targetZone, date)
}

export function transit(c: Compiled, k: Classification, f: number, sourceZone: number, targetZone: number): number {
  if (sourceZone === targetZone) return 0
  const sensitive = k.carried[f] & SENSITIVE_MASK
  if (sensitive === 0) return 0
  return sensitive & ~(c.links.get(linkKey(sourceZone, targetZone, c.zoneIds.length)) ?? 0)
}

export function legalBasis(c: Compiled, k: Classification, f: number): number {
  const sensitive = k.carried[f] & SENSITIVE_MASK
  if (sensitive === 0 || c.systemOwner[c.flowSource[f]] === c.systemOwner[c.flowTarget[f]]) return 0
  const basis = c.inventory.flows[f].legalBasis
  return basis === undefined || basis === 'none' ? sensitive : 0
}

const list = (classes: DataClass[]) => classes.join(', ')

/** Why a zone does not take these classes: never approved, or an approval that has ended. */
function notApproved(c: Compiled, zone: number, mask: number): string {
  return mask & c.zoneApproved[zone] ? `whose approval for it ended on ${c.zoneUntil[zone]}` : 'which is not approved for it'
}

/** A mask's classes: the mask, its list (frozen: every finding of the mask shares it), and as a sentence names them. */
interface MaskNames {
  mask: number
  classes: DataClass[]
  text: string
}

/** Each mask's names, made once: findings by the million have a few masks among them. */
const MASK_NAMES: (MaskNames | undefined)[] = []

function maskNames(mask: number): MaskNames {
  let names = MASK_NAMES[mask]
  if (names === undefined) {
    const classes = Object.freeze(classesOf(mask)) as DataClass[]
    MASK_NAMES[mask] = names = {mask, classes, text: list(classes)}
  }
  return names
}

/** A mask's classes as findings list them: one frozen list per mask. */
export function maskClasses(mask: number): DataClass[] {
  return maskNames(mask).classes
}

/** Each pair of zones a flow crosses between as R3 names it: one frozen pair for all its findings. */
const LINKS = new WeakMap<Compiled, Map<number, [string, string]>>()

export function linkOf(c: Compiled, sourceZone: number, targetZone: number): [string, string] {
  let links = LINKS.get(c)
  if (links === undefined) LINKS.set(c, (links = new Map()))
  const key = sourceZone * c.zoneIds.length + targetZone
  let link = links.get(key)
  if (link === undefined) links.set(key, (link = Object.freeze([c.zoneIds[sourceZone], c.zoneIds[targetZone]]) as [string, string]))
  return link
}

export function residencyFinding(c: Compiled, s: number, zone: number, mask: number, state: number): StateFinding {
  const system = c.inventory.systems[s]
  return new StateFinding(c, 'R1', s, maskNames(mask), state, system.id, system.line, zone, c.zoneIds[zone], undefined)
}

export function destinationFinding(c: Compiled, f: number, targetZone: number, mask: number, state: number): StateFinding {
  const flow = c.inventory.flows[f]
  return new StateFinding(c, 'R2', f, maskNames(mask), state, flow.id, flow.line, targetZone, c.zoneIds[targetZone], undefined)
}

export function transitFinding(c: Compiled, f: number, sourceZone: number, targetZone: number, mask: number, state: number): StateFinding {
  const flow = c.inventory.flows[f]
  return new StateFinding(c, 'R3', f, maskNames(mask), state, flow.id, flow.line, -1, undefined, linkOf(c, sourceZone, targetZone))
}

/**
 * A finding of R1-R3. A million flows can each have one, today and in the
 * final state: it holds its subject's and zone's indexes rather than the
 * words of its message, which is made only when it is read (plan.json records
 * findings without one, in groups: plan-document.ts), and its link is shared
 * with every finding of the same two zones. Every one has the same own keys:
 * what a rule does not have (R3's zone, the link of R1 and R2) is undefined,
 * and so is `removedInWave` until the verifier sets it on a present violation
 * that a wave removes. JSON.stringify writes it with its file, subject kind
 * and message (toJSON).
 */
export class StateFinding implements Finding {
  readonly classes: DataClass[]
  readonly line: number
  readonly link: [string, string] | undefined
  removedInWave: number | undefined = undefined
  readonly rule: 'R1' | 'R2' | 'R3'
  /** The state it was seen in; undefined for a violation of every plan's final state. */
  state: number | undefined
  readonly subject: string
  readonly zone: string | undefined
  readonly #c: Compiled
  /** The system (R1) or flow (R2, R3), by index. */
  readonly #index: number
  /** R1 and R2: the zone, by index. */
  readonly #zone: number
  /** The classes the message names: the whole violation's, also where `classes` holds only those a state adds. */
  readonly #named: MaskNames

  constructor(c: Compiled, rule: 'R1' | 'R2' | 'R3', index: number, names: MaskNames, state: number | undefined, subject: string, line: number,
    zoneIndex: number, zone: string | undefined, link: [string, string] | undefined, named = names) {
    this.classes = names.classes
    this.line = line
    this.link = link
    this.rule = rule
    this.state = state
    this.subject = subject
    this.zone = zone
    this.#c = c
    this.#index = index
    this.#zone = zoneIndex
    this.#named = named
  }

  get file(): string {
    return this.rule === 'R1' ? FILES.systems : FILES.flows
  }

  get subjectKind(): 'system' | 'flow' {
    return this.rule === 'R1' ? 'system' : 'flow'
  }

  /** The same finding, its message unchanged, for only some of its classes (those a state adds). */
  withMask(mask: number): StateFinding {
    return new StateFinding(this.#c, this.rule, this.#index, maskNames(mask), this.state, this.subject, this.line, this.#zone, this.zone, this.link, this.#named)
  }

  get message(): string {
    const c = this.#c
    const classes = this.#named.text
    if (this.rule === 'R1') return `${this.subject} holds ${classes} in zone ${this.zone}, ${notApproved(c, this.#zone, this.#named.mask)}`
    const {source, target} = c.inventory.flows[this.#index]
    if (this.rule === 'R2') return `flow ${this.subject} (${source} -> ${target}) delivers ${classes} into zone ${this.zone}, ${notApproved(c, this.#zone, this.#named.mask)}`
    return `flow ${this.subject} (${source} -> ${target}) carries ${classes} from zone ${this.link![0]} to zone ${this.link![1]} with no link approved for it`
  }

  /** The finding as plain data, message included, keys in canonical order (undefined ones are not written). */
  toJSON(): Finding & {removedInWave?: number} {
    const {classes, file, line, link, message, removedInWave, rule, state, subject, subjectKind, zone} = this
    return {classes, file, line, link, message, removedInWave, rule, state, subject, subjectKind, zone}
  }
}

/**
 * R0 and R4: the findings that do not depend on where systems sit. Every
 * flow can have one: the R4 findings of flows between the same two owners
 * share what their messages say of the owners.
 */
export function policyFindings(c: Compiled, k: Classification): Finding[] {
  const findings = zonePolicyFindings(c)
  // Flows between the same two owners with the same classes and basis share all but their id and line.
  const pairs = new Map<number, OwnerPair>()
  const owners = c.owners.length
  for (let f = 0; f < c.flowSource.length; f++) {
    const mask = legalBasis(c, k, f)
    if (mask === 0) continue
    const flow = c.inventory.flows[f]
    const [a, b] = [c.flowSource[f], c.flowTarget[f]]
    const basis = flow.legalBasis ?? 'empty'
    const key = ((mask * owners + c.systemOwner[a]) * owners + c.systemOwner[b]) * 2 + (basis === 'none' ? 1 : 0)
    let pair = pairs.get(key)
    if (pair === undefined) pairs.set(key, (pair = {names: maskNames(mask), from: c.inventory.systems[a].owner, to: c.inventory.systems[b].owner, basis}))
    findings.push(new LegalBasisFinding(pair, flow.id, flow.line))
  }
  return findings
}

/** R0 alone: a finding per foreign zone approved for sensitive data, in zone order. */
export function zonePolicyFindings(c: Compiled): Finding[] {
  const findings: Finding[] = []
  c.inventory.zones.forEach((zone, z) => {
    const mask = c.zoneApproved[z] & SENSITIVE_MASK
    if (c.zoneForeign[z] && mask) {
      const {classes} = maskNames(mask)
      findings.push({
        classes, file: FILES.zones, line: zone.line,
        message: `zone ${zone.id} lies outside Kazakhstan (${zone.country}) but is approved for ${list(classes)}: personal data must be stored on the territory of Kazakhstan (Law No. 94-V, art. 12 p. 2)`,
        rule: 'R0', subject: zone.id, subjectKind: 'zone', zone: zone.id,
      })
    }
  })
  return findings
}

/** What the R4 findings of flows between two owners share: the classes, the owners, the basis found. */
interface OwnerPair {
  names: MaskNames
  from: string
  to: string
  basis: string
}

/**
 * An R4 finding. An inventory whose flows carry no legal basis has one per
 * flow, up to a million: its message is made only when it is read, from what
 * the flows between the same two owners share. JSON.stringify writes it with
 * its message (toJSON).
 */
export class LegalBasisFinding implements Finding {
  readonly classes: DataClass[]
  readonly file = FILES.flows
  readonly line: number
  readonly rule = 'R4'
  readonly subject: string
  readonly subjectKind = 'flow'
  readonly #pair: OwnerPair

  constructor(pair: OwnerPair, flow: string, line: number) {
    this.classes = pair.names.classes
    this.line = line
    this.subject = flow
    this.#pair = pair
  }

  get message(): string {
    const {names, from, to, basis} = this.#pair
    return `flow ${this.subject} carries ${names.text} from ${from} to ${to} with no legal basis (${basis})`
  }

  /** The finding as plain data, message included, keys in canonical order. */
  toJSON(): Finding {
    const {classes, file, line, message, rule, subject, subjectKind} = this
    return {classes, file, line, message, rule, subject, subjectKind}
  }
}
