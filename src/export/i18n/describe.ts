/**
 * The plan model's codes as sentences in a language: placement reasons,
 * findings, infeasibility, state names. Shared by plan.md and plan.html, so
 * both say the same thing in the same words. Only reads the plan document.
 */
import type {PlanDocument, WaiverStatus} from '../plan-document.js'
import type {DataClass} from '../../model/inventory.js'
import type {PlacementReason} from '../../plan/plan.js'
import type {Finding, Rule} from '../../rules/rules.js'
import type {Text} from './index.js'

/**
 * Ids inside sentences are marked (U+0001 id U+0002) so that each rendering
 * can set them apart as code and escape everything else its own way.
 */
export const ID_OPEN = '\u0001'
export const ID_CLOSE = '\u0002'
export function id(value: string): string {
  return ID_OPEN + value.replace(/[\u0001\u0002]/g, '') + ID_CLOSE
}

/** Split marked text into plain and code pieces (ids, and `...` in the fixed strings). */
export function inlinePieces(text: string): {code: boolean; text: string}[] {
  const pieces: {code: boolean; text: string}[] = []
  const pattern = /\u0001([^\u0002]*)\u0002|`([^`]*)`/g
  let at = 0
  for (const match of text.matchAll(pattern)) {
    if (match.index > at) pieces.push({code: false, text: text.slice(at, match.index)})
    pieces.push({code: true, text: match[1] ?? match[2]})
    at = match.index + match[0].length
  }
  if (at < text.length) pieces.push({code: false, text: text.slice(at)})
  return pieces
}

export function reasonText({m, f}: Text, r: PlacementReason): string {
  const wave = r.wave === undefined ? '' : String(r.wave)
  const system = id(r.system ?? '')
  const flow = id(r.flow ?? '')
  switch (r.code) {
    case 'pinned': return m.reason.pinned(wave)
    case 'after': return m.reason.after(system, wave)
    case 'nonprod-first': return m.reason.nonprodFirst(id(r.group ?? ''), system, wave)
    case 'order': return m.reason.order(system, wave, flow)
    case 'ready': return m.reason.ready
    case 'capacity': return m.reason.capacity
    case 'environment': return m.reason.environment
    case 'removes-violation': return m.reason.removesViolation
    case 'deadline': return m.reason.deadline(id(r.zone ?? ''), f.date(r.date ?? ''))
    case 'tight': return m.reason.tight(system, flow)
    case 'group': return m.reason.group(id(r.group ?? ''))
    case 'together': return m.reason.together(system, flow)
    case 'cycle': return m.reason.cycle
    case 'retire': return m.reason.retire
  }
}

export function reasonsText(text: Text, reasons: readonly PlacementReason[]): string {
  return reasons.map((r) => reasonText(text, r)).join('; ')
}

/** "R1 · residency" */
export function ruleLabel({m}: Text, rule: Rule): string {
  return `${rule} · ${m.ruleName(rule)}`
}

/** The zone a finding is about, or the two zones a flow crosses between. */
export function findingPlace(finding: Pick<Finding, 'zone' | 'link'>): string {
  if (finding.link) return `${finding.link[0]} → ${finding.link[1]}`
  return finding.zone ?? ''
}

/** A finding as a sentence, from its rule, subject, classes and zones (never its English message). */
export function findingText(text: Text, finding: Pick<Finding, 'rule' | 'subject' | 'classes' | 'zone' | 'link'>): string {
  const {m, f} = text
  const classes = f.classes(finding.classes, true)
  const subject = id(finding.subject)
  const zone = id(finding.zone ?? '')
  switch (finding.rule) {
    case 'R0': return m.finding.R0(subject, classes)
    case 'R1': return m.finding.R1(subject, zone, classes)
    case 'R2': return m.finding.R2(subject, zone, classes)
    case 'R3': return m.finding.R3(subject, id(finding.link?.[0] ?? ''), id(finding.link?.[1] ?? ''), classes)
    case 'R4': return m.finding.R4(subject, classes)
  }
}

export function stateName({m, f}: Text, doc: PlanDocument, state: number): string {
  const last = doc.waves.length
  return m.stateName(state, state === 0 ? 'current' : state === last ? 'final' : 'after', String(state))
}

export function waveDates({m, f}: Text, dates: {start: string; end: string} | undefined): string {
  return dates ? m.dateRange(f.date(dates.start), f.date(dates.end)) : m.dash
}

export interface WaiverRow {
  rule: Rule
  subject: string
  waiver: WaiverStatus
}

/** Every waiver the plan reports (on present violations and on findings), once each, by rule then subject. */
export function waiversOf(doc: PlanDocument): WaiverRow[] {
  const rows = new Map<string, WaiverRow>()
  // The two lists one after the other, not joined: each can hold a finding per flow.
  for (const list of [doc.verification.present, doc.findings]) {
    for (const group of list) {
      const waiver = group.waiver
      if (waiver) for (const subject of group.subjects) rows.set(`${group.rule}\u0000${subject}`, {rule: group.rule, subject, waiver})
    }
  }
  return [...rows.values()].sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0))
}

/** The class a colour stands for: the most protected one held. */
export type Shade = 'bank_secret' | 'health' | 'personal' | 'none'
export const SHADES: readonly Shade[] = ['bank_secret', 'health', 'personal', 'none']

export function shadeOf(classes: readonly DataClass[]): Shade {
  if (classes.includes('bank_secret')) return 'bank_secret'
  if (classes.includes('health')) return 'health'
  if (classes.includes('personal')) return 'personal'
  return 'none'
}

export function shadeName({m}: Text, shade: Shade): string {
  return shade === 'none' ? m.html.noSensitive : m.className(shade)
}

/** The number of systems the plan moves (every wave's systems). */
export function movingCount(doc: PlanDocument): number {
  return doc.waves.reduce((n, w) => n + w.systems.length, 0)
}
