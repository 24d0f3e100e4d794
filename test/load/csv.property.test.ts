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

import {parseText, readCsv, type Position} from '../../src/load/csv-file.js'

const char = fc.constantFrom('a', 'z', 'Қ', 'ж', ' ', ',', '"', '\n', '\r', ';', '1', '-')
const field = fc.array(char, {maxLength: 6}).map((chars) => chars.join(''))
const table = fc.record({
  width: fc.integer({min: 1, max: 4}),
  rows: fc.integer({min: 1, max: 6}),
  crlf: fc.boolean(),
  blankLines: fc.array(fc.integer({min: 0, max: 2}), {minLength: 8, maxLength: 8}),
  bom: fc.boolean(),
  finalBreak: fc.boolean(),
}).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    records: fc.array(fc.array(field, {minLength: shape.width, maxLength: shape.width}), {minLength: shape.rows, maxLength: shape.rows}),
  }),
)

interface Written {
  text: string
  lines: number[]
  positions: Position[][]
}

/** Write records as CSV, noting the line each starts on and where each field starts. */
function write(records: string[][], crlf: boolean, blankLines: number[], bom: boolean, finalBreak: boolean, rawFirstFieldOf = -1): Written {
  const eol = crlf ? '\r\n' : '\n'
  let text = bom ? '\uFEFF' : ''
  let line = 1
  let column = 1
  const lines: number[] = []
  const positions: Position[][] = []
  const put = (s: string) => {
    text += s
    for (const ch of s) {
      if (ch === '\n') {
        line++
        column = 1
      } else {
        column++
      }
    }
  }
  records.forEach((record, r) => {
    for (let b = 0; b < blankLines[r % blankLines.length]; b++) put(eol)
    lines.push(line)
    const at: Position[] = []
    record.forEach((value, i) => {
      if (i > 0) put(',')
      at.push({line, column})
      // A lone empty field must be quoted, or the row would be an empty line.
      const quote = (r !== rawFirstFieldOf || i > 0) && (/[",\r\n]/.test(value) || value.startsWith(' ') || (record.length === 1 && value.trim() === ''))
      put(quote ? `"${value.replaceAll('"', '""')}"` : value)
    })
    positions.push(at)
    if (r < records.length - 1 || finalBreak) put(eol)
  })
  return {text, lines, positions}
}

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
