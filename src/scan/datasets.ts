/**
 * From column verdicts to datasets.csv rows, and merging them into an
 * existing datasets.csv.
 *
 * Which columns become rows (`isReported`):
 * - every column the verdict gives a class (by its values, its name or both);
 * - a column whose values a detector explains at the threshold ratio but that
 *   gives no class: a BIN column (a company's number is not personal data,
 *   but a reviewer should know it is there) and ICD-10 shaped codes in a
 *   table without a health hint (product codes, or a diagnosis column under
 *   a name kosh does not know: a reviewer decides). Such rows have empty
 *   `classes`, so they change no plan.
 * Not written: hits below the threshold (noise: about one random digit
 * string in ten passes Luhn), and names that only refer to personal data
 * (`address_id`) without values that say so.
 *
 * Merging (`--out` onto an existing file): the scan replaces what it looked
 * at and nothing else.
 * - rows of other systems: kept as they are;
 * - rows of this system in a schema the scan did not cover (`--schema`), or
 *   whose dataset is not `schema.table` of a covered schema: kept;
 * - rows of this system for a relation the scan had to skip: kept (what was
 *   found before still stands), and that relation's columns that are reported
 *   by their names alone are added only where no row exists yet;
 * - every other row of this system: replaced by the scan's rows. A replaced
 *   row's extra columns (notes, owners) are carried over to the new row for
 *   the same dataset and column.
 * The header keeps its order and extra columns; missing standard columns are
 * added at the end. Rows are sorted by system, dataset, column (code-unit
 * order), then by their whole content, so the same inputs give the same bytes.
 */
import {readFile} from 'node:fs/promises'

import {EXIT, KoshError} from '../cli/errors.js'
import {csvDocument} from '../csv/write.js'
import {readCsv} from '../load/csv-file.js'
import {hasErrors} from '../model/diagnostic.js'
import {THRESHOLDS, evidenceText, type ColumnVerdict} from './classify-column.js'
import {compareText, type ColumnResult} from './scan.js'

export const DATASET_COLUMNS = ['system', 'dataset', 'column', 'classes', 'evidence'] as const

export interface DatasetRow {
  system: string
  dataset: string
  column: string
  /** `;` list, canonical order; empty for a reported column without a class. */
  classes: string
  /** Detector names, hit counts and ratios, dictionary terms: never a sampled value. */
  evidence: string
}

/** Whether a column becomes a datasets.csv row (see the header). */
export function isReported(verdict: ColumnVerdict): boolean {
  if (verdict.classes.length > 0) return true
  return verdict.evidence.some(
    (e) => e.kind === 'value' && (e.counted || (e.reason === 'no-health-context' && e.ratio >= THRESHOLDS.ratio)),
  )
}

/** The rows for one system's scan, sorted. */
export function datasetRows(system: string, columns: readonly ColumnResult[]): DatasetRow[] {
  return columns
    .filter((c) => isReported(c.verdict))
    .map((c) => ({system, dataset: c.dataset, column: c.column, classes: c.verdict.classes.join(';'), evidence: evidenceText(c.verdict)}))
    .sort((a, b) => compareText(a.dataset, b.dataset) || compareText(a.column, b.column))
}

export interface DatasetsTable {
  header: string[]
  records: string[][]
}

export interface MergeScope {
  system: string
  /** Schemas the scan covered. */
  schemas: readonly string[]
  /** Datasets (`schema.table`) the scan had to skip. */
  skipped: ReadonlySet<string>
}

export interface MergeResult extends DatasetsTable {
  /** Rows of other systems, or of this system outside the scan, kept as they were. */
  kept: number
  /** Rows of this system the scan replaced (removed). */
  replaced: number
  /** Rows written from this scan. */
  written: number
}

export function mergeDatasets(existing: DatasetsTable | undefined, rows: readonly DatasetRow[], scope: MergeScope): MergeResult {
  const header = [...(existing?.header ?? [])]
  for (const name of DATASET_COLUMNS) if (!header.includes(name)) header.push(name)
  const at = Object.fromEntries(DATASET_COLUMNS.map((name) => [name, header.indexOf(name)])) as Record<(typeof DATASET_COLUMNS)[number], number>
  const key = (dataset: string, column: string) => `${dataset}\u0000${column}`
  const covered = (dataset: string) => scope.schemas.some((schema) => dataset.startsWith(`${schema}.`))

  const records: string[][] = []
  const keptOfSkipped = new Set<string>()
  const replacedByKey = new Map<string, string[]>()
  let kept = 0
  let replaced = 0
  for (const raw of existing?.records ?? []) {
    const record = header.map((_, i) => raw[i] ?? '')
    const dataset = record[at.dataset]!
    const mine = record[at.system] === scope.system && covered(dataset)
    if (!mine || scope.skipped.has(dataset)) {
      if (mine) keptOfSkipped.add(key(dataset, record[at.column]!))
      records.push(record)
      kept++
    } else {
      replacedByKey.set(key(dataset, record[at.column]!), record)
      replaced++
    }
  }

  let written = 0
  for (const row of rows) {
    const k = key(row.dataset, row.column)
    if (keptOfSkipped.has(k)) continue
    // A replaced row's extra columns carry over; the standard ones come from the scan.
    const record = replacedByKey.get(k)?.slice() ?? header.map(() => '')
    record[at.system] = row.system
    record[at.dataset] = row.dataset
    record[at.column] = row.column
    record[at.classes] = row.classes
    record[at.evidence] = row.evidence
    records.push(record)
    written++
  }

  records.sort(
    (a, b) =>
      compareText(a[at.system]!, b[at.system]!) ||
      compareText(a[at.dataset]!, b[at.dataset]!) ||
      compareText(a[at.column]!, b[at.column]!) ||
      compareText(a.join('\u0000'), b.join('\u0000')),
  )
  return {header, records, kept, replaced, written}
}

export function renderDatasets(table: DatasetsTable): string {
  return csvDocument(table.header, table.records)
}

/**
 * An existing datasets.csv, or undefined when there is none (or it is empty).
 * A file that cannot be merged safely (not UTF-8, not valid CSV, no `system` or
 * `dataset` column) is a KoshError (exit 2) with its diagnostics: nothing is scanned or written.
 */
export async function readDatasetsFile(path: string): Promise<DatasetsTable | undefined> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return undefined
    throw new KoshError(`${path} cannot be read (${code ?? 'error'}); nothing was scanned`, EXIT.input)
  }
  if (bytes.toString('utf8').replace(/^\uFEFF/, '').trim() === '') return undefined
  const {table, diagnostics} = await readCsv(path, bytes)
  if (!table || hasErrors(diagnostics)) {
    throw new KoshError(`${path} is not a CSV file kosh can merge into; fix it or choose another --out. Nothing was scanned`, EXIT.input, diagnostics)
  }
  const missing = ['system', 'dataset'].filter((name) => !table.header.includes(name))
  if (missing.length > 0) {
    throw new KoshError(`${path} has no ${missing.join(' or ')} column: it is not a datasets.csv (expected ${DATASET_COLUMNS.join(',')}). Nothing was scanned`, EXIT.input)
  }
  return {header: table.header, records: table.records}
}
