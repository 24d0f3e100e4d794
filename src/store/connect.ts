/**
 * Connecting to the team database: `--database-url`, else `DATABASE_URL`, else
 * the standard `PG*` variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE,
 * PGSSLMODE, ~/.pgpass), which node-postgres reads itself when it is given no
 * connection string.
 *
 * Every failure to connect becomes one line with exit code 2 that names the
 * server, user and database but never the password: the line is built from
 * those parts, not from the URL, and passes through `redactSecrets` as well.
 */
import type pg from 'pg'

import {EXIT, KoshError} from '../cli/errors.js'
import {redactSecrets} from '../cli/redact.js'

export interface ConnectOptions {
  /** `--database-url`; when absent, `DATABASE_URL`, then the `PG*` variables. */
  databaseUrl?: string
  /** Seconds to wait for the server to answer. */
  timeoutSeconds?: number
}

/** Where a connection goes, without its password: `user@host:port/database`. */
export interface Target {
  user: string
  host: string
  port: number
  database: string
  /** Where the settings came from, for messages. */
  from: '--database-url' | 'DATABASE_URL' | 'PG* variables'
}

export function describeTarget(t: Target): string {
  return `${t.user}@${t.host}:${t.port}/${t.database}`
}

/** The node-postgres settings for the options, and where they came from. */
export function connectionConfig(options: ConnectOptions = {}): {config: pg.ClientConfig; from: Target['from']} {
  const flag = options.databaseUrl?.trim()
  const env = process.env.DATABASE_URL?.trim()
  const url = flag || env || undefined
  const from: Target['from'] = flag ? '--database-url' : env ? 'DATABASE_URL' : 'PG* variables'
  if (url !== undefined) checkUrl(url, from)
  return {
    from,
    config: {
      connectionString: url,
      application_name: 'kosh',
      connectionTimeoutMillis: (options.timeoutSeconds ?? 10) * 1000,
    },
  }
}

function checkUrl(url: string, from: Target['from']): void {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new KoshError(`${from} is not a URL; expected a postgres:// URL such as postgres://kosh@db.example.kz:5432/kosh`, EXIT.input)
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new KoshError(`${from} is a ${parsed.protocol.replace(/:$/, '')}: URL; expected a postgres:// URL such as postgres://kosh@db.example.kz:5432/kosh`, EXIT.input)
  }
}

function targetOf(client: pg.Client, from: Target['from']): Target {
  const c = client as unknown as {user?: string; host?: string; port?: number; database?: string}
  return {user: c.user ?? '?', host: c.host ?? 'localhost', port: c.port ?? 5432, database: c.database ?? c.user ?? '?', from}
}

/** A connected client. Throws a KoshError (exit 2) that never holds the password. */
export async function connect(options: ConnectOptions = {}): Promise<{client: pg.Client; target: Target}> {
  const {config, from} = connectionConfig(options)
  // pg is loaded only by commands that connect: the others start faster without it.
  const {default: {Client}} = await import('pg')
  let client: pg.Client
  try {
    client = new Client(config)
  } catch (error) {
    throw new KoshError(`${from}: cannot use these connection settings: ${redactSecrets(errorText(error))}`, EXIT.input)
  }
  const target = targetOf(client, from)
  // A server that goes away while idle emits 'error' on the client; the next query fails and says so.
  client.on('error', () => {})
  try {
    await client.connect()
  } catch (error) {
    await client.end().catch(() => {})
    throw new KoshError(connectFailure(error, target, config.connectionTimeoutMillis ?? 0), EXIT.input)
  }
  return {client, target}
}

/** Connect, run `work`, always disconnect. */
export async function withClient<T>(options: ConnectOptions, work: (client: pg.Client, target: Target) => Promise<T>): Promise<T> {
  const {client, target} = await connect(options)
  try {
    return await work(client, target)
  } catch (error) {
    throw storeError(error)
  } finally {
    await client.end().catch(() => {})
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** One line for a failed connection attempt. */
export function connectFailure(error: unknown, target: Target, timeoutMillis: number): string {
  const e = error as {code?: string; message?: string}
  const server = `${target.host}:${target.port}`
  const via = `(from ${target.from})`
  switch (e.code) {
    case 'ECONNREFUSED':
      return `cannot reach PostgreSQL at ${server}: connection refused; is the server running? ${via}`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot reach PostgreSQL: the host "${target.host}" is not known ${via}`
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `cannot reach PostgreSQL at ${server}: ${e.code} ${via}`
    case 'ECONNRESET':
      return `PostgreSQL at ${server} closed the connection (ECONNRESET); does it require SSL (add ?sslmode=require)? ${via}`
    case '28P01':
      return `PostgreSQL at ${server} refused the password of user "${target.user}" ${via}`
    case '28000':
      return `PostgreSQL at ${server} does not let user "${target.user}" in to database "${target.database}" (pg_hba.conf or role settings) ${via}`
    case '3D000':
      return `the database "${target.database}" does not exist on ${server}; create it (createdb ${target.database}) or name another one ${via}`
    case '57P03':
      return `PostgreSQL at ${server} is starting up or shutting down; try again ${via}`
    case '53300':
      return `PostgreSQL at ${server} has too many connections ${via}`
  }
  const message = errorText(error)
  if (/timeout/i.test(message)) {
    return `cannot reach PostgreSQL at ${server}: no answer within ${Math.round(timeoutMillis / 1000)} s ${via}`
  }
  if (/password must be a string|no password/i.test(message)) {
    return `PostgreSQL at ${server} asks user "${target.user}" for a password and none was given (put it in the URL, PGPASSWORD or ~/.pgpass) ${via}`
  }
  return `cannot connect to PostgreSQL at ${server} as "${target.user}": ${redactSecrets(message)} ${via}`
}

/**
 * A database error during a command, as a KoshError (exit 2) with the server's
 * message; KoshErrors pass through.
 */
export function storeError(error: unknown): Error {
  if (error instanceof KoshError) return error
  const e = error as {code?: string; message?: string}
  if (typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
    const hint = e.code === '42501' ? '; the role needs the privileges listed in docs/database.md' : ''
    return new KoshError(`database error ${e.code}: ${redactSecrets(e.message ?? '')}${hint}`, EXIT.input)
  }
  if (typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code)) {
    return new KoshError(`lost the connection to PostgreSQL: ${redactSecrets(e.message ?? e.code)}`, EXIT.input)
  }
  if (/Connection terminated/i.test(e?.message ?? '')) {
    return new KoshError(`lost the connection to PostgreSQL: ${redactSecrets(e.message ?? '')}`, EXIT.input)
  }
  return error instanceof Error ? error : new Error(String(error))
}
