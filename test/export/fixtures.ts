/** The export fixtures: test/fixtures/export/<case>/inventory plus options.json, planned through the real pipeline. */
import {existsSync} from 'node:fs'
import {readFile, readdir} from 'node:fs/promises'
import {join} from 'node:path'

import type {PlanDocument, PlanOptionsRecord} from '../../src/export/plan-document.js'
import {openInventoryFolder} from '../../src/load/open.js'
import {formatDiagnostic, hasErrors} from '../../src/model/diagnostic.js'
import {runPlan} from '../../src/plan/run.js'

export const FIXTURES = 'test/fixtures/export'

export async function fixtureCases(): Promise<string[]> {
  return (await readdir(FIXTURES, {withFileTypes: true})).filter((d) => d.isDirectory()).map((d) => d.name).sort()
}

export async function fixtureDocument(name: string): Promise<PlanDocument> {
  const dir = join(FIXTURES, name)
  const {inventory, diagnostics} = await openInventoryFolder(join(dir, 'inventory'))
  if (hasErrors(diagnostics)) throw new Error(diagnostics.map(formatDiagnostic).join('\n'))
  const optionsFile = join(dir, 'options.json')
  const options = existsSync(optionsFile) ? (JSON.parse(await readFile(optionsFile, 'utf8')) as PlanOptionsRecord) : {}
  return runPlan(inventory, options).document
}
