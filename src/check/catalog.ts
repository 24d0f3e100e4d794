/**
 * What `kosh check` can report, described once: the rules it checks and the
 * input codes it can meet. SARIF's `tool.driver.rules`, the JUnit suites and
 * the JSON Schema's rule pattern are all made from this list, so a new check
 * is added here first.
 */

export const CHECK_RULES = ['R0', 'R1', 'R2', 'R3', 'R4', 'GAP', 'WAIVER-EXPIRED', 'PLAN-INFEASIBLE', 'PLAN-STALE', 'PLAN-INVALID'] as const
export type CheckRule = (typeof CHECK_RULES)[number]

/** A usage problem that names no inventory row: a bad flag value, a missing plan folder, an unreadable pins file. */
export const USAGE_CODE = 'KOSH-USAGE'

export interface RuleDescription {
  id: string
  /** PascalCase, for SARIF's `name`. */
  name: string
  /** One line: what the finding means. */
  short: string
  /** A paragraph: when it is reported and why it matters. */
  full: string
  /** What to do about it. */
  help: string
  /** The test case name when the rule was checked and found nothing (JUnit). */
  passName: string
}

const WAIVE = 'or accept it in waivers.csv (rule, subject, justification, owner, expires) until it can be fixed'

export const RULES: Record<CheckRule, RuleDescription> = {
  R0: {
    id: 'R0', name: 'ZonePolicy', passName: 'every zone',
    short: 'A zone outside Kazakhstan is approved for personal, health or bank-secret data',
    full: 'A zone whose country is not KZ lists personal, health or bank_secret in approved_classes. Personal data must be stored in databases on the territory of Kazakhstan (Law No. 94-V "On personal data and their protection", art. 12 p. 2). Checked whatever the plan; fails the check.',
    help: `Remove the sensitive classes from the zone's approved_classes in zones.csv, ${WAIVE}.`,
  },
  R1: {
    id: 'R1', name: 'Residency', passName: 'every system today',
    short: 'A system holds a sensitive class its zone is not approved for',
    full: "A system's effective classes (declared, found in its datasets, received and sent by its flows) include a sensitive class that its zone today is not approved for, or whose approval has ended. Reported as present today; fails the check only with --strict, since the plan removes it in the wave named.",
    help: `Move the system (the plan says in which wave), approve the class in the zone's approved_classes, ${WAIVE}.`,
  },
  R2: {
    id: 'R2', name: 'Destination', passName: 'every flow today',
    short: "A flow delivers a sensitive class into a zone not approved for it",
    full: "A flow carries a sensitive class into its target system's zone, which is not approved for that class today. Reported as present today; fails the check only with --strict.",
    help: `Move the target system, narrow the flow's classes, ${WAIVE}.`,
  },
  R3: {
    id: 'R3', name: 'Transit', passName: 'every flow between zones today',
    short: 'A flow carries a sensitive class between zones with no approved link',
    full: 'A flow between two different zones carries a sensitive class, and links.csv has no link between those zones approving it. Reported as present today; fails the check only with --strict.',
    help: `Add the class to the link in links.csv (an approved channel), move the systems into one zone, ${WAIVE}.`,
  },
  R4: {
    id: 'R4', name: 'LegalBasis', passName: 'every flow between owners',
    short: 'A sensitive flow between different owners has no legal basis',
    full: 'A flow carrying personal, health or bank-secret data between systems of different owners has legal_basis empty or none. Checked whatever the plan; fails the check.',
    help: `Set legal_basis in flows.csv to consent, law or contract, ${WAIVE}.`,
  },
  GAP: {
    id: 'GAP', name: 'UnknownClass', passName: 'every system',
    short: 'A system holds no known class: a gap, never a pass',
    full: 'A system declares no class, no dataset shows one and no flow brings or takes one, so kosh cannot tell whether it holds sensitive data. Unknown is a gap, not a pass; fails the check.',
    help: 'Declare its classes in the classes column of systems.csv; declare public to say it holds nothing sensitive.',
  },
  'WAIVER-EXPIRED': {
    id: 'WAIVER-EXPIRED', name: 'WaiverExpired', passName: 'every waiver',
    short: 'A waiver has expired',
    full: 'A row of waivers.csv has an expires date before today (the --today date). An expired waiver is itself an error, and the finding it accepted is reported again.',
    help: 'Fix the finding and remove the waiver, or renew it with a new expires date, justification and owner.',
  },
  'PLAN-INFEASIBLE': {
    id: 'PLAN-INFEASIBLE', name: 'PlanInfeasible', passName: 'a valid plan exists',
    short: 'No valid migration plan can be made',
    full: 'With the given planning options, no order of waves keeps every state free of new violations and ends with none: an after cycle, a group larger than a wave, a retained system that would have to move, a violation no wave removes, a pin or deadline that cannot hold.',
    help: 'Read the cause named in the message (kosh plan prints the same), and change the inventory or the planning options.',
  },
  'PLAN-STALE': {
    id: 'PLAN-STALE', name: 'PlanStale', passName: 'the plan is current',
    short: 'The plan was made from a different inventory',
    full: "The inventory digest recorded in plan.json differs from the inventory's digest now: the inventory changed since the plan was made.",
    help: 'Make the plan again (kosh plan --force) and commit it with the inventory change.',
  },
  'PLAN-INVALID': {
    id: 'PLAN-INVALID', name: 'PlanInvalid', passName: 'the plan verifies',
    short: 'The plan fails verification',
    full: 'kosh verify fails on the plan folder: plan.json was changed by hand or damaged, waves.csv differs from it, the plan records that no valid plan exists, or a state re-checked on the inventory adds a violation.',
    help: 'Run kosh verify on the plan folder for details; make the plan again with kosh plan --force.',
  },
}

/** Input problems: the diagnostics of the loader and validator (exit 2). */
export const INPUT_CODES: Record<string, string> = {
  'KOSH-AFTER-SELF': 'A system names itself in after',
  'KOSH-BAD-DATE': 'A value is not an ISO date (YYYY-MM-DD)',
  'KOSH-BAD-NUMBER': 'A value is not a number',
  'KOSH-BAD-VALUE': 'A value is not one of the allowed values',
  'KOSH-CSV-SYNTAX': 'A row is not valid CSV (RFC 4180)',
  'KOSH-DUPLICATE-COLUMN': 'A header names a column twice',
  'KOSH-DUPLICATE-ID': 'An id is used twice',
  'KOSH-EMPTY-FILE': 'A file has no header row',
  'KOSH-MISSING-COLUMN': 'A required column is missing',
  'KOSH-MISSING-FILE': 'A required file is missing',
  'KOSH-MISSING-VALUE': 'A required value is empty',
  'KOSH-MULTIPLE-TARGETS': 'More than one zone has the role target',
  'KOSH-NO-DESTINATION': 'A system has no destination zone',
  'KOSH-NO-INVENTORY': 'The inventory folder does not exist',
  'KOSH-NOT-UTF8': 'A file is not UTF-8',
  'KOSH-RAGGED-ROW': 'A row has more or fewer fields than the header',
  'KOSH-UNKNOWN-CLASS': 'A class is not one of public, internal, personal, health, bank_secret',
  'KOSH-UNKNOWN-SUBJECT': 'A waiver names no system, flow or zone',
  'KOSH-UNKNOWN-SYSTEM': 'A reference names no system of systems.csv',
  'KOSH-UNKNOWN-ZONE': 'A reference names no zone of zones.csv',
  'KOSH-UNREADABLE-FILE': 'A file cannot be read',
  'KOSH-UNTERMINATED-QUOTE': 'A quoted field is never closed',
  [USAGE_CODE]: 'A flag value or a file named on the command line cannot be used',
}

/** The description of any rule or code a report can hold; an input code not listed above gets a generic one. */
export function describeRule(id: string): RuleDescription {
  if (id in RULES) return RULES[id as CheckRule]
  const short = INPUT_CODES[id] ?? 'The input cannot be used'
  return {
    id,
    name: id.replace(/^KOSH-/, '').toLowerCase().replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
    short,
    full: `${short}. The inventory or the command line cannot be used as it is, so nothing else was checked (exit 2).`,
    help: 'Fix the file at the line and column named (kosh validate lists every problem), then run the check again.',
    passName: 'input',
  }
}
