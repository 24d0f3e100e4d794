/**
 * What a language supplies to the plan renderings (plan.md, plan.html): the
 * shared glossary's terms, every fixed string, and sentence templates that
 * take the plan model's codes and ids. Ids, names and owners from the
 * inventory are passed in as written and never translated.
 */
import type {DataClass, Strategy} from '../../model/inventory.js'
import type {Rule} from '../../rules/rules.js'
import type {ConditionFailure} from '../../verify/verify.js'
import type {Infeasibility} from '../../plan/plan.js'

export const LANGS = ['en', 'ru', 'kk'] as const
export type Lang = (typeof LANGS)[number]

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value)
}

/** The shared glossary (`../shared/glossary.csv`): one entry per `term`, in this language. */
export interface Glossary {
  migration_plan: string
  information_system: string
  data_centre: string
  tier3_dpc: string
  wave: string
  zone: string
  target_zone: string
  current_state: string
  final_state: string
  data_flow: string
  owner: string
  class_public: string
  class_internal: string
  class_personal: string
  class_health: string
  class_bank_secret: string
  approved: string
  violation: string
  present_violation: string
  removed_in_wave: string
  legal_basis: string
  basis_consent: string
  basis_law: string
  basis_contract: string
  purpose: string
  criticality: string
  storage_gb: string
  strategy_retain: string
  strategy_retire: string
  lower_bound: string
  summary: string
  reason: string
  systems: string
  plan_valid: string
  plan_invalid: string
  generated_from: string
  digest: string
}

/** Forms of a counted noun; `few` and `many` are the Russian forms (2-4, 5-20). */
export interface Forms {
  one: string
  few?: string
  many?: string
  other: string
}

/**
 * Values handed to templates are already formatted: numbers in the locale's
 * form, dates written out, ids as written. `n` beside a formatted number is
 * the raw count, for choosing a plural form.
 */
export interface Messages {
  lang: Lang
  /** BCP 47 tag for Intl (en-GB, ru-RU, kk-KZ) and for `<html lang>`. */
  locale: string
  glossary: Glossary

  nouns: {
    system: Forms
    wave: Forms
    violation: Forms
    zone: Forms
    link: Forms
    flow: Forms
    dataset: Forms
    waiver: Forms
  }

  /** "Wave 3": a wave's name in headings, tables and the diagram. */
  waveTitle(wave: string): string
  /** A state's name: S0 is today, the last is the final state. */
  stateName(state: number, kind: 'current' | 'after' | 'final', wave: string): string
  className(c: DataClass): string
  strategyName(s: Strategy): string
  ruleName(r: Rule): string
  /** A date range, each end already written out. */
  dateRange(from: string, to: string): string
  none: string
  dash: string
  /** One list item joined to the next. */
  listSeparator: string

  title(inventory: string): string
  subtitle: string
  contents: string
  status: {valid: string; invalid: string; infeasible: string}

  summary: {
    status: string
    systems: string
    systemsValue(moving: string, retained: string, total: string, n: {moving: number; retained: number}): string
    waves: string
    wavesValue(count: string, lowerBound: string, atBound: boolean): string
    period: string
    presentValue(total: string, removed: string): string
    introduced: string
    finalViolations: string
    findings: string
    inventory: string
    inventoryCounts: string
    capacitySystems: string
    capacityGb: string
    start: string
    waveDays: string
    blackouts: string
    pins: string
  }

  sensitivity: {heading: string; intro: string}

  present: {heading: string; intro: string; notRemoved: string; waivedUntil(date: string): string}

  table: {
    rule: string
    subject: string
    classes: string
    zone: string
    description: string
    source: string
    waiver: string
    system: string
    name: string
    route: string
    strategy: string
    gb: string
    dates: string
    sensitive: string
    sourceZones: string
    removes: string
    state: string
    violations: string
    lastDay: string
    introduced: string
    removed: string
    condition: string
    expires: string
    justification: string
  }

  waves: {heading: string; overview: string; empty: string}
  /** Shown under a wave's list when only part of it is printed. */
  shownOfWave(shown: string, total: string): string
  /** Shown under any other list cut short. */
  shownOf(shown: string, total: string, file: string): string

  retained: {heading: string; intro: string}
  findings: {heading: string; intro: string}
  waivers: {heading: string; intro: string}
  states: {heading: string; intro: string; conditions: string; introducedHeading: string; finalHeading: string}
  infeasible: {heading: string; intro: string; systems: string; source: string}
  diagram: {heading: string; legend: string; aggregated: string; truncated(shown: string, total: string): string; retired: string}
  integrity: {heading: string; inventoryDigest: string; planDigest: string; format: string; note: string}
  html: {
    timeline: string
    timelineIntro: string
    graph: string
    graphIntro: string
    chips: string
    noSensitive: string
    today: string
    final: string
    otherZones: string
    waveRange(from: string, to: string): string
  }

  reason: {
    pinned(wave: string): string
    after(system: string, wave: string): string
    nonprodFirst(group: string, system: string, wave: string): string
    order(system: string, wave: string, flow: string): string
    ready: string
    capacity: string
    environment: string
    removesViolation: string
    deadline(zone: string, date: string): string
    tight(system: string, flow: string): string
    group(group: string): string
    together(system: string, flow: string): string
    cycle: string
    retire: string
  }

  /** A finding as a sentence; `classes` is the class list already joined. */
  finding: {
    R0(zone: string, classes: string): string
    R1(system: string, zone: string, classes: string): string
    R2(flow: string, zone: string, classes: string): string
    R3(flow: string, from: string, to: string, classes: string): string
    R4(flow: string, classes: string): string
  }

  infeasibility: Record<Infeasibility['kind'], string>
  condition: Record<ConditionFailure['condition'], string>
}
