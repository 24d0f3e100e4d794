/**
 * Golden files for `kosh graph`: every folder in test/fixtures/graph/ holds an
 * `inventory/` and an `expected/` with one file per view and format
 * (`system.dot`, `zone.mmd`, `wave.json`...). A case whose name ends in
 * `-error` must fail with `expected/error.txt` instead: the inventory's
 * diagnostics, or (per wave) the planner's reasons.
 *
 * UPDATE_GOLDEN=1 npx vitest run test/graph   rewrites the expected files.
 */
import {existsSync, readdirSync} from 'node:fs'
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

import {drawGraph} from '../../src/graph/render/draw.js'
import {GRAPH_FORMATS, renderGraph, type GraphFormat} from '../../src/graph/render/render.js'
import {GRAPH_BY} from '../../src/graph/render/view.js'
import {openInventoryFolder} from '../../src/load/open.js'
import {formatDiagnostic, hasErrors} from '../../src/model/diagnostic.js'
import {formatInfeasibility} from '../../src/plan/explain.js'

const ROOT = fileURLToPath(new URL('../fixtures/graph', import.meta.url))
const EXTENSION: Record<GraphFormat, string> = {dot: 'dot', mermaid: 'mmd', json: 'json'}
const UPDATE = process.env.UPDATE_GOLDEN === '1'

const cases = readdirSync(ROOT, {withFileTypes: true})
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

async function golden(file: string, actual: string): Promise<void> {
  if (UPDATE) {
    await mkdir(join(file, '..'), {recursive: true})
    await writeFile(file, actual)
    return
  }
  if (!existsSync(file)) throw new Error(`${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/graph`)
  expect(actual).toBe(await readFile(file, 'utf8'))
}

/** Why the case fails: its diagnostics, else the reasons no plan (hence no wave view) exists; '' when it does not fail. */
async function failure(dir: string): Promise<string> {
  const {inventory, diagnostics} = await openInventoryFolder(join(dir, 'inventory'))
  if (hasErrors(diagnostics)) return diagnostics.map(formatDiagnostic).join('\n') + '\n'
  const drawn = drawGraph(inventory, 'wave')
  return drawn.infeasible ? drawn.infeasible.map((item) => formatInfeasibility(item)).join('\n') + '\n' : ''
}

describe('kosh graph golden files', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(0))

  for (const name of cases) {
    const dir = join(ROOT, name)
    if (name.endsWith('-error')) {
      it(`${name} fails with its expected message`, async () => {
        const message = await failure(dir)
        expect(message).not.toBe('')
        await golden(join(dir, 'expected', 'error.txt'), message)
      })
      continue
    }
    for (const by of GRAPH_BY) {
      for (const format of GRAPH_FORMATS) {
        it(`${name}: --by ${by} --format ${format}`, async () => {
          const {inventory, diagnostics} = await openInventoryFolder(join(dir, 'inventory'))
          expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
          const drawn = drawGraph(inventory, by)
          expect(drawn.infeasible).toBeUndefined()
          const text = renderGraph(drawn.view!, format)
          await golden(join(dir, 'expected', `${by}.${EXTENSION[format]}`), text)
          // The same input gives the same bytes.
          expect(renderGraph(drawGraph(inventory, by).view!, format)).toBe(text)
        })
      }
    }
  }
})
