/**
 * Classifying one database column from its name and a sample of its values.
 *
 * Every value detector runs over the sampled values (trimmed; null and blank
 * values are not sampled evidence), and the column's name, table and schema
 * are read for hints (detectors/names.ts). The verdict lists every piece of
 * evidence found, counted or not, so that mixed or weak evidence is reported
 * rather than hidden; only counts, ratios, detector names and dictionary terms
 * leave this module, never a sampled value.
 *
 * When values count (see THRESHOLDS for the numbers and why):
 * 1. Detectors are taken in order of hits (ties: the order of VALUE_DETECTORS).
 *    Each claims the values it hits that no earlier detector claimed, so a
 *    value is credited once: in a column of IINs the few that also pass Luhn
 *    are already claimed by the IIN detector and do not make it a card column.
 * 2. A detector qualifies when its claimed values reach the floor share of the
 *    sample and the minimum number of hits. A detector that needs a health
 *    context (ICD-10) qualifies only with one.
 * 3. The column is classified by its values when the qualifying detectors
 *    together claim at least the threshold share of the sample. Then each of
 *    them counts and gives its classes. Two or more qualifying detectors make
 *    the verdict `mixed` (a contact column of e-mails and phone numbers, a
 *    counterparty column of IINs and BINs).
 * Name hints with classes count on their own. The verdict's classes are the
 * union of everything that counted, closed under implication (health implies
 * personal).
 */
import {closeClasses, type DataClass} from '../model/inventory.js'
import {binDetector, iinDetector} from './detectors/iin.js'
import {cardDetector} from './detectors/card.js'
import type {Detector} from './detectors/detector.js'
import {emailDetector} from './detectors/email.js'
import {ibanDetector} from './detectors/iban.js'
import {icd10Detector} from './detectors/icd10.js'
import {columnNameHints, hasHealthContext, tableContext, type NameHint, type TableContext} from './detectors/names.js'
import {phoneDetector} from './detectors/phone.js'

export type {Detector} from './detectors/detector.js'

/** Every value detector, in tie-break order: the more specific check first. */
export const VALUE_DETECTORS: readonly Detector[] = [
  iinDetector,
  binDetector,
  ibanDetector,
  cardDetector,
  phoneDetector,
  emailDetector,
  icd10Detector,
]

export interface Thresholds {
  /** Share of sampled values the qualifying detectors must explain together for the values to classify the column. */
  ratio: number
  /** Share of sampled values one detector must explain (beyond what others explained) to take part. */
  floor: number
  /** Hits one detector needs at least; when fewer values are sampled, every sampled value. */
  minHits: number
}

/**
 * Why these numbers. The checksums make a single false hit rare but not rare
 * enough to trust one value: about 1 random 12-digit string in 10 passes the
 * IIN check (12/121) and 1 digit string in 10 passes Luhn. So a ratio near 0.1
 * is what noise looks like and a high ratio is signal.
 * - ratio 0.6: six times the noise level of the weakest checks. With 10
 *   sampled values of random digits, 6 or more Luhn passes happen in about
 *   1.5 columns in 10,000 (binomial, p = 0.1); with 100 values, never in
 *   practice. It still tolerates dirty columns: up to 40% placeholders (`-`,
 *   `n/a`), typos, masked values or foreign formats. A lower ratio would catch
 *   dirtier columns, but the shape-only detectors (phone, e-mail) have no
 *   checksum to keep it honest, and a name hint already flags the column
 *   whatever its values.
 * - floor 0.2: twice the noise level, so a detector's share of a mixed column
 *   is evidence only when it is clearly above chance.
 * - minHits 3: with very small samples one or two passing values are a coin
 *   toss, so three hits are needed, or every value when fewer than three are
 *   sampled (a one-row table whose single value is a valid IIN counts: missing
 *   a person's IIN costs more than a reviewer's second look).
 */
export const THRESHOLDS: Readonly<Thresholds> = Object.freeze({ratio: 0.6, floor: 0.2, minHits: 3})

/** Why a detector's hits did not count. */
export type NotCountedReason =
  /** ICD-10 shaped values without a health hint in the column, table or schema name. */
  | 'no-health-context'
  /** The values it could claim (not already explained by a stronger detector) stay under the floor or the minimum hits. */
  | 'below-floor'
  /** It qualified, but all qualifying detectors together explain less than the threshold ratio. */
  | 'below-threshold'

export interface ValueEvidence {
  kind: 'value'
  /** Detector name, e.g. `iin-checksum`. */
  detector: string
  /** Sampled values the detector accepts. */
  hits: number
  /** Sampled non-blank values. */
  sampled: number
  /** hits / sampled. */
  ratio: number
  /** Classes this evidence gave the verdict: the detector's classes when it counted, else none. */
  classes: DataClass[]
  /** Whether these hits counted towards the verdict (a BIN column counts, with no class). */
  counted: boolean
  reason?: NotCountedReason
}

export interface NameEvidence {
  kind: 'name'
  /** `name-hint` for the column's own name, `table-hint` for context the table or schema gave. */
  detector: 'name-hint' | 'table-hint'
  /** Hint id, e.g. `iin`, `health`, `person-name`. */
  hint: string
  /** The dictionary term that matched (never the raw name). */
  term: string
  /** Classes this evidence gave the verdict; none for a table hint, a business id, a reference or an attribute. */
  classes: DataClass[]
  qualifier?: 'reference' | 'attribute'
  /** Whether this hint gave the verdict classes; a table hint never does (it is context that made other evidence count). */
  counted: boolean
}

export type ColumnEvidence = ValueEvidence | NameEvidence

export interface ColumnVerdict {
  /** Closed under implication, in canonical order; empty: nothing sensitive found. */
  classes: DataClass[]
  /** Which kind of evidence counted: values, the name, both, or none. */
  kind: 'value' | 'name' | 'value+name' | 'none'
  /** Share of the sample explained by the counted value detectors (0 when values did not count). */
  ratio: number
  /** Sampled non-blank values. */
  sampled: number
  /** Two or more value detectors each explain a clear share of the sample. */
  mixed: boolean
  /** Every piece of evidence: value evidence by hits (then detector order), then name hints, then table hints. */
  evidence: ColumnEvidence[]
}

export interface ColumnInput {
  schema: string
  table: string
  column: string
  /** Sampled values as text; null, undefined and blank values are skipped. */
  values: readonly (string | null | undefined)[]
}

export interface ClassifyOptions {
  thresholds?: Partial<Thresholds>
  detectors?: readonly Detector[]
}

export function classifyColumn(input: ColumnInput, options: ClassifyOptions = {}): ColumnVerdict {
  const thresholds: Thresholds = {...THRESHOLDS, ...options.thresholds}
  const detectors = options.detectors ?? VALUE_DETECTORS

  const context = tableContext(input.schema, input.table)
  const hints = columnNameHints(input.column, context)
  const healthContext = hasHealthContext(hints, context)

  const values: string[] = []
  for (const raw of input.values) {
    const value = raw?.trim()
    if (value) values.push(value)
  }
  const byValue = valueEvidence(values, detectors, healthContext, thresholds)

  const nameEvidence: NameEvidence[] = hints.map((hint) => ({
    kind: 'name',
    detector: 'name-hint',
    hint: hint.hint,
    term: hint.term,
    classes: [...hint.classes],
    ...(hint.qualifier ? {qualifier: hint.qualifier} : {}),
    counted: hint.classes.length > 0,
  }))
  const tableEvidence = usedTableHints(hints, context, byValue.evidence).map(
    (hint): NameEvidence => ({kind: 'name', detector: 'table-hint', hint: hint.hint, term: hint.term, classes: [], counted: false}),
  )

  const valueCounted = byValue.evidence.some((e) => e.counted)
  const nameCounted = nameEvidence.some((e) => e.counted)
  const classes = closeClasses([...byValue.evidence, ...nameEvidence].flatMap((e) => e.classes))
  return {
    classes,
    kind: valueCounted ? (nameCounted ? 'value+name' : 'value') : nameCounted ? 'name' : 'none',
    ratio: valueCounted ? byValue.coverage : 0,
    sampled: values.length,
    mixed: byValue.qualifying >= 2,
    evidence: [...byValue.evidence, ...nameEvidence, ...tableEvidence],
  }
}

interface ValueResult {
  evidence: ValueEvidence[]
  /** Share of the sample claimed by qualifying detectors. */
  coverage: number
  qualifying: number
}

function valueEvidence(values: readonly string[], detectors: readonly Detector[], healthContext: boolean, t: Thresholds): ValueResult {
  const n = values.length
  if (n === 0) return {evidence: [], coverage: 0, qualifying: 0}

  const runs = detectors
    .map((detector, order) => {
      const hit = values.map((value) => detector.test(value))
      return {detector, order, hit, hits: hit.filter(Boolean).length}
    })
    .filter((run) => run.hits > 0)
    .sort((a, b) => b.hits - a.hits || a.order - b.order)

  const minHits = Math.min(t.minHits, n)
  const claimed = new Array<boolean>(n).fill(false)
  let claimedCount = 0
  const qualified = new Set<Detector>()
  const reasons = new Map<Detector, NotCountedReason>()
  for (const run of runs) {
    if (run.detector.requires === 'health-context' && !healthContext) {
      reasons.set(run.detector, 'no-health-context')
      continue
    }
    const fresh = run.hit.reduce((count, hit, i) => (hit && !claimed[i] ? count + 1 : count), 0)
    if (fresh < minHits || fresh / n < t.floor) {
      reasons.set(run.detector, 'below-floor')
      continue
    }
    run.hit.forEach((hit, i) => {
      if (hit && !claimed[i]) {
        claimed[i] = true
        claimedCount++
      }
    })
    qualified.add(run.detector)
  }

  const coverage = claimedCount / n
  const passes = coverage >= t.ratio
  const evidence = runs.map((run): ValueEvidence => {
    const counted = passes && qualified.has(run.detector)
    const reason = reasons.get(run.detector) ?? (counted ? undefined : 'below-threshold')
    return {
      kind: 'value',
      detector: run.detector.name,
      hits: run.hits,
      sampled: n,
      ratio: run.hits / n,
      classes: counted ? [...run.detector.classes] : [],
      counted,
      ...(reason ? {reason} : {}),
    }
  })
  return {evidence, coverage, qualifying: qualified.size}
}

/** Table hints worth reporting: those that made a column hint or a detector's hits count. */
function usedTableHints(hints: readonly NameHint[], context: TableContext, evidence: readonly ValueEvidence[]): NameHint[] {
  const used: NameHint[] = []
  const icdCounted = evidence.some((e) => e.detector === icd10Detector.name && e.counted)
  const columnHealth = hints.some((hint) => hint.hint === 'health')
  if (context.health && icdCounted && !columnHealth) used.push(context.health)
  for (const hint of hints) if (hint.context && !used.includes(hint.context)) used.push(hint.context)
  return used
}

const REASON_TEXT: Record<NotCountedReason, string> = {
  'no-health-context': 'no health context',
  'below-floor': 'not counted',
  'below-threshold': 'below threshold',
}

/**
 * One line for a report or datasets.csv: `iin-checksum 48/50 (0.96); name-hint iin (жсн)`.
 * Built only from counts, detector names and dictionary terms: never a sampled value.
 */
export function evidenceText(verdict: Pick<ColumnVerdict, 'evidence'>): string {
  return verdict.evidence.map(evidenceItemText).join('; ')
}

function evidenceItemText(e: ColumnEvidence): string {
  if (e.kind === 'value') {
    const notes = [e.ratio.toFixed(2)]
    if (e.reason) notes.push(REASON_TEXT[e.reason])
    return `${e.detector} ${e.hits}/${e.sampled} (${notes.join(', ')})`
  }
  const notes: string[] = []
  if (e.term !== e.hint) notes.push(e.term)
  if (e.qualifier) notes.push(e.qualifier)
  return notes.length > 0 ? `${e.detector} ${e.hint} (${notes.join(', ')})` : `${e.detector} ${e.hint}`
}
