/**
 * A file read in two parts (scan-part.ts) gives the rows one read gives: the
 * same records, lines, flags and interner entries, in the same order, whether
 * the part starts on a record or inside a quoted cell (where this thread reads
 * on by itself), and through the real second thread on a large flows.csv.
 */
import {spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import fc from 'fast-check'
import {afterAll, describe, expect, it} from 'vitest'

import {streamCsv, type RowSink} from '../../src/load/csv-file.js'
import {internerOf} from '../../src/load/interning.js'
import {parseInventory, settledFiles, startReadingInventoryFiles} from '../../src/load/load-inventory.js'
import type {Interner} from '../../src/load/scan-csv.js'
import {partStart, readPart, type PartScan} from '../../src/load/scan-part.js'
import {csvTable, write} from '../support/csv-tables.js'

interface Row {
  record: string[]
  line: number
  entries: number[]
  plain: boolean
  cells: number[]
}

/** Every row streamCsv hands a sink, with what the clean path says of its cells. */
async function rowsOf(bytes: Buffer, part?: PartScan): Promise<Row[]> {
  const rows: Row[] = []
  const byKey = new Map<string, Interner>()
  const sink: RowSink = {
    header: () => true,
    interners: (header) => header.map((name) => internerOf(byKey, 'flows', name.trim())),
    row: (record, line, entries, plain, cells) =>
      void rows.push({record, line, entries: entries ? [...entries.subarray(0, record.length)] : [], plain: plain ?? false, cells: cells ? [...cells.subarray(0, record.length)] : []}),
  }
  await streamCsv('flows.csv', bytes, () => sink, part)
  return rows
}

/** A part as the second thread would read it, here on this thread; `taken` says whether it was asked for. */
function partAt(bytes: Buffer, from: number) {
  const state = {taken: false, stopped: false}
  const part: PartScan = {
    from,
    take: async () => {
      state.taken = true
      return readPart(bytes, 'flows', from)
    },
    stop: () => void (state.stopped = true),
  }
  return {part, state}
}

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

const lineBreaks = (bytes: Buffer) => [...bytes.keys()].filter((i) => bytes[i] === 10 && i + 1 < bytes.length)

describe('a file read in two parts', () => {
  it('gives the rows one read gives, wherever the part starts (property)', async () => {
    await fc.assert(
      fc.asyncProperty(csvTable(), fc.nat(), async ({shape, records}, pick) => {
        const written = write([['id', 'source', 'purpose', 'x'].slice(0, shape.width), ...records], shape.crlf, shape.blankLines, shape.bom, shape.finalBreak)
        const bytes = Buffer.from(written.text)
        const breaks = lineBreaks(bytes)
        fc.pre(breaks.length > 1)
        const whole = await rowsOf(bytes)
        // Past the header's line break: a record's start, a blank line's, or inside a quoted cell.
        const from = breaks[1 + (pick % (breaks.length - 1))] + 1
        const {part, state} = partAt(bytes, from)
        expect(await rowsOf(bytes, part)).toEqual(whole)
        // The other thread's rows are used exactly where a record or blank line starts there.
        const onRecord = written.lines.some((line, r) => r > 0 && startOfLine(written.text, line) === from) || bytes[from] === 10 || bytes[from] === 13
        if (state.taken) expect(onRecord).toBe(true)
      }),
      {numRuns: 400},
    )
  })

  it('reads on by itself when the part starts inside a quoted cell', async () => {
    const text = 'id,source,purpose\n1,a,"two\nlines"\n2,b,x\n3,a,y\n'
    const bytes = Buffer.from(text)
    const inside = text.indexOf('lines')
    const {part, state} = partAt(bytes, inside)
    const rows = await rowsOf(bytes, part)
    expect(state).toEqual({taken: false, stopped: true})
    expect(rows.map((r) => [r.record, r.line])).toEqual([[['1', 'a', 'two\nlines'], 2], [['2', 'b', 'x'], 4], [['3', 'a', 'y'], 5]])
  })

  it('takes the part where a record starts, with its lines, interned strings and entries', async () => {
    const text = 'id,source,purpose\n1,a,"two\nlines"\n2,b,x\n3,a,"Қ ""q"""\n4,b,x\n'
    const bytes = Buffer.from(text)
    const {part, state} = partAt(bytes, text.indexOf('2,b'))
    const rows = await rowsOf(bytes, part)
    expect(state.taken).toBe(true)
    expect(rows).toEqual(await rowsOf(bytes))
    expect(rows.map((r) => r.line)).toEqual([2, 4, 5, 6])
    // Both "b" cells are one string through the source column's interner, entry 1 after "a".
    expect(rows[1].entries[1]).toBe(1)
    expect(rows[3].entries[1]).toBe(1)
    expect(rows[2].record[2]).toBe('Қ "q"')
  })

  it('leaves a small file to one thread, and a large one from just after a line break', () => {
    expect(partStart(Buffer.from('id,source\n1,a\n'))).toBe(-1)
    const large = Buffer.from('id,source,target\n' + 'f,s,t\n'.repeat(3_000_000))
    const from = partStart(large)
    expect(from).toBeGreaterThan(0.25 * large.length)
    expect(from).toBeLessThan(0.35 * large.length)
    expect(large[from - 1]).toBe(10)
  })

  it('does not read a part whose header does not end in the first bytes of the file', () => {
    const bytes = Buffer.from(`${'c'.repeat(70_000)},source\n1,a\n2,b\n`)
    expect(readPart(bytes, 'flows', bytes.indexOf('2,b'))).toBeUndefined()
    const ok = Buffer.from('id,source\n1,a\n2,b\n')
    expect(readPart(ok, 'flows', ok.indexOf('2,b'))?.lines).toEqual(Int32Array.from([1]))
  })
})

describe('a large flows.csv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kosh-part-'))
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it('is read by the second thread, its last part scanned there, into the model one thread makes', {timeout: 60_000}, async () => {
    writeFileSync(join(dir, 'zones.csv'), 'id,name,country,role,approved_classes\nz1,Old,KZ,source,personal\nz2,New,KZ,target,personal\n')
    const systems = Array.from({length: 2000}, (_, i) => `sys-${i},System ${i},Owner ${i % 7},z1,personal`)
    writeFileSync(join(dir, 'systems.csv'), ['id,name,owner,zone,classes', ...systems].join('\n') + '\n')
    const flows = Array.from({length: 300_000}, (_, i) => {
      const note = i % 1000 === 0 ? `"line one\nline two"` : i % 3 === 0 ? 'Қазақ' : ''
      return `flow-${i},sys-${i % 2000},sys-${(i * 7) % 2000},${i % 2 ? 'personal' : ''},purpose ${i % 50},consent,loose,${note}`
    })
    writeFileSync(join(dir, 'flows.csv'), ['id,source,target,classes,purpose,legal_basis,coupling,note', ...flows].join('\n') + '\n')

    const alone = await startReadingInventoryFiles(dir)
    const one = await parseInventory('x', await settledFiles(alone.files))
    expect(one.inventory.flows.length).toBe(300_000)
    // Each of the 300 quoted line breaks moves later rows a line down.
    expect(one.inventory.flows.at(-1)!.line).toBe(300_001 + 300)

    // The second thread runs the built worker (dist/), as kosh does.
    const script = join(dir, 'read.mjs')
    writeFileSync(
      script,
      `import {createHash} from 'node:crypto'
      import {parseInventory, startReadingInventoryFiles} from ${JSON.stringify(pathToFileURL(join(REPO, 'dist', 'load', 'load-inventory.js')).href)}
      const split = await startReadingInventoryFiles(process.argv[2], {parts: true})
      const two = await parseInventory('x', split.files, split.parts)
      const read = await (await split.parts.flows)?.take()
      const digest = createHash('sha256').update(JSON.stringify([two.inventory, two.diagnostics])).digest('hex')
      console.log(JSON.stringify({partRecords: read?.lines.length ?? 0, digest}))`,
    )
    const run = spawnSync(process.execPath, [script, dir], {encoding: 'utf8'})
    expect(run.status, run.stderr).toBe(0)
    const two = JSON.parse(run.stdout) as {partRecords: number; digest: string}
    expect(two.partRecords).toBeGreaterThan(150_000)
    expect(two.digest).toBe(createHash('sha256').update(JSON.stringify([one.inventory, one.diagnostics])).digest('hex'))
  })
})

/** Where 1-based `line` starts in `text`. */
function startOfLine(text: string, line: number): number {
  let at = 0
  for (let l = 1; l < line; l++) at = text.indexOf('\n', at) + 1
  // Positions in bytes: the table's characters may take more than one.
  return Buffer.byteLength(text.slice(0, at))
}
