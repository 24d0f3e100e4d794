/**
 * Which relations and columns a scan reads, from pg_catalog.
 *
 * Read: tables, partitioned tables (once, through the parent: the partitions
 * are not listed again), views and materialized views, in every schema but
 * the system ones (`pg_catalog`, `information_schema`, `pg_toast`, `pg_temp_*`
 * and the other `pg_*`), or only in the schemas given with `--schema`.
 * Not read: foreign tables (their rows live in another system's database,
 * and reading them makes this database query that one), sequences, indexes,
 * composite types.
 *
 * A column's values are sampled only when its type can hold what the detectors
 * look for: strings (text, varchar, char, citext and domains over them) and
 * the integer and decimal types wide enough for a 12-digit IIN (bigint,
 * numeric). Booleans, dates, small integers, floats, UUIDs, JSON, arrays,
 * binary data and the like are not sampled; their names are still read, so a
 * `birth_date` or an `hiv_status` column is reported by its name.
 *
 * pg_catalog rather than information_schema: one query gives the relation
 * kind, the planner's row estimate (for TABLESAMPLE, see sample.ts) and the
 * base type of a domain, and it is far faster on databases with many tables.
 */
import type pg from 'pg'

export type RelationKind = 'table' | 'partitioned table' | 'view' | 'materialized view'

const KIND_OF: Readonly<Record<string, RelationKind>> = {r: 'table', p: 'partitioned table', v: 'view', m: 'materialized view'}

export interface CatalogColumn {
  name: string
  /** Base type name (`varchar`, `int8`; a domain's base type). */
  type: string
  /** Whether its values are sampled (see the header). */
  sampled: boolean
}

export interface CatalogRelation {
  schema: string
  name: string
  kind: RelationKind
  /** The planner's row estimate (pg_class.reltuples); negative or 0 when never analysed. */
  estimatedRows: number
  /** In attnum order. */
  columns: CatalogColumn[]
}

/** Integer and decimal types wide enough for a 12-digit identifier or a phone number. */
const WIDE_NUMBERS = new Set(['int8', 'numeric'])

/** Whether a column of this base type (typname, typcategory) has values worth sampling. */
export function isSampledType(type: string, category: string): boolean {
  return category === 'S' || WIDE_NUMBERS.has(type)
}

const RELATIONS_SQL = `
SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind, c.reltuples::float8 AS estimate,
       a.attname AS column, coalesce(b.typname, t.typname) AS type, coalesce(b.typcategory, t.typcategory) AS category
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_catalog.pg_type b ON t.typtype = 'd' AND b.oid = t.typbasetype
 WHERE c.relkind IN ('r', 'p', 'v', 'm')
   AND NOT c.relispartition
   AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
   AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
 ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C", a.attnum`

const SCHEMAS_SQL = `
SELECT n.nspname AS schema FROM pg_catalog.pg_namespace n
 WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
   AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
 ORDER BY n.nspname COLLATE "C"`

interface Row {
  schema: string
  name: string
  kind: string
  estimate: number
  column: string
  type: string
  category: string
}

export interface Catalog {
  /** Non-system schemas that exist (only the requested ones when schemas were given), sorted. */
  schemas: string[]
  /** Relations with at least one column, sorted by schema then name (code-point order). */
  relations: CatalogRelation[]
}

/** List the schemas, relations and columns to scan. Runs inside the caller's (read-only) transaction. */
export async function readCatalog(client: pg.Client, schemas?: readonly string[]): Promise<Catalog> {
  const filter = schemas && schemas.length > 0 ? [...schemas] : null
  const found = await client.query<{schema: string}>(SCHEMAS_SQL, [filter])
  const {rows} = await client.query<Row>(RELATIONS_SQL, [filter])
  const relations: CatalogRelation[] = []
  let current: CatalogRelation | undefined
  for (const row of rows) {
    if (!current || current.schema !== row.schema || current.name !== row.name) {
      current = {schema: row.schema, name: row.name, kind: KIND_OF[row.kind] ?? 'table', estimatedRows: Number(row.estimate), columns: []}
      relations.push(current)
    }
    current.columns.push({name: row.column, type: row.type, sampled: isSampledType(row.type, row.category)})
  }
  return {schemas: found.rows.map((r) => r.schema), relations}
}
