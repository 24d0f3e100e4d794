/**
 * What went wrong while sampling a table, told without the server's words.
 *
 * PostgreSQL's error messages can quote the data they choke on (`invalid input
 * syntax for type integer: "860101300123"`, a unique violation's key, a
 * check constraint's row), so a scan never prints, stores or returns them.
 * A failure is its SQLSTATE code and a fixed reason chosen from the code; the
 * message, detail, hint and position the driver received are dropped here.
 *
 * Failures fall in two kinds. A table failure (a timeout, a missing
 * privilege, a view that fails) skips that table and the scan goes on, on the
 * same connection once the transaction is rolled back. A connection failure
 * (the server went away, the socket broke, an administrator ended the
 * session) means the connection cannot be trusted: the scan stops scheduling
 * tables and ends with exit code 2.
 *
 * Reference: PostgreSQL Error Codes, https://www.postgresql.org/docs/current/errcodes-appendix.html
 */

export interface SampleFailure {
  /** SQLSTATE (`57014`), or the driver's code for a broken socket (`ECONNRESET`), or `unknown`. */
  code: string
  /** A fixed sentence chosen from the code: never the server's message. */
  reason: string
  /** The connection is unusable: stop scheduling, end with exit 2. */
  fatal: boolean
}

const BY_CODE: Readonly<Record<string, string>> = {
  '57014': 'statement timeout',
  '42501': 'permission denied',
  '25006': 'a write was refused by the read-only transaction (a view calling a function that writes)',
  '42P01': 'the relation no longer exists',
  '42703': 'a column no longer exists',
  '55P03': 'lock not available',
  '40001': 'serialization failure',
  '40P01': 'deadlock detected',
  '0A000': 'feature not supported for this relation',
  '42809': 'wrong object type (the relation cannot be read this way)',
  '42883': 'a function the relation calls does not exist',
  '2201E': 'invalid argument in a function the relation calls',
  '22012': 'division by zero in the relation',
}

const BY_CLASS: Readonly<Record<string, string>> = {
  '22': 'data exception: a value could not be computed or converted to text',
  '23': 'integrity constraint violation',
  '25': 'invalid transaction state',
  '39': 'a function the relation calls failed',
  '38': 'a function the relation calls failed',
  '42': 'syntax error or access rule violation',
  '53': 'insufficient resources on the server',
  '54': 'program limit exceeded',
  '55': 'object not in prerequisite state',
  '58': 'system error on the server',
  P0: 'a PL/pgSQL function the relation calls raised an error',
  XX: 'internal error on the server',
  F0: 'configuration file error on the server',
  HV: 'foreign data wrapper error',
}

/** SQLSTATEs and classes after which the connection cannot be trusted. */
const FATAL_CODES = new Set(['57P01', '57P02', '57P03', '57P04', '57P05'])
const FATAL_CLASSES = new Set(['08'])

/** A pg or socket error as a failure that holds no data. */
export function sampleFailure(error: unknown): SampleFailure {
  const raw = (error as {code?: unknown} | undefined)?.code
  const code = typeof raw === 'string' ? raw : undefined
  if (code && /^[0-9A-Z]{5}$/.test(code)) {
    const fatal = FATAL_CODES.has(code) || FATAL_CLASSES.has(code.slice(0, 2))
    const reason = BY_CODE[code] ?? (fatal ? 'the connection was closed by the server' : BY_CLASS[code.slice(0, 2)] ?? 'PostgreSQL error')
    return {code, reason, fatal}
  }
  if (code && /^E[A-Z]+$/.test(code)) return {code, reason: 'the connection to PostgreSQL broke', fatal: true}
  // node-postgres rejects queries on a client whose connection ended with a plain Error.
  const message = (error as {message?: unknown} | undefined)?.message
  if (typeof message === 'string' && /Connection terminated|not queryable|Client was closed|ended/i.test(message)) {
    return {code: 'connection-lost', reason: 'the connection to PostgreSQL was lost', fatal: true}
  }
  return {code: 'unknown', reason: 'unexpected error while sampling', fatal: true}
}

/** `statement timeout after 200 ms (57014)`, for stderr and JSON. */
export function failureText(failure: SampleFailure, timeoutMs?: number): string {
  const reason = failure.code === '57014' && timeoutMs !== undefined ? `${failure.reason} after ${timeoutMs} ms` : failure.reason
  return `${reason} (${failure.code})`
}
