/**
 * The versioned schema of the kosh store. Each migration runs once, in its own
 * transaction, and is recorded in `kosh_migrations` with a checksum of its SQL;
 * a migration is never edited once released: add the next one instead.
 * SQL lives here (not in .sql files) so the compiled package carries it.
 */
import {createHash} from 'node:crypto'

export interface Migration {
  version: number
  name: string
  sql: string
}

const SNAPSHOTS = `
-- An inventory as it was pushed, keyed by its canonical digest (src/model/digest.ts).
CREATE TABLE kosh_snapshot (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inventory_digest text NOT NULL UNIQUE CHECK (inventory_digest ~ '^[0-9a-f]{64}$'),
  -- The folder name it was pushed from; plans made from the snapshot carry it, as from the folder.
  inventory_name   text NOT NULL,
  counts           jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  created_by       text NOT NULL DEFAULT current_user
);

-- Each file of a snapshot: its header and the line it sits on.
CREATE TABLE kosh_snapshot_file (
  snapshot_id bigint NOT NULL REFERENCES kosh_snapshot (id) ON DELETE CASCADE,
  file        text NOT NULL,
  header      text[] NOT NULL,
  header_line integer NOT NULL CHECK (header_line >= 1),
  records     integer NOT NULL CHECK (records >= 0),
  PRIMARY KEY (snapshot_id, file)
);

-- Each record as written (cells in header order) with the line it started on, so
-- diagnostics and findings read from a snapshot name the original file and line.
-- No foreign key: a per-row check would double the cost of COPY for a large
-- inventory; push writes the file rows and these in one transaction.
CREATE TABLE kosh_snapshot_record (
  snapshot_id bigint NOT NULL,
  file        text NOT NULL,
  line        integer NOT NULL,
  cells       text[] NOT NULL,
  PRIMARY KEY (snapshot_id, file, line)
);

-- Tables whose rows are evidence: no UPDATE, DELETE or TRUNCATE, whoever asks.
CREATE FUNCTION kosh_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'kosh: % is append-only; % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation',
          HINT = 'Record a new row instead (kosh db approve appends a new decision).';
END
$$;
`

const PLANS = `
-- Plans saved by \`kosh plan --save\`: the exact plan.json bytes, bound by their digest.
CREATE TABLE kosh_plan (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_digest      text NOT NULL UNIQUE CHECK (plan_digest ~ '^[0-9a-f]{64}$'),
  inventory_digest text NOT NULL,
  snapshot_id      bigint REFERENCES kosh_snapshot (id),
  format           text NOT NULL,
  plan_json        text NOT NULL,
  feasible         boolean NOT NULL,
  valid            boolean NOT NULL,
  summary          jsonb NOT NULL,
  options          jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  created_by       text NOT NULL DEFAULT current_user,
  UNIQUE (id, plan_digest)
);
CREATE INDEX kosh_plan_inventory ON kosh_plan (inventory_digest);

CREATE TRIGGER kosh_plan_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON kosh_plan
  FOR EACH STATEMENT EXECUTE FUNCTION kosh_append_only();

-- The review log: one row per decision, bound to the plan's digest.
CREATE TABLE kosh_approval (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id     bigint NOT NULL,
  plan_digest text NOT NULL,
  reviewer    text NOT NULL CHECK (btrim(reviewer) <> ''),
  decision    text NOT NULL CHECK (decision IN ('approve', 'reject')),
  comment     text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL DEFAULT current_user,
  FOREIGN KEY (plan_id, plan_digest) REFERENCES kosh_plan (id, plan_digest)
);
CREATE INDEX kosh_approval_plan ON kosh_approval (plan_id, id);

CREATE TRIGGER kosh_approval_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON kosh_approval
  FOR EACH STATEMENT EXECUTE FUNCTION kosh_append_only();
`

export const MIGRATIONS: readonly Migration[] = [
  {version: 1, name: 'snapshots', sql: SNAPSHOTS},
  {version: 2, name: 'plans and approvals', sql: PLANS},
]

/** The schema version this kosh reads and writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version

export function checksumOf(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex')
}
