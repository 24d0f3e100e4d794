/**
 * Connections for `kosh scan`: one pg.Client each, opened from `--database-url`,
 * and every way that fails turned into one line with exit code 2.
 *
 * The scan keeps its own small connection code rather than the store's
 * (src/store/): it reads someone else's database, never the team store, so it
 * takes its URL only from `--database-url` (never `DATABASE_URL`, which names
 * the store), and its messages must not depend on what the store prints.
 *
 * Nothing is set for the whole session: the safety settings (read only,
 * statement timeout) are set per transaction (sample.ts), which also holds
 * behind a transaction-pooling proxy such as PgBouncer, where session settings
 * would leak to other clients and startup options are refused.
 *
 * Messages name the user, host, port and database, never the password: they
 * are built from the parts node-postgres parsed, not from the URL, and pass
 * through `redactSecrets` as well.
 */
import pg from 'pg'

import {EXIT, KoshError} from '../cli/errors.js'
import {redactSecrets} from '../cli/redact.js'

/** What shows in pg_stat_activity for every scan connection. */
export const APPLICATION_NAME = 'kosh scan'

/** Where a connection goes, without its password. */
export interface Target {
  user: string
  host: string
  port: number
  database: string
}

export function describeTarget(t: Target): string {
  return `${t.user}@${t.host}:${t.port}/${t.database}`
}

export interface ConnectSettings {
  /** The postgres:// URL (it may hold a password; PGPASSWORD and ~/.pgpass work too). */
  url: string
  /** How long to wait for the server to accept a connection. */
  connectTimeoutMs?: number
}

/** Opens one connected client: the real one, or an instrumented one in tests. */
export type Connector = (config: pg.ClientConfig) => Promise<pg.Client>

export const defaultConnector: Connector = async (config) => {
  const client = new pg.Client(config)
  // An idle client whose server goes away emits 'error'; the next query fails and says so.
  client.on('error', () => {})
  try {
    await client.connect()
  } catch (error) {
    await client.end().catch(() => {})
    throw error
  }
  return client
}

/** The node-postgres settings for a scan connection. Throws a KoshError for a URL that is not a postgres:// URL. */
export function clientConfig(settings: ConnectSettings): pg.ClientConfig {
  let parsed: URL
  try {
    parsed = new URL(settings.url)
  } catch {
    // Never echo the text: a malformed URL may still hold a password the redaction does not recognise.
    throw new KoshError('--database-url is not a URL; expected postgres://USER@HOST:PORT/DATABASE (the password is best kept in PGPASSWORD or ~/.pgpass)', EXIT.input)
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new KoshError(`--database-url is a ${parsed.protocol.replace(/:$/, '')}: URL; expected postgres://USER@HOST:PORT/DATABASE`, EXIT.input)
  }
  return {
    connectionString: settings.url,
    application_name: APPLICATION_NAME,
    connectionTimeoutMillis: settings.connectTimeoutMs ?? 10_000,
    // A peer that vanishes without closing the socket is noticed instead of waited on forever.
    keepAlive: true,
  }
}

/** The target a config points at, as node-postgres reads it (URL, then PG* variables, then defaults). */
export function targetOf(config: pg.ClientConfig): Target {
  const c = new pg.Client(config) as unknown as {user?: string; host?: string; port?: number; database?: string}
  return {user: c.user ?? '?', host: c.host ?? 'localhost', port: c.port ?? 5432, database: c.database ?? c.user ?? '?'}
}

/** Open one scan connection; a failure becomes a KoshError (exit 2) without the password. */
export async function openConnection(config: pg.ClientConfig, connector: Connector = defaultConnector): Promise<pg.Client> {
  try {
    return await connector(config)
  } catch (error) {
    throw new KoshError(connectFailure(error, targetOf(config), config.connectionTimeoutMillis ?? 0), EXIT.input)
  }
}

/** One line for a failed connection attempt. */
export function connectFailure(error: unknown, target: Target, timeoutMs: number): string {
  const e = error as {code?: unknown; message?: unknown}
  const code = typeof e?.code === 'string' ? e.code : undefined
  const server = `${target.host}:${target.port}`
  switch (code) {
    case 'ECONNREFUSED':
      return `cannot reach PostgreSQL at ${server}: connection refused; is the server running?`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot reach PostgreSQL: the host "${target.host}" is not known`
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `cannot reach PostgreSQL at ${server}: ${code}`
    case 'ECONNRESET':
      return `PostgreSQL at ${server} closed the connection (ECONNRESET); does it require SSL (add ?sslmode=require)?`
    case '28P01':
      return `PostgreSQL at ${server} refused the password of user "${target.user}"`
    case '28000':
      return `PostgreSQL at ${server} does not let user "${target.user}" in to database "${target.database}" (pg_hba.conf or role settings)`
    case '3D000':
      return `the database "${target.database}" does not exist on ${server}`
    case '57P03':
      return `PostgreSQL at ${server} is starting up or shutting down; try again`
    case '53300':
      return `PostgreSQL at ${server} has too many connections; try a lower --concurrency`
  }
  const message = typeof e?.message === 'string' ? e.message : String(error)
  if (/timeout/i.test(message)) return `cannot reach PostgreSQL at ${server}: no answer within ${Math.round(timeoutMs / 1000)} s`
  if (/password must be a string|no password|SASL/i.test(message)) {
    return `PostgreSQL at ${server} asks user "${target.user}" for a password and none was given (put it in the URL, PGPASSWORD or ~/.pgpass)`
  }
  // Connection failures carry no sampled data (nothing has been read yet), so the driver's words may be shown.
  return `cannot connect to PostgreSQL at ${server} as "${target.user}": ${redactSecrets(code ? `${code} ${message}` : message)}`
}

/** Close a client, ignoring a connection that is already gone. */
export async function closeConnection(client: pg.Client): Promise<void> {
  await client.end().catch(() => {})
}
