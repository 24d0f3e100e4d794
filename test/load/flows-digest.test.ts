/**
 * flows.csv's part of the inventory digest can be read from the file's bytes
 * (src/model/flows-digest.ts, run on a second thread by `kosh plan`). Where it
 * does not give up, it must give the digest the model gives, whatever the
 * cells: quoted, padded with any whitespace JavaScript trims, Cyrillic,
 * astral, with doubled quotes and line breaks, upper-case keywords.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {generateInventory} from '../../src/generate/generate.js'
import {parseInventory, type InventoryFiles} from '../../src/load/load-inventory.js'
import {digestParts, inventoryDigest} from '../../src/model/digest.js'
import {flowsSection, sectionDigest} from '../../src/model/flows-digest.js'
import {FILES, type FileKind} from '../../src/model/inventory.js'

function generatedFiles(seed: number, systems = 60, flows = 300): InventoryFiles {
  const files: InventoryFiles = {}
  for (const file of generateInventory({systems, flows, seed}).files) {
    files[file.name.replace('.csv', '') as FileKind] = Buffer.concat([...file.chunks()].map((c) => c.bytes))
  }
  return files
}

/** The digest from the bytes of flows.csv, or undefined where that reader gives up. */
async function fromBytes(files: InventoryFiles): Promise<{bytes?: string; model: string; errors: number}> {
  const {inventory, diagnostics} = await parseInventory('inv', files)
  const parts = digestParts(inventory)
  const section = flowsSection(files.flows!, inventory.flows.length)
  const digest = 'unsure' in section ? section : sectionDigest(parts.prefix, section, parts.ends, parts.suffix)
  return {
    bytes: typeof digest === 'string' ? digest : undefined,
    model: inventoryDigest(inventory),
    errors: diagnostics.filter((d) => d.severity === 'error').length,
  }
}

const files = generatedFiles(5)
const systems = files.systems!.toString('utf8').split('\n').slice(1, 9).map((line) => line.split(',')[0])
/** Every character String.prototype.trim removes, and some it keeps. */
const SPACES = ['\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff']
const NOT_SPACES = ['\u180e', '\u0085', '\u200b', '\u00ad', '\u2060']

describe('the flows part of the digest, read from bytes', () => {
  it('is the model\'s digest for generated, sample and exported-looking inventories, read to the end', async () => {
    const sample = fileURLToPath(new URL('../../inventory', import.meta.url))
    const sampleFiles: InventoryFiles = {}
    for (const kind of Object.keys(FILES) as FileKind[]) {
      try {
        sampleFiles[kind] = readFileSync(join(sample, FILES[kind]))
      } catch {
        // an optional file the sample does not have
      }
    }
    const quotedCrlf = Buffer.from('\ufeff' + files.flows!.toString('utf8').trimEnd().split('\n').map((line) => line.split(',').map((cell) => `"${cell}"`).join(',')).join('\r\n') + '\r\n')
    for (const inventory of [files, generatedFiles(9, 400, 3000), sampleFiles, {...files, flows: quotedCrlf}]) {
      const {bytes, model, errors} = await fromBytes(inventory)
      expect(errors).toBe(0)
      expect(bytes).toBe(model)
    }
  })

  it('is the model\'s digest wherever it does not give up (property)', async () => {
    const quote = (value: string) => `"${value.replaceAll('"', '""')}"`
    // Whitespace JavaScript trims around a reference or keyword; around free text, other characters too.
    const space = fc.oneof({weight: 2, arbitrary: fc.constant('')}, {weight: 1, arbitrary: fc.constantFrom(...SPACES)})
    const pad = fc.oneof({weight: 3, arbitrary: space}, {weight: 1, arbitrary: fc.constantFrom(...NOT_SPACES)})
    const padded = (value: fc.Arbitrary<string>, around = space) => fc.tuple(around, value, around).map(([a, v, b]) => a + v + b)
    const value = fc.oneof(
      fc.constantFrom('', 'x', 'госуслуги', 'Қ', 'say "hi"', 'a,b', 'line\nbreak', 'a\r\nb', '😀', '\u0000', '\u001f', 'scoring'),
      fc.string({unit: 'grapheme', maxLength: 6}),
    )
    // Mostly values a valid flow has, so that the reader reads to the end more often than not.
    const known = (...values: string[]) => fc.oneof({weight: 40, arbitrary: padded(fc.constantFrom(...values))}, {weight: 1, arbitrary: value})
    const row = fc.record({
      id: fc.oneof({weight: 40, arbitrary: padded(fc.stringMatching(/^[fФ😀]-[0-9]{1,5}$/), pad)}, {weight: 1, arbitrary: value}),
      source: known(...systems),
      target: known(...systems),
      classes: fc.oneof({weight: 20, arbitrary: known('', 'personal', 'HEALTH; bank_secret', 'public;;internal', ' ; ', 'personal;personal')}, {weight: 1, arbitrary: fc.constant('ban\u212a_secret')}),
      purpose: padded(value, pad),
      legal: known('', 'law', 'Consent', 'CONTRACT', 'none'),
      coupling: known('', 'tight', 'LOOSE'),
      extras: fc.array(padded(value, pad), {minLength: 3, maxLength: 3}),
      quoted: fc.boolean(),
      width: fc.constantFrom(...Array(40).fill(0), -1, 1),
      // A row of blank cells, which the loader skips.
      blank: fc.option(fc.constantFrom('', ' ', '\u00a0', '""', '" "', '\u180e'), {freq: 8}),
    })
    const names = fc.oneof({weight: 20, arbitrary: fc.uniqueArray(fc.constantFrom('note', 'a', '__proto__', '1', ' x y', 'Ескерту'), {maxLength: 3})}, {weight: 1, arbitrary: fc.constant(['purpose', 'source '])})
    let read = 0
    await fc.assert(
      fc.asyncProperty(names, fc.array(row, {minLength: 1, maxLength: 8}), fc.boolean(), fc.boolean(), async (extra, rows, crlf, bom) => {
        const header = ['id', 'source', 'target', 'classes', 'purpose', 'legal_basis', 'coupling', ...extra]
        const lines = rows.map((r) => {
          const cells = [r.id, r.source, r.target, r.classes, r.purpose, r.legal, r.coupling, ...r.extras.slice(0, extra.length)]
          const width = Math.max(1, cells.length + r.width)
          if (r.blank !== null) return Array(width).fill(r.blank).join(',')
          return Array.from({length: width}, (_, i) => cells[i] ?? 'more').map((cell) => (r.quoted || /[",\r\n]/.test(cell) ? quote(cell) : cell)).join(',')
        })
        const eol = crlf ? '\r\n' : '\n'
        const flows = Buffer.from((bom ? '\ufeff' : '') + [header.join(','), ...lines].join(eol) + eol)
        const {bytes, model} = await fromBytes({...files, flows})
        if (bytes !== undefined) {
          read++
          expect(bytes).toBe(model)
        }
      }),
      {numRuns: 400},
    )
    // The property must have been about something: most inventories are read to the end.
    expect(read).toBeGreaterThan(100)
  })

  it('trims exactly what String.prototype.trim trims', async () => {
    for (const space of [...SPACES, ...NOT_SPACES]) {
      const flows = Buffer.from(`id,source,target,purpose\n"${space}f-1${space}",${systems[0]},${systems[1]},"${space}p${space}"\n`)
      const {bytes, model} = await fromBytes({...files, flows})
      expect(bytes, JSON.stringify(space)).toBe(model)
    }
  })

  it('gives up on what only the model can say: an id used twice, an unknown system, a stray quote', async () => {
    const header = 'id,source,target'
    for (const body of [`f-1,${systems[0]},${systems[1]}\nf-1,${systems[1]},${systems[0]}`, `f-1,${systems[0]},nowhere`, `f-1,${systems[0]},${systems[1]}x"`, `f-1,${systems[0]},${systems[1]}\rf-2,${systems[0]},${systems[1]}`]) {
      const {bytes} = await fromBytes({...files, flows: Buffer.from(`${header}\n${body}\n`)})
      expect(bytes).toBeUndefined()
    }
  })

  it('gives up when the file holds more or fewer flows than the loader read', async () => {
    const {inventory} = await parseInventory('inv', files)
    const parts = digestParts(inventory)
    const text = files.flows!.toString('utf8').trimEnd()
    const lines = text.split('\n')
    const extra = `${lines[1].split(',')[0]}-again,${lines[1].split(',').slice(1).join(',')}`
    expect(flowsSection(Buffer.from(lines.slice(0, -1).join('\n') + '\n'), inventory.flows.length)).toEqual({unsure: 'fewer flows than the loader read'})
    expect(flowsSection(Buffer.from(`${text}\n${extra}\n`), inventory.flows.length)).toEqual({unsure: 'more flows than the loader read'})
    const same = flowsSection(files.flows!, inventory.flows.length)
    expect(sectionDigest(parts.prefix, same as Exclude<typeof same, {unsure: string}>, parts.ends, parts.suffix)).toBe(inventoryDigest(inventory))
  })
})
