/**
 * The pieces of a scan that need no database: identifier quoting, the
 * sampling query, which types are sampled, and failures told without the
 * server's message.
 */
import {describe, expect, it} from 'vitest'

import {isSampledType, type CatalogRelation} from '../../src/scan/catalog.js'
import {connectFailure} from '../../src/scan/connection.js'
import {failureText, sampleFailure} from '../../src/scan/failure.js'
import {chooseMethod, quoteIdent, sampleQuery, samplePercent} from '../../src/scan/sample.js'

const relation = (over: Partial<CatalogRelation> = {}): CatalogRelation => ({
  schema: 'abs',
  name: 'clients',
  kind: 'table',
  estimatedRows: 1000,
  columns: [
    {name: 'id', type: 'int4', sampled: false},
    {name: 'iin', type: 'text', sampled: true},
    {name: 'phone', type: 'varchar', sampled: true},
  ],
  ...over,
})

describe('the sampling query', () => {
  it('quotes every identifier, doubling double quotes', () => {
    expect(quoteIdent('plain')).toBe('"plain"')
    expect(quoteIdent('we"ird')).toBe('"we""ird"')
    expect(quoteIdent('иин')).toBe('"иин"')
    expect(quoteIdent('a"; DROP TABLE x; --')).toBe('"a""; DROP TABLE x; --"')
  })

  it('selects the sampled columns only, cut on the server, with the row limit as a parameter', () => {
    expect(sampleQuery(relation({name: 'we"ird'}), 200).text).toBe(
      'SELECT left("iin"::text, 257) AS c0, left("phone"::text, 257) AS c1 FROM "abs"."we""ird" LIMIT $1',
    )
  })

  it('uses TABLESAMPLE on big tables only, never on views', () => {
    expect(chooseMethod(relation({estimatedRows: 99_999}), 200)).toBe('limit')
    expect(chooseMethod(relation({estimatedRows: 100_000}), 200)).toBe('tablesample')
    expect(chooseMethod(relation({estimatedRows: 100_000}), 5000)).toBe('limit') // fewer than 100 times the sample
    expect(chooseMethod(relation({estimatedRows: -1}), 200)).toBe('limit') // never analysed
    expect(chooseMethod(relation({estimatedRows: 1e9, kind: 'view'}), 200)).toBe('limit')
    expect(chooseMethod(relation({estimatedRows: 1e9, kind: 'materialized view'}), 200)).toBe('tablesample')
    expect(sampleQuery(relation({estimatedRows: 1_000_000}), 200).text).toMatch(/ FROM "abs"."clients" TABLESAMPLE SYSTEM \(0\.2\) REPEATABLE \(0\) LIMIT \$1$/)
    expect(samplePercent(2e9, 200)).toBe('0.0001')
    expect(samplePercent(3e5, 200)).toBe('0.667')
  })

  it('samples strings and wide numbers, not booleans, dates, small integers, UUIDs, JSON or arrays', () => {
    expect(['text', 'varchar', 'bpchar', 'citext', 'name'].map((t) => isSampledType(t, 'S'))).toEqual([true, true, true, true, true])
    expect(isSampledType('int8', 'N')).toBe(true)
    expect(isSampledType('numeric', 'N')).toBe(true)
    for (const [type, category] of [['int4', 'N'], ['int2', 'N'], ['float8', 'N'], ['bool', 'B'], ['date', 'D'], ['timestamptz', 'D'], ['uuid', 'U'], ['jsonb', 'U'], ['bytea', 'U'], ['_text', 'A'], ['inet', 'I']]) {
      expect(isSampledType(type!, category!), type).toBe(false)
    }
  })
})

describe('failures', () => {
  /** A pg error as node-postgres builds it, its message quoting a value. */
  const pgError = (code: string) => Object.assign(new Error('invalid input syntax for type integer: "860101300123"'), {code, detail: 'Key (iin)=(860101300123)', where: 'SQL function'})

  it('keeps the SQLSTATE and a fixed reason, never the server message or detail', () => {
    for (const code of ['57014', '22P02', '22003', '42501', '25006', 'P0001', 'XX000', '23505', '99999']) {
      const failure = sampleFailure(pgError(code))
      expect(failure.code).toBe(code)
      expect(JSON.stringify(failure)).not.toContain('860101300123')
      expect(failure.fatal).toBe(false)
    }
    expect(failureText(sampleFailure(pgError('57014')), 200)).toBe('statement timeout after 200 ms (57014)')
    expect(failureText(sampleFailure(pgError('22P02')))).toBe('data exception: a value could not be computed or converted to text (22P02)')
    expect(failureText(sampleFailure(pgError('42501')))).toBe('permission denied (42501)')
  })

  it('calls a broken connection fatal: the scan stops', () => {
    expect(sampleFailure(pgError('57P01'))).toMatchObject({fatal: true, reason: 'the connection was closed by the server'})
    expect(sampleFailure(pgError('08006')).fatal).toBe(true)
    expect(sampleFailure(Object.assign(new Error('read ECONNRESET'), {code: 'ECONNRESET'}))).toMatchObject({code: 'ECONNRESET', fatal: true})
    expect(sampleFailure(new Error('Connection terminated unexpectedly'))).toMatchObject({code: 'connection-lost', fatal: true})
    expect(sampleFailure(new TypeError('x is undefined'))).toMatchObject({code: 'unknown', fatal: true})
  })

  it('names a failed connection by user, host and database, never by password', () => {
    const target = {user: 'auditor', host: 'abs-db.bank.kz', port: 5432, database: 'abs'}
    expect(connectFailure({code: '28P01', message: 'password authentication failed'}, target, 10_000)).toBe('PostgreSQL at abs-db.bank.kz:5432 refused the password of user "auditor"')
    expect(connectFailure({code: '3D000'}, target, 10_000)).toBe('the database "abs" does not exist on abs-db.bank.kz:5432')
    expect(connectFailure(new Error('timeout expired'), target, 10_000)).toBe('cannot reach PostgreSQL at abs-db.bank.kz:5432: no answer within 10 s')
    expect(connectFailure(new Error('bad thing at postgres://auditor:s3cr3t@abs-db.bank.kz/abs'), target, 10_000)).not.toContain('s3cr3t')
  })
})
