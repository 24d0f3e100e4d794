/**
 * plan.json's layout, written straight into UTF-8 bytes.
 *
 * Canonical JSON indented by two spaces, except that each planned system
 * (`waves[].systems[]`), each retained system and each group of findings
 * (`findings[]`, `verification.present[]`, `.introduced[]`, `.final[]`) is one line of
 * compact JSON. A national plan lists 100,000 systems: one line each halves
 * the file, and a diff of two plans shows one line per system that moved.
 * Each line is encoded as it is made, so no string of the whole plan (tens of
 * megabytes, two bytes a character once one name is Cyrillic) is ever built.
 */
import {ByteWriter} from '../io/utf8.js'

/** The lists of findings in `verification`, written a group per line. */
const FINDING_LISTS: ReadonlySet<string> = new Set(['present', 'introduced', 'final'])

/** Writes a member's value itself and says so, or leaves it to the default layout. */
type Special = (key: string, value: unknown, indent: string, out: ByteWriter) => boolean

/** `value` (in canonical key order: toCanonicalOrder) in plan.json's layout. */
export function writePlanLayout(value: object, out: ByteWriter): void {
  const lines = (items: unknown, indent: string) => Array.isArray(items) && (writeLines(items, indent, out), true)
  writeObject(value as Record<string, unknown>, '', out, (key, item, indent) => {
    if (key === 'waves' && Array.isArray(item)) {
      writeArray(item, indent, out, (wave, inner) => writeObject(wave as Record<string, unknown>, inner, out, (k, list, i) => k === 'systems' && lines(list, i)))
      return true
    }
    if (key === 'verification' && item !== null && typeof item === 'object' && !Array.isArray(item)) {
      writeObject(item as Record<string, unknown>, indent, out, (k, list, i) => FINDING_LISTS.has(k) && lines(list, i))
      return true
    }
    return (key === 'retained' || key === 'findings') && lines(item, indent)
  })
}

/** JSON.stringify(value, undefined, 2) at `indent`: it never writes a line break inside a string, so each one starts a line. */
const indented = (value: unknown, indent: string) => JSON.stringify(value, undefined, 2).replaceAll('\n', '\n' + indent)

function writeObject(record: Record<string, unknown>, indent: string, out: ByteWriter, special: Special): void {
  const inner = indent + '  '
  let first = true
  for (const key of Object.keys(record)) {
    const value = record[key]
    if (value === undefined || typeof value === 'function') continue
    out.text(`${first ? '{\n' : ',\n'}${inner}${JSON.stringify(key)}: `)
    first = false
    if (!special(key, value, inner, out)) out.text(indented(value, inner))
  }
  out.text(first ? '{}' : `\n${indent}}`)
}

function writeArray(items: unknown[], indent: string, out: ByteWriter, item: (value: unknown, indent: string) => void): void {
  if (items.length === 0) return out.text('[]')
  const inner = indent + '  '
  for (let i = 0; i < items.length; i++) {
    out.text(i === 0 ? `[\n${inner}` : `,\n${inner}`)
    item(items[i], inner)
  }
  out.text(`\n${indent}]`)
}

/** One compact JSON line per item. */
function writeLines(items: unknown[], indent: string, out: ByteWriter): void {
  writeArray(items, indent, out, (value) => out.text(JSON.stringify(value) ?? 'null'))
}
