/**
 * Small inventories written to a temp folder, for the cases whose bytes
 * matter (BOM, CRLF, Windows-1251...) and so are better built in the test
 * than kept as fixture files an editor or git might rewrite.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll} from 'vitest'

import {openInventoryFolder, type OpenedInventory} from '../../src/load/open.js'
import {location, type Diagnostic} from '../../src/model/diagnostic.js'

export const ZONES = 'id,name,country,role\nsrc,Source room,KZ,source\ntier3,Tier-III,KZ,target\n'
export const SYSTEMS = 'id,name,owner,zone\ncore,Core banking,Bank IT,src\ncrm,CRM,Bank IT,src\n'
export const FLOWS = 'id,source,target\nf1,crm,core\n'

const made: string[] = []
afterAll(() => {
  for (const dir of made) rmSync(dir, {recursive: true, force: true})
})

/** Files of an inventory: text (written as UTF-8), raw bytes, or null for "no such file". */
export type Files = Record<string, string | Buffer | null>

/** A temp folder holding zones, systems and flows (valid by default) overridden by `files`. */
export function inventoryDir(files: Files = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'kosh-load-'))
  made.push(dir)
  const all: Files = {'zones.csv': ZONES, 'systems.csv': SYSTEMS, 'flows.csv': FLOWS, ...files}
  for (const [name, content] of Object.entries(all)) {
    if (content !== null) writeFileSync(join(dir, name), content)
  }
  return dir
}

export async function open(files: Files = {}): Promise<OpenedInventory> {
  return openInventoryFolder(inventoryDir(files))
}

/** `file:line:column CODE`, the form the expectations are written in. */
export function where(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${location(d)} ${d.code}`)
}
