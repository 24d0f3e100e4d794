/**
 * The result `kosh scan` returns (its `--json` document) and its text
 * rendering: a summary line and a table of reported columns. Built from
 * verdicts only: names, classes, detector names, counts and ratios, never a
 * sampled value.
 */
import {maxOf} from '../model/lists.js'
import type {ColumnEvidence} from './classify-column.js'
import {isReported, type DatasetRow} from './datasets.js'
import type {ScanResult} from './scan.js'

export interface ReportedColumn {
  dataset: string
  column: string
  classes: string[]
  kind: string
  ratio: number
  sampled: number
  mixed: boolean
  valuesRead: boolean
  evidence: ColumnEvidence[]
}

export interface SkippedRelation {
  dataset: string
  kind: string
  /** SQLSTATE. */
  code: string
  /** Fixed reason, never the server's message. */
  reason: string
}

export interface ScanReport {
  system: string
  database: string
  schemas: string[]
  sample: number
  concurrency: number
  timeoutMs: number
  connections: number
  /** Every relation was read; false when some were skipped (exit code 1). */
  complete: boolean
  relations: {total: number; scanned: number; skipped: number}
  columns: {total: number; valuesRead: number; reported: number}
  skipped: SkippedRelation[]
  reported: ReportedColumn[]
  /** The datasets.csv rows of this scan. */
  rows: DatasetRow[]
  /** Where the rows were merged (`--out`). */
  out?: {file: string; written: number; replaced: number; kept: number}
}

export function scanReport(system: string, scan: ScanResult, rows: DatasetRow[], out?: ScanReport['out']): ScanReport {
  const skipped = scan.relations.filter((r) => r.status === 'skipped')
  return {
    system,
    database: scan.database,
    schemas: scan.schemas,
    sample: scan.sample,
    concurrency: scan.concurrency,
    timeoutMs: scan.timeoutMs,
    connections: scan.connections,
    complete: skipped.length === 0,
    relations: {total: scan.relations.length, scanned: scan.relations.length - skipped.length, skipped: skipped.length},
    columns: {
      total: scan.columns.length,
      valuesRead: scan.columns.filter((c) => c.valuesRead).length,
      reported: scan.columns.filter((c) => isReported(c.verdict)).length,
    },
    skipped: skipped.map((r) => ({dataset: r.dataset, kind: r.kind, code: r.code ?? 'unknown', reason: r.reason ?? ''})),
    reported: scan.columns
      .filter((c) => isReported(c.verdict))
      .map((c) => ({
        dataset: c.dataset,
        column: c.column,
        classes: c.verdict.classes,
        kind: c.verdict.kind,
        ratio: c.verdict.ratio,
        sampled: c.verdict.sampled,
        mixed: c.verdict.mixed,
        valuesRead: c.valuesRead,
        evidence: c.verdict.evidence,
      })),
    rows,
    ...(out ? {out} : {}),
  }
}

/** The text for stdout: a summary line, the table of reported columns, and what was written. */
export function renderScanReport(report: ScanReport): string {
  const r = report.relations
  const lines = [
    `${report.system}: ${report.database}: ${r.total} relation(s), ${r.scanned} scanned, ${r.skipped} skipped; ` +
      `${report.columns.reported} of ${report.columns.total} column(s) reported`,
  ]
  if (report.rows.length > 0) {
    const table = [['COLUMN', 'CLASSES', 'EVIDENCE'], ...report.rows.map((row) => [`${row.dataset}.${row.column}`, row.classes || '-', row.evidence])]
    const widths = [0, 1].map((i) => maxOf(table.map((cells) => [...cells[i]!].length)))
    lines.push('')
    for (const cells of table) lines.push(`${pad(cells[0]!, widths[0]!)}  ${pad(cells[1]!, widths[1]!)}  ${cells[2]}`.trimEnd())
  }
  if (report.skipped.length > 0) {
    lines.push('', `not read: ${report.skipped.map((s) => s.dataset).join(', ')}`)
  }
  if (report.out) {
    lines.push('', `${report.out.file}: ${report.out.written} row(s) of ${report.system} written, ${report.out.replaced} replaced, ${report.out.kept} kept`)
  }
  return lines.join('\n')
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length))
}
