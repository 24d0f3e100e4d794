/**
 * Properties of reading CSV: any table written as RFC 4180 text (fields with
 * commas, quotes, CR, LF, Cyrillic; LF or CRLF line ends; blank lines between
 * rows) reads back as the same records, each on the line it starts on, and
 * every field is located at the line and column where it was written. Both
 * of readCsv's paths are exercised: tables without line breaks in fields go
 * the fast way (csv-parse, line numbers from line breaks), others the slow
 * way (parseText). csv-parse is the oracle for the values.
 */
import fc from 'fast-check'
import {parse} from 'csv-parse/sync'
import {describe, expect, it} from 'vitest'

import {parseText, readCsv} from '../../src/load/csv-file.js'
import {csvTable, write} from '../support/csv-tables.js'

const table = csvTable()

describe('reading CSV (property)', () => {
  it('parseText reads back what was written, with lines and no problem', () => {
    fc.assert(
      fc.property(table, ({shape, records}) => {
        const written = write(records, shape.crlf, shape.blankLines, shape.bom, shape.finalBreak)
        const parsed = parseText(written.text)
        expect(parsed.problems).toEqual([])
        expect(parsed.records).toEqual(records)
        expect(parsed.lines).toEqual(written.lines)
      }),
      {numRuns: 400},
    )
  })

  it('readCsv agrees with csv-parse on the values, and knows where every row and field starts', async () => {
    await fc.assert(
      fc.asyncProperty(table, async ({shape, records}) => {
        const written = write(records, shape.crlf, shape.blankLines, shape.bom, shape.finalBreak)
        const bytes = Buffer.from(written.text)
        const oracle = parse(bytes, {bom: true, relax_column_count: true, skip_empty_lines: true}) as string[][]
        const {table: read, diagnostics} = await readCsv('t.csv', bytes)
        expect(diagnostics).toEqual([])
        expect(read!.records).toEqual(oracle.slice(1))
        expect(read!.header).toEqual(oracle[0].map((name) => name.trim()))
        expect([read!.headerLine, ...read!.lines]).toEqual(written.lines)
        written.positions.forEach((fields, r) => {
          fields.forEach((at, i) => expect(read!.locate(written.lines[r], i)).toEqual(at))
        })
      }),
      {numRuns: 300},
    )
  })

  it('a bad row anywhere costs only that row: the others keep their values and lines', async () => {
    await fc.assert(
      fc.asyncProperty(table, fc.nat(), fc.constantFrom('"x"y', 'x"y', '"x" ', ' "x"'), async ({shape, records}, pick, bad) => {
        fc.pre(records.length >= 2)
        const row = 1 + (pick % (records.length - 1))
        const broken = records.map((record, r) => (r === row ? [bad, ...record.slice(1)] : record))
        const written = write(broken, shape.crlf, shape.blankLines, shape.bom, shape.finalBreak, row)
        const {table: read, diagnostics} = await readCsv('t.csv', Buffer.from(written.text))
        expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['KOSH-CSV-SYNTAX', written.lines[row]]])
        expect(read!.incomplete).toBe(true)
        const others = records.map((_, r) => r).filter((r) => r !== 0 && r !== row)
        expect(read!.records).toEqual(others.map((r) => records[r]))
        expect(read!.lines).toEqual(others.map((r) => written.lines[r]))
      }),
      {numRuns: 300},
    )
  })
})
