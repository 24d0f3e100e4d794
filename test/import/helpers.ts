/** Building import inputs from fixture files or inline text, and running `kosh import` in process. */
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {vi} from 'vitest'

import Import from '../../src/commands/import.js'
import {importInventory, type ImportFormat, type ImportInput, type ImportOutcome} from '../../src/import/import.js'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const FIXTURES = fileURLToPath(new URL('../fixtures/import/', import.meta.url))

export function fixture(path: string): string {
  return `${FIXTURES}${path}`
}

export function fixtureText(path: string): string {
  return readFileSync(fixture(path), 'utf8')
}

export const ZONES = fixtureText('zones/zones.csv')

export interface InlineInput {
  from: ImportFormat
  /** File name -> content. */
  sources: Record<string, string | Buffer>
  zoneMap?: string
  map?: string
  owner?: string
  zones?: string
}

export function inline(spec: InlineInput): ImportInput {
  return {
    from: spec.from,
    sources: Object.entries(spec.sources).map(([file, text]) => ({file, bytes: Buffer.from(text)})),
    zones: {file: 'zones.csv', bytes: Buffer.from(spec.zones ?? ZONES)},
    zoneMap: spec.zoneMap === undefined ? undefined : {file: 'zone-map.csv', bytes: Buffer.from(spec.zoneMap)},
    map: spec.map === undefined ? undefined : {file: 'map.csv', bytes: Buffer.from(spec.map)},
    owner: spec.owner,
    out: 'out',
  }
}

export function importInline(spec: InlineInput): Promise<ImportOutcome> {
  return importInventory(inline(spec))
}

/** The rows of an imported file as objects keyed by header. */
export function rowsOf(outcome: ImportOutcome, name: string): Record<string, string>[] {
  const file = outcome.files.find((f) => f.name === name)
  if (!file) throw new Error(`${name} was not produced (status ${outcome.status}): ${JSON.stringify(outcome.diagnostics)}`)
  const [header, ...lines] = parseSimpleCsv(file.content.toString('utf8'))
  return lines.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])))
}

/** Enough CSV for kosh's own output: quoted fields with "" and commas, \n line ends. */
function parseSimpleCsv(text: string): string[][] {
  const rows: string[][] = []
  for (const line of text.split('\n').filter((l) => l !== '')) {
    const cells: string[] = []
    let i = 0
    while (i <= line.length) {
      if (line[i] === '"') {
        let value = ''
        i++
        for (;;) {
          const close = line.indexOf('"', i)
          value += line.slice(i, close)
          if (line[close + 1] === '"') {
            value += '"'
            i = close + 2
          } else {
            i = close + 2
            break
          }
        }
        cells.push(value)
      } else {
        const comma = line.indexOf(',', i)
        const end = comma === -1 ? line.length : comma
        cells.push(line.slice(i, end))
        i = end + 1
      }
    }
    rows.push(cells)
  }
  return rows
}

export interface Run {
  stdout: string
  stderr: string
  exit: number
}

/** Run `kosh import` in process: what it printed and its exit code (0 when it returned). */
export async function run(argv: string[]): Promise<Run> {
  const out: string[] = []
  const err: string[] = []
  // oclif writes through console.log and console.error.
  const stdout = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(`${args.join(' ')}\n`))
  const stderr = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(`${args.join(' ')}\n`))
  let exit = 0
  try {
    await Import.run(argv, ROOT)
  } catch (error) {
    exit = (error as {oclif?: {exit?: number}}).oclif?.exit ?? -1
    if (exit === -1) throw error
  } finally {
    stdout.mockRestore()
    stderr.mockRestore()
  }
  return {stdout: out.join(''), stderr: err.join(''), exit}
}
