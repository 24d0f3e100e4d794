/**
 * The CI gate (`kosh check`), as a pure function from what the command read to
 * a report: every result a rule, a subject, a status and the inventory row it
 * comes from.
 *
 * Fails (exit 1): R0 and R4 (state-independent rules), a system with no known
 * class (a gap), an expired waiver, no valid plan with the given options, a
 * given plan that is stale or fails verification; with `strict`, also the
 * violations present today (R1-R3 in S0). An unexpired waiver for a rule and
 * subject turns a failing finding into a waived one, reported with its owner
 * and expiry. Unusable input (exit 2) is a report too: its diagnostics are the
 * results, so CI shows them in the same place.
 *
 * `today` is only compared with waiver expiry dates; it is never written into
 * the report, so the same inventory gives the same report on any day on which
 * the same waivers hold.
 */
import {isAbsolute, join, relative, sep} from 'node:path'

import {EXIT, type ExitCode} from '../cli/errors.js'
import {formatDiagnostic, hasErrors, type Diagnostic} from '../model/diagnostic.js'
import {FILES, type DataClass, type Inventory, type Waiver} from '../model/inventory.js'
import type {PlanOptionsRecord} from '../export/plan-document.js'
import {appendAll} from '../model/lists.js'
import {planWithoutDocument} from '../plan/run.js'
import type {Finding} from '../rules/rules.js'
import type {PlanFolderVerification} from '../verify/plan-files.js'
import {CHECK_RULES, USAGE_CODE, type CheckRule} from './catalog.js'

export const CHECK_FORMAT = 'kosh-check/1'

/** fail: counts against the check; warn: reported only; waived: a failing finding an unexpired waiver accepts. */
export type CheckStatus = 'fail' | 'warn' | 'waived'

export interface WaiverRef {
  owner: string
  expires: string
  justification: string
  /** waivers.csv as a path from the working directory, and its line. */
  file: string
  line: number
}

export interface CheckResult {
  /** A check rule (`R0`...`PLAN-INVALID`) or, for unusable input, a diagnostic code (`KOSH-BAD-NUMBER`). */
  rule: string
  /** The system, flow, zone, waiver, plan check or (input) place the result is about. */
  subject: string
  status: CheckStatus
  message: string
  /** Path from the working directory, forward slashes (`inventory/flows.csv`). */
  file?: string
  line?: number
  column?: number
  classes?: DataClass[]
  /** R1-R3 present today: the wave whose state no longer has it. */
  removedInWave?: number
  waiver?: WaiverRef
  hint?: string
}

export interface CheckReport {
  format: typeof CHECK_FORMAT
  ok: boolean
  exitCode: ExitCode
  strict: boolean
  /** The inventory folder as given. */
  inventory: string
  /** The plan folder as given (`--plan`). */
  plan?: string
  /** The rules evaluated, in catalog order (none when the input was unusable). */
  checked: CheckRule[]
  summary: {failed: number; warnings: number; waived: number}
  results: CheckResult[]
}

export interface CheckContext {
  /** The inventory folder as given on the command line. */
  inventoryDir: string
  /** Paths in the report are made relative to this folder when they lie inside it. */
  cwd: string
  strict: boolean
  planDir?: string
}

export interface CheckInput extends CheckContext {
  inventory: Inventory
  diagnostics: Diagnostic[]
  options: PlanOptionsRecord
  /** YYYY-MM-DD: a waiver whose `expires` is before it has expired. */
  today: string
  /** The given plan folder, verified against the inventory (only when the inventory is valid). */
  plan?: PlanFolderVerification
}

export function runCheck(input: CheckInput): CheckReport {
  const path = pathIn(input)
  if (hasErrors(input.diagnostics)) return report(input, [], input.diagnostics.map((d) => diagnosticResult(d, path)))

  const {inventory, today, strict} = input
  const results: CheckResult[] = []
  const at = (file: string, line?: number) => ({file: path(file), ...(line ? {line} : {})})
  const waivers = waiverIndex(inventory.waivers)
  const waiverOf = (rule: string, subject: string) => {
    const w = waivers.get(rule)?.get(subject)
    return w && w.expires >= today ? w : undefined
  }
  /** A finding that fails unless an unexpired waiver accepts it (`failing` false: reported only). */
  const finding = (f: Finding, failing: boolean, extra: Partial<CheckResult> = {}) => {
    const w = waiverOf(f.rule, f.subject)
    results.push({
      rule: f.rule, subject: f.subject, status: w ? 'waived' : failing ? 'fail' : 'warn', message: f.message,
      ...at(f.file, f.line), classes: f.classes, ...extra,
      ...(w ? {waiver: {owner: w.owner, expires: w.expires, justification: w.justification, file: path(FILES.waivers), line: w.line}} : {}),
    })
  }

  // The check reads the plan, its verification and its findings, never the plan document or a digest.
  const {plan, classification, findings, verification} = planWithoutDocument(inventory, input.options)

  // R0, R4: whatever the plan, they fail.
  for (const f of findings) finding(f, true)
  // R1-R3 present today: the plan removes them, so they fail only when strict.
  for (const p of verification.present) finding(p, strict, p.removedInWave !== undefined ? {removedInWave: p.removedInWave} : {})

  // Unknown classes: a gap, never a pass.
  inventory.systems.forEach((system, s) => {
    if (classification.effective[s] !== 0) return
    results.push({
      rule: 'GAP', subject: system.id, status: 'fail', ...at(FILES.systems, system.line),
      message: `${system.id} holds no known class: none is declared, no dataset shows one, no flow brings or takes one`,
      hint: 'declare its classes in systems.csv (public if it holds nothing sensitive)',
    })
  })

  // Expired waivers: an error of their own, pointing at their row.
  const expired = inventory.waivers.filter((w) => w.expires !== '' && w.expires < today)
  const reported = new Set(expired.length > 0 ? results.map((r) => key(r.rule, r.subject)) : [])
  for (const w of expired) {
    const by = w.owner ? ` (owner ${w.owner})` : ''
    results.push({
      rule: 'WAIVER-EXPIRED', subject: `${w.rule} ${w.subject}`, status: 'fail', ...at(FILES.waivers, w.line),
      message: `the waiver of ${w.rule} for ${w.subject}${by} expired on ${w.expires}${reported.has(key(w.rule, w.subject)) ? ': the finding it accepted counts again' : ''}`,
      hint: 'fix the finding and remove the waiver, or renew it with a new expires date',
    })
  }

  // A valid plan can be made with the given options.
  if (!plan.feasible) {
    for (const item of plan.infeasible) {
      results.push({rule: 'PLAN-INFEASIBLE', subject: item.systems.join(', ') || item.kind, status: 'fail', ...at(item.file, item.line), message: `${item.kind}: ${item.message}`})
    }
    if (plan.infeasible.length === 0) results.push({rule: 'PLAN-INFEASIBLE', subject: inventory.name, status: 'fail', message: 'no valid plan exists'})
  } else if (!verification.valid) {
    for (const c of verification.conditions) results.push({rule: 'PLAN-INFEASIBLE', subject: c.subject, status: 'fail', ...at(c.file, c.line), message: `the plan made fails verification: ${c.message}`})
    for (const f of [...verification.introduced, ...verification.final]) results.push({rule: 'PLAN-INFEASIBLE', subject: f.subject, status: 'fail', ...at(f.file, f.line), classes: f.classes, message: `the plan made fails verification: ${f.message}`})
  }

  // The given plan: current and valid.
  if (input.plan && input.planDir !== undefined) appendAll(results, planResults(input.planDir, input.plan, input.cwd))

  // Warnings of the loader (the inventory is usable).
  for (const d of input.diagnostics) results.push(diagnosticResult(d, path))

  const checked = CHECK_RULES.filter((rule) => !rule.startsWith('PLAN-') || rule === 'PLAN-INFEASIBLE' || input.plan !== undefined)
  return report(input, checked, results)
}

/** A usage problem (a bad flag, a missing plan folder): its own report, exit 2 unless the error says otherwise. */
export function usageReport(context: CheckContext, message: string, diagnostics: readonly Diagnostic[] = [], exitCode: ExitCode = EXIT.input): CheckReport {
  const path = pathIn(context)
  const results = diagnostics.map((d) => diagnosticResult(d, path))
  results.push({rule: USAGE_CODE, subject: 'kosh check', status: 'fail', message})
  return {...report(context, [], results), exitCode}
}

function planResults(dir: string, outcome: PlanFolderVerification, cwd: string): CheckResult[] {
  const results: CheckResult[] = []
  const planJson = fromCwd(cwd, join(dir, 'plan.json'))
  for (const c of outcome.checks) {
    if (c.ok) continue
    const file = c.check === 'waves-csv' ? fromCwd(cwd, join(dir, 'waves.csv')) : planJson
    results.push({rule: c.check === 'inventory-digest' ? 'PLAN-STALE' : 'PLAN-INVALID', subject: c.check, status: 'fail', file, message: c.message})
  }
  if (!outcome.ok && results.length === 0) {
    results.push({rule: 'PLAN-INVALID', subject: 'states', status: 'fail', file: planJson, message: 'the plan records that no valid plan exists'})
  }
  return results
}

function diagnosticResult(d: Diagnostic, path: (file: string) => string): CheckResult {
  const file = d.file ? path(d.file) : undefined
  const where = [file, d.line, d.line !== undefined ? d.column : undefined].filter((x) => x !== undefined).join(':')
  // The message without the location and code the result already carries.
  const text = formatDiagnostic({...d, file: undefined, hint: undefined}).replace(`${d.severity} ${d.code}: `, '')
  return {
    rule: d.code, subject: where || d.code, status: d.severity === 'error' ? 'fail' : 'warn', message: text,
    ...(file ? {file} : {}), ...(d.line !== undefined ? {line: d.line} : {}), ...(d.line !== undefined && d.column !== undefined ? {column: d.column} : {}),
    ...(d.hint ? {hint: d.hint} : {}),
  }
}

function report(context: CheckContext, checked: CheckRule[], results: CheckResult[]): CheckReport {
  results.sort(byPlace)
  const summary = {
    failed: results.filter((r) => r.status === 'fail').length,
    warnings: results.filter((r) => r.status === 'warn').length,
    waived: results.filter((r) => r.status === 'waived').length,
  }
  const input = results.some((r) => r.status === 'fail' && !(CHECK_RULES as readonly string[]).includes(r.rule))
  const exitCode = input ? EXIT.input : summary.failed > 0 ? EXIT.findings : EXIT.ok
  return {
    format: CHECK_FORMAT, ok: exitCode === EXIT.ok, exitCode, strict: context.strict, inventory: context.inventoryDir,
    ...(context.planDir !== undefined ? {plan: context.planDir} : {}), checked, summary, results,
  }
}

/**
 * A file named by a diagnostic or finding (relative to the inventory folder,
 * or the folder itself, or a path given on the command line) as CI needs it:
 * from the working directory, with forward slashes (`inventory/flows.csv`).
 */
function pathIn(context: CheckContext): (file: string) => string {
  // A million findings name a few files: each path is made once.
  const paths = new Map<string, string>()
  return (file) => {
    let path = paths.get(file)
    if (path === undefined) paths.set(file, (path = fromCwd(context.cwd, isAbsolute(file) || file === context.inventoryDir ? file : join(context.inventoryDir, file))))
    return path
  }
}

/** A path given on the command line, from the working directory when it lies inside it, with forward slashes. */
export function fromCwd(cwd: string, path: string): string {
  let shown = join(path)
  if (isAbsolute(shown)) {
    const rel = relative(cwd, shown)
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) shown = rel
  }
  return sep === '\\' ? shown.replaceAll('\\', '/') : shown
}

/** Waivers by rule, then subject: a finding is looked up without a key string made for it. */
function waiverIndex(waivers: readonly Waiver[]): Map<string, Map<string, Waiver>> {
  const index = new Map<string, Map<string, Waiver>>()
  for (const w of waivers) {
    let bySubject = index.get(w.rule)
    if (!bySubject) index.set(w.rule, (bySubject = new Map()))
    const seen = bySubject.get(w.subject)
    // Two rows for one finding: the later expiry is the one in force.
    if (!seen || w.expires > seen.expires) bySubject.set(w.subject, w)
  }
  return index
}

const key = (rule: string, subject: string) => `${rule}\u0000${subject}`

const RULE_ORDER = new Map<string, number>(CHECK_RULES.map((r, i) => [r, i]))

/** By file, line, column, then rule (catalog order, input codes after) and subject; results with no file last. */
function byPlace(a: CheckResult, b: CheckResult): number {
  return (
    Number(a.file === undefined) - Number(b.file === undefined) ||
    cmp(a.file ?? '', b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    (RULE_ORDER.get(a.rule) ?? 99) - (RULE_ORDER.get(b.rule) ?? 99) ||
    cmp(a.rule, b.rule) ||
    cmp(a.subject, b.subject)
  )
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

