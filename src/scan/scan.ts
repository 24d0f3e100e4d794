/**
 * The scan: a PostgreSQL database -> a verdict for every column of every
 * relation, and which relations could not be read.
 *
 * Steps, in order:
 * 1. Open the first connection, so a wrong URL, password or database ends the
 *    scan at once (exit 2) before anything else is tried.
 * 2. Read the catalog on it, in a read-only transaction (catalog.ts). A
 *    schema given with `--schema` that does not exist is a usage error: a
 *    typo must not pass for a clean database.
 * 3. Open the other connections: `min(concurrency, relations)` in all, never
 *    more. Each queue task takes an idle connection from this fixed set and
 *    gives it back, and the queue runs as many tasks at once as there are
 *    connections, so there is always one idle when a task starts.
 * 4. Sample each relation in its own read-only transaction with a statement
 *    timeout (sample.ts) and classify its columns (classify-column.ts). The
 *    sampled values are dropped as soon as the verdicts exist.
 * 5. A relation that fails (timeout, privilege, a view that errors) is
 *    recorded as skipped with its SQLSTATE and a fixed reason (failure.ts);
 *    its transaction is rolled back and the connection serves the next one.
 *    Its columns are still read by their names. A connection that breaks
 *    stops the scan: nothing new is scheduled, the tables in flight finish,
 *    and the scan ends with exit code 2 (nothing is written).
 */
import PQueue from 'p-queue'
import type pg from 'pg'

import {EXIT, KoshError} from '../cli/errors.js'
import {readCatalog, type Catalog, type CatalogRelation, type RelationKind} from './catalog.js'
import {classifyColumn, type ClassifyOptions, type ColumnVerdict} from './classify-column.js'
import {clientConfig, closeConnection, defaultConnector, describeTarget, openConnection, targetOf, type Connector} from './connection.js'
import {failureText, sampleFailure, type SampleFailure} from './failure.js'
import {inReadOnlyTransaction, sampleRelation, type SampleMethod} from './sample.js'

export const SCAN_DEFAULTS = Object.freeze({sample: 200, concurrency: 4, timeoutMs: 10_000})

/** The catalog query gets at least this long, whatever --timeout-ms says: it is one query over the whole database. */
const CATALOG_TIMEOUT_MS = 30_000

export interface ScanOptions {
  databaseUrl: string
  /** Only these schemas; empty or absent: every non-system schema. */
  schemas?: readonly string[]
  /** Rows sampled per relation (default 200). */
  sample?: number
  /** Connections at most (default 4). */
  concurrency?: number
  /** Statement timeout per relation, in milliseconds (default 10 000). */
  timeoutMs?: number
  /** How connections are opened (tests count them). */
  connector?: Connector
  classify?: ClassifyOptions
  /** After each relation, scanned or skipped. */
  onProgress?: (progress: ScanProgress) => void
  /** When a relation is skipped. */
  onSkip?: (relation: RelationOutcome) => void
}

export interface ScanProgress {
  done: number
  total: number
  skipped: number
}

export interface RelationOutcome {
  /** `schema.table`, as written in datasets.csv. */
  dataset: string
  schema: string
  table: string
  kind: RelationKind
  status: 'scanned' | 'skipped'
  /** How it was sampled; `names-only` when no column has a sampled type. Absent when skipped. */
  method?: SampleMethod
  /** Rows read (absent when skipped). */
  rows?: number
  columns: number
  /** SQLSTATE of the failure (skipped only). */
  code?: string
  /** A fixed reason chosen from the code, never the server's message (skipped only). */
  reason?: string
}

export interface ColumnResult {
  dataset: string
  schema: string
  table: string
  column: string
  /** Whether its values were sampled (false: its type cannot hold what the detectors look for, or its table was skipped). */
  valuesRead: boolean
  verdict: ColumnVerdict
}

export interface ScanResult {
  /** `user@host:port/database`, never the password. */
  database: string
  /** The schemas the scan covered: the given ones, or every non-system schema found. */
  schemas: string[]
  sample: number
  concurrency: number
  timeoutMs: number
  /** Connections opened. */
  connections: number
  /** Sorted by dataset. */
  relations: RelationOutcome[]
  /** Every column of every relation, sorted by dataset, then by position in its table. */
  columns: ColumnResult[]
}

export async function scanDatabase(options: ScanOptions): Promise<ScanResult> {
  const sample = options.sample ?? SCAN_DEFAULTS.sample
  const concurrency = options.concurrency ?? SCAN_DEFAULTS.concurrency
  const timeoutMs = options.timeoutMs ?? SCAN_DEFAULTS.timeoutMs
  if (!Number.isInteger(sample) || sample < 1) throw new KoshError('--sample must be a whole number of at least 1', EXIT.input)
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new KoshError('--concurrency must be a whole number of at least 1', EXIT.input)
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new KoshError('--timeout-ms must be a whole number of at least 1', EXIT.input)

  const config = clientConfig({url: options.databaseUrl})
  const database = describeTarget(targetOf(config))
  const connector = options.connector ?? defaultConnector
  const clients: pg.Client[] = [await openConnection(config, connector)]
  try {
    const catalog = await catalogOf(clients[0]!, options.schemas, timeoutMs, database)
    const wanted = Math.min(concurrency, catalog.relations.length)
    const more = await Promise.allSettled(Array.from({length: Math.max(0, wanted - 1)}, () => openConnection(config, connector)))
    for (const opened of more) if (opened.status === 'fulfilled') clients.push(opened.value)
    const refused = more.find((opened) => opened.status === 'rejected')
    if (refused) throw (refused as PromiseRejectedResult).reason

    const {relations, columns, fatal} = await scanRelations(catalog.relations, clients, {...options, sample, timeoutMs})
    if (fatal) {
      throw new KoshError(`the scan of ${database} stopped: ${failureText(fatal.failure, timeoutMs)} while reading ${fatal.dataset}; nothing was written`, EXIT.input)
    }
    return {database, schemas: catalog.schemas, sample, concurrency, timeoutMs, connections: clients.length, relations, columns}
  } finally {
    await Promise.all(clients.map(closeConnection))
  }
}

async function catalogOf(client: pg.Client, schemas: readonly string[] | undefined, timeoutMs: number, database: string): Promise<Catalog> {
  let catalog: Catalog
  try {
    catalog = await inReadOnlyTransaction(client, {timeoutMs: Math.max(timeoutMs, CATALOG_TIMEOUT_MS)}, () => readCatalog(client, schemas))
  } catch (error) {
    throw new KoshError(`cannot read the catalog of ${database}: ${failureText(sampleFailure(error))}`, EXIT.input)
  }
  const missing = [...new Set(schemas ?? [])].filter((schema) => !catalog.schemas.includes(schema)).sort()
  if (missing.length > 0) {
    const list = missing.map((schema) => `"${schema}"`).join(', ')
    throw new KoshError(`${database} has no schema ${list} (or it is a system schema); omit --schema to scan every schema`, EXIT.input)
  }
  return catalog
}

interface RelationsOutcome {
  relations: RelationOutcome[]
  columns: ColumnResult[]
  fatal?: {dataset: string; failure: SampleFailure}
}

type RunOptions = Pick<ScanOptions, 'classify' | 'onProgress' | 'onSkip'> & {sample: number; timeoutMs: number}

/** Steps 4 and 5: sample and classify every relation, at most `clients.length` at a time. */
async function scanRelations(relations: readonly CatalogRelation[], clients: readonly pg.Client[], options: RunOptions): Promise<RelationsOutcome> {
  const idle = [...clients]
  const queue = new PQueue({concurrency: Math.max(1, clients.length)})
  const outcomes = new Map<CatalogRelation, {relation: RelationOutcome; columns: ColumnResult[]}>()
  let fatal: RelationsOutcome['fatal']
  let done = 0
  let skipped = 0

  const scanOne = async (relation: CatalogRelation): Promise<void> => {
    if (fatal) return
    // Never empty: the queue runs at most as many tasks as there are connections.
    const client = idle.pop()
    if (!client) throw new Error('no idle connection for a queued relation')
    const dataset = `${relation.schema}.${relation.name}`
    const base = {dataset, schema: relation.schema, table: relation.name, kind: relation.kind, columns: relation.columns.length}
    let healthy = true
    try {
      const sample = await inReadOnlyTransaction(client, {timeoutMs: options.timeoutMs}, () => sampleRelation(client, relation, options.sample))
      outcomes.set(relation, {
        relation: {...base, status: 'scanned', method: sample.method, rows: sample.rows},
        columns: classifyRelation(relation, dataset, sample.values, options.classify),
      })
    } catch (error) {
      const failure = sampleFailure(error)
      if (failure.fatal) {
        healthy = false
        fatal ??= {dataset, failure}
        queue.clear() // stop scheduling; what is in flight finishes
        return
      }
      const outcome: RelationOutcome = {...base, status: 'skipped', code: failure.code, reason: failureText(failure, options.timeoutMs)}
      outcomes.set(relation, {relation: outcome, columns: classifyRelation(relation, dataset, undefined, options.classify)})
      skipped++
      options.onSkip?.(outcome)
    } finally {
      if (healthy) idle.push(client)
    }
    done++
    options.onProgress?.({done, total: relations.length, skipped})
  }

  for (const relation of relations) {
    queue.add(() => scanOne(relation)).catch((error: unknown) => {
      fatal ??= {dataset: `${relation.schema}.${relation.name}`, failure: sampleFailure(error)}
      queue.clear()
    })
  }
  await queue.onIdle()

  const ordered = [...outcomes.values()].sort((a, b) => compareText(a.relation.dataset, b.relation.dataset))
  return {relations: ordered.map((o) => o.relation), columns: ordered.flatMap((o) => o.columns), fatal}
}

/** Verdicts for a relation's columns; `values` undefined: the table was skipped, names only. */
function classifyRelation(relation: CatalogRelation, dataset: string, values: string[][] | undefined, classify?: ClassifyOptions): ColumnResult[] {
  let next = 0
  return relation.columns.map((column) => {
    const sampled = column.sampled && values ? values[next++] : undefined
    return {
      dataset,
      schema: relation.schema,
      table: relation.name,
      column: column.name,
      valuesRead: sampled !== undefined,
      verdict: classifyColumn({schema: relation.schema, table: relation.name, column: column.name, values: sampled ?? []}, classify),
    }
  })
}

/** Code-unit order: the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
