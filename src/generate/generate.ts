/**
 * Generate: a deterministic synthetic inventory for benchmarks and tests.
 *
 * `generateInventory` draws the systems (a few MB even at 100,000 systems) and
 * describes every file of the inventory folder as a stream of text chunks; flows
 * are produced while they are written, so a million of them never sit in memory.
 * The same options give the same bytes: every random draw comes from a seeded
 * stream (see random.ts), nothing reads the clock. Writing is in write.ts.
 */
import {csvLine} from '../csv/write.js'
import {FILES} from '../model/inventory.js'
import {generateFlows} from './flows.js'
import {Random} from './random.js'
import {CRITICALITY_NAMES, ENVIRONMENT_NAMES, ROLE, STRATEGY_NAMES, generateSystems, type SystemTable} from './systems.js'
import {BANK_SECRET, CLASS_LIST, HEALTH, PERSONAL, ZONES, zoneLinks} from './vocabulary.js'

export interface GenerateOptions {
  systems: number
  flows: number
  seed: number
}

/** One file of the inventory folder. */
export interface GeneratedFile {
  /** File name inside the folder. */
  name: string
  /** Data rows (the header not counted). */
  rows: number
  /** The file's UTF-8 bytes in chunks of about 1 MB, each with the rows written so far; produced afresh on each call. */
  chunks(): Iterable<{bytes: Uint8Array; rows: number}>
}

/** What a planner or a benchmark may want to know about the shape (ids as written). */
export interface GenerateSummary {
  /** Systems that sit in the foreign cloud holding personal data today (R1 in S0), destination the Tier-III zone. */
  foreign: string[]
  /** Systems pinned to wave 1. */
  pinned: string[]
  /** `after` chains, each from its first system to its last. */
  chains: string[][]
  groups: number
  tightClusters: number
  retained: number
  retired: number
}

export interface GeneratedInventory {
  options: GenerateOptions
  files: GeneratedFile[]
  summary: GenerateSummary
}

export const HEADERS = {
  zones: ['id', 'name', 'country', 'role', 'approved_classes', 'approved_until'],
  links: ['zone_a', 'zone_b', 'approved_classes'],
  systems: ['id', 'name', 'owner', 'zone', 'target_zone', 'classes', 'storage_gb', 'criticality', 'strategy', 'after', 'wave', 'group', 'environment'],
  flows: ['id', 'source', 'target', 'classes', 'purpose', 'legal_basis', 'coupling'],
  datasets: ['system', 'dataset', 'column', 'classes', 'evidence'],
  waivers: ['rule', 'subject', 'justification', 'owner', 'expires'],
} as const

const CHUNK_BYTES = 1 << 20
const BATCH_CHARS = 16 << 10

type Cell = string | number
type Row = readonly Cell[]

export function generateInventory(options: GenerateOptions): GeneratedInventory {
  const {systems: count, flows: flowCount, seed} = options
  if (!Number.isInteger(count) || count < 1) throw new RangeError('the number of systems must be a whole number from 1')
  if (!Number.isInteger(flowCount) || flowCount < 0) throw new RangeError('the number of flows must be a whole number from 0')
  if (flowCount > 0 && count < 2) throw new RangeError('flows need at least 2 systems')

  const t = generateSystems(count, new Random(seed, 'systems'))
  const systemWidth = String(count).length
  const flowWidth = String(flowCount).length
  const systemIds = Array.from({length: count}, (_, i) => `sys-${String(i + 1).padStart(systemWidth, '0')}`)
  const ids = {system: (i: number) => systemIds[i], flow: (i: number) => `flow-${String(i + 1).padStart(flowWidth, '0')}`}

  const zoneRows: Row[] = ZONES.map((z) => [z.id, z.name, z.country, z.role, CLASS_LIST[z.approved], z.approvedUntil ?? ''])
  const linkRows: Row[] = zoneLinks().map((l) => [ZONES[l.a].id, ZONES[l.b].id, CLASS_LIST[l.approved]])
  const datasetRows = datasets(t, new Random(seed, 'datasets'), systemIds)

  const file = (kind: keyof typeof HEADERS, rows: number, produce: () => Iterable<Row>): GeneratedFile => ({
    name: FILES[kind],
    rows,
    chunks: () => chunked(HEADERS[kind], produce()),
  })
  return {
    options: {...options},
    files: [
      file('zones', zoneRows.length, () => zoneRows),
      file('links', linkRows.length, () => linkRows),
      file('systems', count, () => systemRows(t, systemIds)),
      file('flows', flowCount, () => generateFlows(t, flowCount, new Random(seed, 'flows'), ids)),
      file('datasets', datasetRows.length, () => datasetRows),
      file('waivers', 0, () => []),
    ],
    summary: {
      foreign: t.foreign.map((s) => systemIds[s]),
      pinned: t.pinned.map((s) => systemIds[s]),
      chains: t.chains.map((chain) => chain.map((s) => systemIds[s])),
      groups: t.groups.length,
      tightClusters: t.clusters.length,
      retained: t.retained.length,
      retired: t.retired.length,
    },
  }
}

/**
 * CSV in chunks of about CHUNK_BYTES of UTF-8: a file never becomes one giant string.
 * Lines are gathered into short strings (a few hundred lines) and each is encoded
 * into the chunk's buffer: fewer calls than a line at a time, no long rope of `+=`.
 */
function* chunked(header: readonly string[], rows: Iterable<Row>): Generator<{bytes: Uint8Array; rows: number}> {
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES)
  let used = 0
  let text = csvLine(header)
  let done = 0
  /** Rows already encoded into chunks. */
  let written = 0
  const flushable = (): boolean => used + text.length * 3 > buffer.length // a UTF-16 code unit is at most 3 bytes of UTF-8
  for (const row of rows) {
    text += csvLine(row)
    done++
    if (text.length < BATCH_CHARS) continue
    if (flushable()) {
      yield {bytes: buffer.subarray(0, used), rows: written}
      buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, text.length * 3))
      used = 0
    }
    used += buffer.write(text, used, 'utf8')
    written = done
    text = ''
  }
  if (flushable()) {
    yield {bytes: buffer.subarray(0, used), rows: written}
    buffer = Buffer.allocUnsafe(text.length * 3)
    used = 0
  }
  used += buffer.write(text, used, 'utf8')
  yield {bytes: buffer.subarray(0, used), rows: done}
}

function* systemRows(t: SystemTable, ids: readonly string[]): Generator<Row> {
  for (let i = 0; i < t.count; i++) {
    const after = t.after.get(i)
    yield [
      ids[i],
      t.names[i],
      t.owners[t.owner[i]],
      ZONES[t.zone[i]].id,
      t.targetZone[i] >= 0 ? ZONES[t.targetZone[i]].id : '',
      CLASS_LIST[t.declared[i]],
      t.storageGb[i],
      CRITICALITY_NAMES[t.criticality[i]],
      STRATEGY_NAMES[t.strategy[i]],
      after ? after.map((s) => ids[s]).join(';') : '',
      t.wave[i] || '',
      t.group[i] >= 0 ? t.groups[t.group[i]] : '',
      ENVIRONMENT_NAMES[t.environment[i]],
    ]
  }
}

/** A few rows of what a scan would have found: one class each, always one the system declares. */
function datasets(t: SystemTable, random: Random, ids: readonly string[]): Row[] {
  const found: Array<[dataset: string, column: string, bit: number, evidence: string]> = [
    ['clients', 'iin', PERSONAL, 'IIN checksum valid in 98% of sampled values'],
    ['accounts', 'iban', BANK_SECRET, 'KZ IBAN mod 97 valid in 100% of sampled values'],
    ['visits', 'icd10_code', HEALTH, 'ICD-10 code pattern in 95% of sampled values; column name'],
  ]
  const chosen = new Set<number>()
  for (let tries = 0; tries < 60 && chosen.size < 8 && t.core.length > 0; tries++) {
    const s = random.pick(t.core)
    if (t.role[s] === ROLE.core && found.some(([, , bit]) => t.declared[s] & bit)) chosen.add(s)
  }
  const rows: Row[] = []
  for (const s of [...chosen].sort((a, b) => a - b)) {
    for (const [dataset, column, bit, evidence] of found) if (t.declared[s] & bit) rows.push([ids[s], dataset, column, CLASS_LIST[bit], evidence])
  }
  return rows
}
