/**
 * datasets.csv from a scan: which columns become rows, and merging into an
 * existing file (other systems kept, this system replaced where the scan
 * looked, skipped tables kept, extra columns kept, deterministic order).
 */
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {KoshError} from '../../src/cli/errors.js'
import {classifyColumn} from '../../src/scan/classify-column.js'
import {datasetRows, isReported, mergeDatasets, readDatasetsFile, renderDatasets, type DatasetRow} from '../../src/scan/datasets.js'
import type {ColumnResult} from '../../src/scan/scan.js'
import {makeBin, makeCard, makeIin, many} from './generators.js'

function result(schema: string, table: string, column: string, values: string[]): ColumnResult {
  return {dataset: `${schema}.${table}`, schema, table, column, valuesRead: true, verdict: classifyColumn({schema, table, column, values})}
}

const row = (dataset: string, column: string, classes: string, evidence = 'x'): DatasetRow => ({system: 'core-db', dataset, column, classes, evidence})

describe('which columns become rows', () => {
  it('writes columns with classes, BIN columns and ICD-10 shapes without a health context; not noise or references', () => {
    const noise = Array.from({length: 50}, (_, i) => String(1_000_000_000_000 + i * 7919)) // a few pass Luhn by chance
    const columns = [
      result('abs', 'clients', 'doc', many(20, 1, makeIin)),
      result('abs', 'companies', 'counterparty', many(20, 2, makeBin)),
      result('shop', 'products', 'code', ['A12.5', 'B34.1', 'C77.2', 'D10.4']),
      result('abs', 'ledger', 'amount', noise),
      result('abs', 'clients', 'address_id', ['1', '2', '3']),
      result('abs', 'clients', 'created_at', []),
    ]
    expect(columns.map((c) => isReported(c.verdict))).toEqual([true, true, true, false, false, false])
    expect(datasetRows('core-db', columns)).toEqual([
      {system: 'core-db', dataset: 'abs.clients', column: 'doc', classes: 'personal', evidence: expect.stringMatching(/^iin-checksum 20\/20 \(1\.00\)/)},
      {system: 'core-db', dataset: 'abs.companies', column: 'counterparty', classes: '', evidence: expect.stringMatching(/^bin-checksum 20\/20 \(1\.00\)/)},
      {system: 'core-db', dataset: 'shop.products', column: 'code', classes: '', evidence: 'icd10 4/4 (1.00, no health context)'},
    ])
  })

  it('sorts rows by dataset then column, whatever order the columns came in', () => {
    const cards = many(10, 3, (r) => makeCard(r))
    const rows = datasetRows('s', [result('b', 't', 'pan', cards), result('a', 't', 'z_pan', cards), result('a', 't', 'pan', cards)])
    expect(rows.map((r) => `${r.dataset}.${r.column}`)).toEqual(['a.t.pan', 'a.t.z_pan', 'b.t.pan'])
  })
})

describe('mergeDatasets', () => {
  const existing = {
    header: ['system', 'dataset', 'column', 'classes', 'evidence', 'note'],
    records: [
      ['crm', 'crm.contacts', 'phone', 'personal', 'kz-phone 9/10', 'checked by hand'],
      ['core-db', 'abs.clients', 'iin', 'personal', 'old', 'DPO ticket 42'],
      ['core-db', 'abs.old_table', 'iin', 'personal', 'old', ''],
      ['core-db', 'cards.pans', 'pan', 'bank_secret', 'old', 'other schema'],
      ['core-db', 'abs.slow_view', 'iin', 'personal', 'old', 'kept: skipped'],
      ['core-db', 'mainframe', 'VSAM', 'personal', 'by hand', ''],
      ['archive', 'abs.clients', 'iin', 'personal', 'same table, other system', ''],
    ],
  }
  const scope = {system: 'core-db', schemas: ['abs'], skipped: new Set(['abs.slow_view'])}
  const rows = [row('abs.clients', 'iin', 'personal', 'iin-checksum 60/60 (1.00)'), row('abs.accounts', 'iban', 'bank_secret'), row('abs.slow_view', 'iin', 'personal', 'name-hint iin'), row('abs.slow_view', 'phone', 'personal', 'name-hint phone')]

  it('keeps other systems, replaces what this scan looked at, keeps what it did not or could not read', () => {
    const merged = mergeDatasets(existing, rows, scope)
    expect(merged.header).toEqual(existing.header)
    expect(merged.records).toEqual([
      ['archive', 'abs.clients', 'iin', 'personal', 'same table, other system', ''],
      ['core-db', 'abs.accounts', 'iban', 'bank_secret', 'x', ''],
      // A replaced row's extra columns carry over to the new row for the same column.
      ['core-db', 'abs.clients', 'iin', 'personal', 'iin-checksum 60/60 (1.00)', 'DPO ticket 42'],
      // A skipped relation: the old row stands, and a column known by its name alone is added.
      ['core-db', 'abs.slow_view', 'iin', 'personal', 'old', 'kept: skipped'],
      ['core-db', 'abs.slow_view', 'phone', 'personal', 'name-hint phone', ''],
      ['core-db', 'cards.pans', 'pan', 'bank_secret', 'old', 'other schema'],
      ['core-db', 'mainframe', 'VSAM', 'personal', 'by hand', ''],
      ['crm', 'crm.contacts', 'phone', 'personal', 'kz-phone 9/10', 'checked by hand'],
    ])
    expect({kept: merged.kept, replaced: merged.replaced, written: merged.written}).toEqual({kept: 5, replaced: 2, written: 3})
  })

  it('gives the same bytes whatever the order of the existing rows', () => {
    const a = renderDatasets(mergeDatasets(existing, rows, scope))
    const b = renderDatasets(mergeDatasets({...existing, records: [...existing.records].reverse()}, [...rows].reverse(), scope))
    expect(b).toBe(a)
  })

  it('writes the standard header for a new file, and adds missing standard columns to an old one', () => {
    expect(renderDatasets(mergeDatasets(undefined, [row('abs.t', 'c', 'personal', 'a, "b"')], scope))).toBe('system,dataset,column,classes,evidence\ncore-db,abs.t,c,personal,"a, ""b"""\n')
    const old = {header: ['dataset', 'system'], records: [['x.y', 'crm']]}
    expect(renderDatasets(mergeDatasets(old, [row('abs.t', 'c', 'personal')], scope))).toBe('dataset,system,column,classes,evidence\nabs.t,core-db,c,personal,x\nx.y,crm,,,\n')
  })
})

describe('readDatasetsFile', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kosh-scan-datasets-'))
  })
  afterAll(() => rm(dir, {recursive: true, force: true}))

  it('reads none when the file is missing or empty, and accepts a BOM', async () => {
    expect(await readDatasetsFile(join(dir, 'missing.csv'))).toBeUndefined()
    await writeFile(join(dir, 'empty.csv'), '\uFEFF\n')
    expect(await readDatasetsFile(join(dir, 'empty.csv'))).toBeUndefined()
    await writeFile(join(dir, 'bom.csv'), '\uFEFFsystem,dataset,column,classes,evidence\ncrm,crm.contacts,phone,personal,x\n')
    expect(await readDatasetsFile(join(dir, 'bom.csv'))).toEqual({header: ['system', 'dataset', 'column', 'classes', 'evidence'], records: [['crm', 'crm.contacts', 'phone', 'personal', 'x']]})
  })

  it('refuses (exit 2) a file that is not a datasets.csv or not valid CSV, with its diagnostics', async () => {
    await writeFile(join(dir, 'zones.csv'), 'id,name,country\nz,Z,KZ\n')
    await expect(readDatasetsFile(join(dir, 'zones.csv'))).rejects.toMatchObject({exitCode: 2, message: expect.stringContaining('has no system or dataset column')})
    await writeFile(join(dir, 'broken.csv'), 'system,dataset\n"crm,crm.x\n')
    const error = (await readDatasetsFile(join(dir, 'broken.csv')).catch((e: unknown) => e)) as KoshError
    expect(error).toBeInstanceOf(KoshError)
    expect(error.exitCode).toBe(2)
    expect(error.diagnostics.length).toBeGreaterThan(0)
  })
})
