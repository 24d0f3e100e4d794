/**
 * Random CSV tables written as RFC 4180 text, with the line each record starts
 * on and where each field starts: fields with commas, quotes, CR, LF and
 * Cyrillic, LF or CRLF line ends, blank lines between rows, a BOM or not.
 */
import fc from 'fast-check'

import type {Position} from '../../src/load/csv-file.js'

const CHARS = ['a', 'z', 'Қ', 'ж', ' ', ',', '"', '\n', '\r', ';', '1', '-']

/** Tables whose fields may hold any of CHARS; with `lineBreaks: false`, none holds CR or LF. */
export function csvTable({lineBreaks = true} = {}) {
  const char = fc.constantFrom(...CHARS.filter((c) => lineBreaks || (c !== '\n' && c !== '\r')))
  const field = fc.array(char, {maxLength: 6}).map((chars) => chars.join(''))
  return fc.record({
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
}

export interface Written {
  text: string
  lines: number[]
  positions: Position[][]
}

/** Write records as CSV, noting the line each starts on and where each field starts. */
export function write(records: string[][], crlf: boolean, blankLines: number[], bom: boolean, finalBreak: boolean, rawFirstFieldOf = -1): Written {
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

