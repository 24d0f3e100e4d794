/**
 * The front of the pipeline for commands: read an inventory, parse it and
 * validate it, returning the model and every diagnostic in file/line order.
 * Whether it came from a folder or a database snapshot, the same parser and
 * validator run on the same bytes, so both give the same diagnostics and digest.
 */
import {sortDiagnostics, type Diagnostic} from '../model/diagnostic.js'
import type {Inventory} from '../model/inventory.js'
import {appendAll} from '../model/lists.js'
import {validateInventory} from '../validate/validate.js'
import {locateColumns, parseInventory, settledFiles, startReadingInventoryFiles, type FileParts, type InventoryFiles, type PendingInventoryFiles} from './load-inventory.js'
import {basename, resolve} from 'node:path'

export interface OpenedInventory {
  inventory: Inventory
  diagnostics: Diagnostic[]
  /** The bytes it was read from. */
  files?: InventoryFiles
}

export async function openInventoryFolder(dir: string): Promise<OpenedInventory> {
  const {files, diagnostics, parts} = await startReadingInventoryFiles(dir, {parts: true})
  if (diagnostics.some((d) => d.code === 'KOSH-NO-INVENTORY')) {
    return {inventory: {name: basename(resolve(dir)), zones: [], links: [], systems: [], flows: [], datasets: [], waivers: [], extraColumns: {}}, diagnostics}
  }
  const opened = await openInventoryFiles(basename(resolve(dir)), files, parts)
  opened.diagnostics = sortDiagnostics([...diagnostics, ...opened.diagnostics])
  return opened
}

/** `files` may still be being read: each is parsed once it has been (see startReadingInventoryFiles). */
export async function openInventoryFiles(name: string, files: InventoryFiles | PendingInventoryFiles, parts?: FileParts): Promise<OpenedInventory> {
  const {inventory, diagnostics, incomplete} = await parseInventory(name, files, parts)
  appendAll(diagnostics, validateInventory(inventory, incomplete))
  const settled = await settledFiles(files)
  locateColumns(diagnostics, settled)
  return {inventory, diagnostics: sortDiagnostics(diagnostics), files: settled}
}
