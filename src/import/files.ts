/**
 * The two ends of the import: reading the files named on the command line,
 * and writing the inventory folder all or nothing (the generator's writer:
 * a temporary folder beside the destination, renamed into place).
 */
import {readFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'

import type {GeneratedInventory} from '../generate/generate.js'
import {writeInventoryFolder} from '../generate/write.js'
import {FILES} from '../model/inventory.js'
import {inputLabels, type ImportedFile, type ImportFormat, type ImportInput, type InputFile} from './import.js'

export interface ImportPaths {
  from: ImportFormat
  sources: string[]
  zones: string
  zoneMap?: string
  map?: string
  owner?: string
  out: string
}

/** A file that cannot be read: its path and the system's reason. */
export class UnreadableInputError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: cannot be read (${reason})`)
    this.name = 'UnreadableInputError'
  }
}

async function readInput(path: string, file: string): Promise<InputFile> {
  try {
    return {file, bytes: await readFile(path)}
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UnreadableInputError(path, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? String(error)))
  }
}

/** Read every input; links.csv is taken from beside the zones file when it is there. */
export async function readImportInput(paths: ImportPaths): Promise<ImportInput> {
  const all = [...paths.sources, paths.zones, ...(paths.zoneMap ? [paths.zoneMap] : []), ...(paths.map ? [paths.map] : [])]
  const names = inputLabels(all)
  const labels = new Map(all.map((p, i) => [p, names[i]]))
  const label = (p: string) => labels.get(p)!
  const linksPath = join(dirname(paths.zones), FILES.links)
  const links = await readFile(linksPath).then(
    (bytes): InputFile => ({file: join(dirname(label(paths.zones)), FILES.links), bytes}),
    () => undefined,
  )
  return {
    from: paths.from,
    sources: await Promise.all(paths.sources.map((p) => readInput(p, label(p)))),
    zones: await readInput(paths.zones, label(paths.zones)),
    links,
    zoneMap: paths.zoneMap ? await readInput(paths.zoneMap, label(paths.zoneMap)) : undefined,
    map: paths.map ? await readInput(paths.map, label(paths.map)) : undefined,
    owner: paths.owner,
    out: paths.out,
  }
}

export async function writeImportedFolder(out: string, files: readonly ImportedFile[], force: boolean): Promise<void> {
  // The generator's writer reads only `files` of its inventory.
  const inventory = {
    files: files.map((f) => ({name: f.name, rows: f.rows, chunks: () => [{bytes: f.content, rows: f.rows}]})),
  } as Pick<GeneratedInventory, 'files'> as GeneratedInventory
  await writeInventoryFolder(out, inventory, {force})
}
