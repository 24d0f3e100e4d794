/**
 * Snapshot records: the form in which an inventory is stored in the database.
 *
 * A snapshot keeps what the files said, not the parsed model: per file its
 * header and, per record, the 1-based line it started on and its cells as
 * written. Reading a snapshot writes each file back as CSV text (src/csv/write.ts)
 * with every record on its original line (blank lines fill the gaps), and runs
 * the same parser and validator as a folder. So the model, the digest, the
 * findings and every diagnostic name the same `file:line` as the files did,
 * and a later kosh that checks more still finds its problems where they were.
 * What is not kept: quoting, line ends, a BOM and blank lines' content, none
 * of which reaches the model.
 */
import {csvLine} from '../csv/write.js'
import {readCsv} from '../load/csv-file.js'
import type {InventoryFiles} from '../load/load-inventory.js'
import {FILES, type FileKind} from '../model/inventory.js'

export interface StoredRecord {
  line: number
  cells: string[]
}

export interface StoredFile {
  /** The file's name in the inventory folder, e.g. `systems.csv`. */
  file: string
  header: string[]
  headerLine: number
  records: StoredRecord[]
}

const KIND_OF_FILE = new Map<string, FileKind>(Object.entries(FILES).map(([kind, file]) => [file, kind as FileKind]))

export function kindOfFile(file: string): FileKind | undefined {
  return KIND_OF_FILE.get(file)
}

/** Whether every record of the file could be read (else some record would be lost in storing it). */
export async function storable(file: string, bytes: Buffer): Promise<boolean> {
  const {table} = await readCsv(file, bytes)
  return table !== undefined && !table.incomplete
}

/**
 * The records of each file, in file order. A file that is not CSV throughout
 * (not UTF-8, a quote never closed) has records that cannot be kept; callers
 * store only inventories without errors, and such a file always has one.
 */
export async function recordsOfFiles(files: InventoryFiles): Promise<StoredFile[]> {
  const out: StoredFile[] = []
  for (const kind of Object.keys(FILES) as FileKind[]) {
    const bytes = files[kind]
    if (!bytes) continue
    const {table} = await readCsv(FILES[kind], bytes)
    if (!table || table.incomplete) throw new Error(`${FILES[kind]} is not valid CSV throughout; it cannot be stored`)
    out.push({
      file: FILES[kind],
      header: table.header,
      headerLine: table.headerLine,
      records: table.records.map((cells, i) => ({line: table.lines[i], cells})),
    })
  }
  return out
}

/** One file's CSV text with the header and every record on its original line. */
export function fileText(stored: Pick<StoredFile, 'header' | 'headerLine'>, records: Iterable<StoredRecord>): string {
  const parts: string[] = []
  let line = 1 // the line the next text starts on
  const place = (at: number, text: string) => {
    if (at > line) {
      parts.push('\n'.repeat(at - line))
      line = at
    }
    parts.push(text)
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) line++
  }
  place(stored.headerLine, csvLine(stored.header))
  for (const record of records) place(record.line, csvLine(record.cells))
  return parts.join('')
}

/** The inventory files a snapshot stands for, ready for `openInventoryFiles`. */
export function filesOfRecords(stored: Iterable<StoredFile>): InventoryFiles {
  const files: InventoryFiles = {}
  for (const file of stored) {
    const kind = kindOfFile(file.file)
    if (kind) files[kind] = Buffer.from(fileText(file, file.records), 'utf8')
  }
  return files
}
