/**
 * waves.csv: one row per system, in wave order then id. The wave column of an
 * edited copy can be fed back with `kosh plan --pins`. Retained systems are
 * listed with an empty wave: they stay where they are.
 */
import {csvField, csvLine} from '../csv/write.js'
import {ByteWriter} from '../io/utf8.js'
import type {PlanDocument} from './plan-document.js'
import {reasonsText} from './reasons.js'

export const WAVES_HEADER = ['wave', 'system', 'name', 'owner', 'from', 'to', 'classes', 'gb', 'reason'] as const

export function renderWavesCsv(doc: PlanDocument): string {
  return renderWavesCsvBytes(doc).toString('utf8')
}

/**
 * waves.csv as UTF-8, each row encoded as it is made (no string of the whole
 * file). Rows are written field by field: owners, zones, class lists and
 * reasons repeat across 100,000 rows, so each is quoted once.
 */
export function renderWavesCsvBytes(doc: PlanDocument): Buffer {
  const field = memoized()
  const out = new ByteWriter((1 << 20) + 512 * doc.inventory.counts.systems)
  out.text(csvLine(WAVES_HEADER))
  for (const wave of doc.waves) {
    const w = String(wave.wave)
    for (const s of wave.systems) {
      out.text(`${w},${csvField(s.id)},${csvField(s.name)},${field(s.owner)},${field(s.from)},${field(s.to)},${field(s.classes.join(';'))},${s.storageGb},${field(reasonsText(s.reasons))}\n`)
    }
  }
  for (const s of doc.retained) {
    out.text(`,${csvField(s.id)},${csvField(s.name)},${field(s.owner)},${field(s.zone)},${field(s.zone)},${field(s.classes.join(';'))},,retained in place\n`)
  }
  return out.buffer.subarray(0, out.at)
}

/** `csvField` remembering what it wrote for each value. */
function memoized(): (value: string) => string {
  const known = new Map<string, string>()
  return (value) => {
    let text = known.get(value)
    if (text === undefined) known.set(value, (text = csvField(value)))
    return text
  }
}
