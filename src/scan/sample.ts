/**
 * Sampling one relation: a single query, in a read-only transaction, with a
 * statement timeout.
 *
 * Every transaction starts `BEGIN TRANSACTION READ ONLY` and sets, for itself
 * only (`SET LOCAL`), a statement timeout, an idle-in-transaction timeout
 * (should kosh stop mid-way, the server ends the transaction itself) and
 * `synchronize_seqscans = off` (a sequential scan always starts at the first
 * page, so the same table gives the same sample). It always ends in ROLLBACK:
 * there is nothing to commit. A read-only transaction refuses INSERT, UPDATE,
 * DELETE, DDL and nextval(), including from a function a view calls.
 *
 * One query per relation, all sampled columns at once: `SELECT left("a"::text,
 * 257), left("b"::text, 257) ... FROM "s"."t" LIMIT $1`. This reads N rows and
 * takes each column's non-null values among them. A query per column with
 * `WHERE col IS NOT NULL LIMIT N` would find more values in a sparse column,
 * but costs a query per column and, on a big table whose column is almost
 * always null, a full scan that runs into the timeout. So a mostly empty
 * column gets fewer sampled values (its name still counts, and with fewer than
 * three values every value must hit: see THRESHOLDS).
 *
 * Big tables (planner estimate of at least BIG_TABLE_ROWS rows) are sampled
 * with `TABLESAMPLE SYSTEM (p) REPEATABLE (0)`, p chosen to return about ten
 * times N rows, so the sample comes from pages all over the table rather than
 * only its oldest rows, at the cost of reading a few scattered pages. The
 * seed is fixed, so the same table gives the same sample. Should the estimate
 * be stale and the sample come back short, the plain LIMIT query runs after
 * it. Views cannot be TABLESAMPLEd and always take the plain LIMIT.
 *
 * Values are cut to MAX_VALUE_LENGTH + 1 characters on the server, so a column
 * of documents costs no more than a column of codes; a longer value cannot be
 * any of the values the detectors accept and is replaced by a marker that no
 * detector accepts (it still counts as a sampled value). Sampled values live
 * only in this function's result and the classifier's arguments: they are
 * never logged, returned by the scan, or part of an error.
 */
import type pg from 'pg'

import type {CatalogRelation} from './catalog.js'

/** Longest value a detector can accept (an e-mail address is at most 254 characters). */
export const MAX_VALUE_LENGTH = 256

/** Planner estimate from which TABLESAMPLE is used. */
export const BIG_TABLE_ROWS = 100_000

/** Stands for a value longer than MAX_VALUE_LENGTH: not blank, accepted by no detector. */
const TOO_LONG = '\u0000'

/** An SQL identifier, quoted: `"a""b"` for a"b. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

export type SampleMethod = 'limit' | 'tablesample' | 'names-only'

export interface SampleQuery {
  text: string
  method: Exclude<SampleMethod, 'names-only'>
}

/** The sampling query for a relation's sampled columns; the row limit is `$1`. */
export function sampleQuery(relation: CatalogRelation, sample: number, method: SampleQuery['method'] = chooseMethod(relation, sample)): SampleQuery {
  const columns = relation.columns.filter((c) => c.sampled)
  const select = columns.map((c, i) => `left(${quoteIdent(c.name)}::text, ${MAX_VALUE_LENGTH + 1}) AS c${i}`).join(', ')
  const from = `${quoteIdent(relation.schema)}.${quoteIdent(relation.name)}`
  const tablesample = method === 'tablesample' ? ` TABLESAMPLE SYSTEM (${samplePercent(relation.estimatedRows, sample)}) REPEATABLE (0)` : ''
  return {text: `SELECT ${select} FROM ${from}${tablesample} LIMIT $1`, method}
}

export function chooseMethod(relation: CatalogRelation, sample: number): SampleQuery['method'] {
  const sampleable = relation.kind === 'table' || relation.kind === 'partitioned table' || relation.kind === 'materialized view'
  return sampleable && relation.estimatedRows >= Math.max(BIG_TABLE_ROWS, sample * 100) ? 'tablesample' : 'limit'
}

/** Percent of pages that returns about ten times `sample` rows, as a literal with enough digits. */
export function samplePercent(estimatedRows: number, sample: number): string {
  const percent = Math.min(100, (100 * sample * 10) / estimatedRows)
  return String(Number(percent.toPrecision(3)))
}

export interface Sample {
  method: SampleMethod
  /** Rows read. */
  rows: number
  /** Per sampled column (in `relation.columns` order, sampled ones only): its non-null values. */
  values: string[][]
}

export interface TransactionSettings {
  /** statement_timeout, in milliseconds. */
  timeoutMs: number
}

/**
 * Run `work` in a read-only transaction with a statement timeout; always roll
 * back. A failure of `work` is thrown after the rollback (the caller decides
 * what it means); a failed rollback leaves the error of `work` to tell.
 */
export async function inReadOnlyTransaction<T>(client: pg.Client, settings: TransactionSettings, work: () => Promise<T>): Promise<T> {
  const timeout = Math.max(1, Math.floor(settings.timeoutMs))
  await client.query('BEGIN TRANSACTION READ ONLY')
  try {
    // Integers formatted here, not parameters: SET does not take parameters.
    await client.query(`SET LOCAL statement_timeout = ${timeout}`)
    await client.query(`SET LOCAL idle_in_transaction_session_timeout = ${Math.max(timeout * 2, 10_000)}`)
    await client.query('SET LOCAL synchronize_seqscans = off')
    return await work()
  } finally {
    await client.query('ROLLBACK').catch(() => {})
  }
}

/** Sample a relation's sampled columns (see the header). Runs inside the caller's transaction. */
export async function sampleRelation(client: pg.Client, relation: CatalogRelation, sample: number): Promise<Sample> {
  const count = relation.columns.filter((c) => c.sampled).length
  if (count === 0) return {method: 'names-only', rows: 0, values: []}
  let query = sampleQuery(relation, sample)
  let result = await client.query<unknown[]>({text: query.text, values: [sample], rowMode: 'array'})
  if (query.method === 'tablesample' && result.rows.length < sample) {
    query = sampleQuery(relation, sample, 'limit')
    result = await client.query<unknown[]>({text: query.text, values: [sample], rowMode: 'array'})
  }
  const values: string[][] = Array.from({length: count}, () => [])
  for (const row of result.rows) {
    for (let i = 0; i < count; i++) {
      const value = row[i]
      if (typeof value !== 'string') continue
      values[i]!.push(value.length > MAX_VALUE_LENGTH ? TOO_LONG : value)
    }
  }
  return {method: query.method, rows: result.rows.length, values}
}
