/**
 * Golden inventories for the loader and validator: every folder in
 * test/fixtures/load/ holds an `inventory/` and an `expected.txt` with one line
 * per diagnostic, `file[:line[:column]] CODE`, in the order the loader returns
 * them (sorted by file, line, column, code), and for a valid case a
 * `counts:` line as `kosh validate` prints it. `#` starts a comment.
 * A case whose name ends in `-error` must report exactly its diagnostics;
 * any other case must load without one.
 *
 * The expected files are written by hand from the CSV (columns counted in
 * characters), not generated: they are the specification of where each
 * problem is reported.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

import {openInventoryFolder} from '../../src/load/open.js'
import {formatDiagnostic, hasErrors, location} from '../../src/model/diagnostic.js'
import {countInventory} from '../../src/validate/validate.js'

const ROOT = fileURLToPath(new URL('../fixtures/load', import.meta.url))

const cases = readdirSync(ROOT, {withFileTypes: true})
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

interface Expected {
  diagnostics: string[]
  counts?: string
}

function readExpected(name: string): Expected {
  const lines = readFileSync(join(ROOT, name, 'expected.txt'), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '')
  const counts = lines.find((line) => line.startsWith('counts:'))
  return {diagnostics: lines.filter((line) => !line.startsWith('counts:')), counts: counts?.slice('counts:'.length).trim()}
}

describe('loader golden inventories', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(10)
  })

  for (const name of cases) {
    it(name, async () => {
      const expected = readExpected(name)
      const {inventory, diagnostics} = await openInventoryFolder(join(ROOT, name, 'inventory'))
      const actual = diagnostics.map((d) => `${location(d)} ${d.code}`)
      // The full messages on failure, so a wrong place is easy to see.
      expect(actual, diagnostics.map(formatDiagnostic).join('\n')).toEqual(expected.diagnostics)

      if (name.endsWith('-error')) {
        expect(hasErrors(diagnostics)).toBe(true)
      } else {
        expect(diagnostics).toEqual([])
      }
      if (expected.counts) {
        const c = countInventory(inventory)
        expect(`${c.zones} zones, ${c.links} links, ${c.systems} systems, ${c.flows} flows, ${c.datasets} datasets, ${c.waivers} waivers`).toBe(expected.counts)
      }
      // Every diagnostic says what is wrong and what was expected, and never
      // shows a replacement character (mojibake).
      for (const d of diagnostics) {
        expect(d.summary).not.toBe('')
        expect(d.expected, formatDiagnostic(d)).toBeTruthy()
        expect(formatDiagnostic(d)).not.toMatch(/\uFFFD/)
      }
    })
  }
})
