/**
 * The clean path of the inventory reader: where it reads a file at all, it
 * reads the same records as csv-parse, on the lines they were written on,
 * whether a column is interned or decoded, quoted line breaks included; where
 * it cannot (a stray quote in a field, a bare CR), it says so instead of guessing.
 */
import fc from 'fast-check'
import {parse} from 'csv-parse/sync'
import {describe, expect, it} from 'vitest'

import {CELL_ESCAPED, CELL_TRIM, CELL_UTF8, CELL_VISIBLE, Interner, scanCsv} from '../../src/load/scan-csv.js'
import {csvTable, write} from '../support/csv-tables.js'

function scan(text: string | Buffer, interned: 'all' | 'none' | 'shared' = 'all') {
  const records: string[][] = []
  const lines: number[] = []
  const plain: boolean[] = []
  const flags: number[][] = []
  const shared = new Interner()
  const stop = scanCsv(Buffer.isBuffer(text) ? text : Buffer.from(text), {
    interners: (header) => header.map(() => (interned === 'none' ? undefined : interned === 'shared' ? shared : new Interner())),
    record(record, line, _entries, isPlain, cells) {
      records.push(record)
      lines.push(line)
      plain.push(isPlain)
      flags.push([...cells.subarray(0, record.length)])
    },
  })
  return {clean: stop !== false, records, lines, plain, flags}
}

const oracle = (text: string) => parse(Buffer.from(text), {bom: true, relax_column_count: true, skip_empty_lines: true}) as string[][]

describe('scanCsv', () => {
  it('reads what csv-parse reads, each record on the line it was written on (property)', () => {
    fc.assert(
      fc.property(csvTable({lineBreaks: false}), fc.constantFrom('all', 'none', 'shared') as fc.Arbitrary<'all' | 'none' | 'shared'>, ({shape, records}, interned) => {
        const written = write(records, shape.crlf, shape.blankLines, shape.bom, shape.finalBreak)
        const read = scan(written.text, interned)
        expect(read.clean).toBe(true)
        expect(read.records).toEqual(oracle(written.text))
        expect(read.lines).toEqual(written.lines)
        // A record said to be plain has nothing to trim; nor has a cell without CELL_TRIM, and one with CELL_VISIBLE is not blank.
        read.records.forEach((record, r) => {
          if (read.plain[r]) for (const cell of record) expect(cell.trim()).toBe(cell)
          record.forEach((cell, i) => {
            if (!(read.flags[r][i] & CELL_TRIM)) expect(cell.trim()).toBe(cell)
            if (read.flags[r][i] & CELL_VISIBLE) expect(cell.trim()).not.toBe('')
          })
        })
      }),
      {numRuns: 400},
    )
  })

  it('with line breaks in quoted fields, reads what csv-parse reads, each record on the line it starts on (property)', () => {
    fc.assert(
      fc.property(csvTable(), ({shape, records}) => {
        const written = write(records, shape.crlf, shape.blankLines, shape.bom, shape.finalBreak)
        const read = scan(written.text)
        expect(read.clean).toBe(true)
        expect(read.records).toEqual(oracle(written.text))
        expect(read.lines).toEqual(written.lines)
      }),
      {numRuns: 400},
    )
  })

  it('keeps a quoted line break (LF or CRLF) in the value and counts it as a line', () => {
    const read = scan('id,name\r\n1,"two\r\nlines"\r\n2,"x\ny\nz",\n3,w\n')
    expect(read.clean).toBe(true)
    expect(read.records).toEqual([['id', 'name'], ['1', 'two\r\nlines'], ['2', 'x\ny\nz', ''], ['3', 'w']])
    expect(read.lines).toEqual([1, 2, 4, 7])
  })

  it.each([
    ['a quote inside an unquoted field', 'id,name\n1,Mega "Bank"\n'],
    ['text after a closing quote', 'id,name\n1,"Mega" Bank\n'],
    ['a quote never closed', 'id,name\n1,"Mega Bank\n'],
    ['a bare CR line end', 'id,name\r1,x\r'],
    ['a bare CR inside a field', 'id,name\n1,x\ry\n'],
  ])('steps aside on %s', (_what, text) => {
    expect(scan(text).clean).toBe(false)
  })

  it('skips a BOM and empty lines, keeps a trailing empty field, unescapes doubled quotes', () => {
    const read = scan('\uFEFFid,name,tag\r\n\r\n1,"Mega ""Bank"", Almaty",\r\n\n2,x,y')
    expect(read).toEqual({
      clean: true, records: [['id', 'name', 'tag'], ['1', 'Mega "Bank", Almaty', ''], ['2', 'x', 'y']], lines: [1, 3, 5], plain: [true, false, true],
      // The cell with doubled quotes is left to the reader to trim; the empty one is not visible.
      flags: [[CELL_VISIBLE, CELL_VISIBLE, CELL_VISIBLE], [CELL_VISIBLE, CELL_TRIM | CELL_VISIBLE | CELL_ESCAPED, 0], [CELL_VISIBLE, CELL_VISIBLE, CELL_VISIBLE]],
    })
  })

  it('calls a record plain only when no cell begins or ends with a space or a non-ASCII character', () => {
    const read = scan('id,name\n1,x\n2, x\n3,x\t\n4,Қ\n5,aҚa\n6,\n')
    expect(read.plain).toEqual([true, true, false, false, false, true, true])
    expect(read.flags.map((cells) => cells[1])).toEqual([CELL_VISIBLE, CELL_VISIBLE, CELL_TRIM, CELL_TRIM | CELL_VISIBLE, CELL_TRIM | CELL_UTF8, CELL_VISIBLE | CELL_UTF8, 0])
  })

  it('an interner with a limit keeps that many values and cuts the rest as they come', () => {
    const limited = new Interner(3)
    const text = 'v\n' + ['a', 'b', 'a', 'c', 'd', 'e', 'd', 'b'].join('\n') + '\n'
    const values: string[] = []
    const entries: number[] = []
    expect(scanCsv(Buffer.from(text), {interners: () => [limited], record(record, _line, cells) {
      values.push(record[0])
      entries.push(cells[0])
    }})).toEqual({at: text.length, line: 10})
    expect(values).toEqual(['v', 'a', 'b', 'a', 'c', 'd', 'e', 'd', 'b'])
    // The header goes through its own interner; a, b and c are kept, d and e are not.
    expect(entries.slice(1)).toEqual([0, 1, 0, 2, -1, -1, -1, 1])
    expect(limited.size).toBe(3)
  })

  it('an interner gives equal values one entry, and distinct values distinct ones, whatever their lengths and the order they come in: short ids, then UUIDs, then long text (property)', () => {
    // Slots hold 20 characters until the first longer value (up to 52) widens them.
    const value = fc.oneof(
      fc.string({unit: fc.constantFrom('a', 'b', '-', '7'), minLength: 1, maxLength: 20}),
      fc.string({unit: fc.constantFrom('a', 'b', '-', '7', 'Қ'), minLength: 21, maxLength: 52}),
      fc.string({unit: fc.constantFrom('x', 'Ж'), minLength: 53, maxLength: 90}),
    )
    fc.assert(
      fc.property(fc.array(value, {minLength: 1, maxLength: 40}), fc.array(fc.nat(), {minLength: 1, maxLength: 400}), (pool, picks) => {
        const cells = picks.map((k) => pool[k % pool.length])
        const interner = new Interner()
        const seen: {value: string; entry: number}[] = []
        scanCsv(Buffer.from(['v', ...cells].join('\n') + '\n'), {
          interners: () => [interner],
          record(record, _line, entries) {
            seen.push({value: record[0], entry: entries[0]})
          },
        })
        const rows = seen.slice(1)
        expect(rows.map((r) => r.value)).toEqual(cells)
        const entryOf = new Map<string, number>()
        for (const {value, entry} of rows) {
          expect(entry).toBeGreaterThanOrEqual(0)
          if (!entryOf.has(value)) entryOf.set(value, entry)
          expect(entry).toBe(entryOf.get(value))
        }
        expect(new Set(entryOf.values()).size).toBe(entryOf.size)
        expect(interner.size).toBe(entryOf.size)
      }),
      {numRuns: 300},
    )
  })

  it('reads many distinct and long values through one interner (tables grow, long cells are decoded whole)', () => {
    const long = 'Ж'.repeat(300)
    const rows = Array.from({length: 50_000}, (_, i) => [`sys-${i}`, `Қазына ${i % 7}`, i % 1000 === 0 ? `${long}${i}` : `v${i % 97}`])
    const text = ['id,name,note', ...rows.map((r) => r.join(','))].join('\n')
    const read = scan(text, 'shared')
    expect(read.clean).toBe(true)
    expect(read.records.slice(1)).toEqual(rows)
    expect(read.lines.at(-1)).toBe(50_001)
  })
})
