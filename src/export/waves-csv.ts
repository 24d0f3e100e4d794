/**
 * waves.csv: one row per system, in wave order then id. The wave column of an
 * edited copy can be fed back with `kosh plan --pins`. Retained systems are
 * listed with an empty wave: they stay where they are.
 */
import {csvField, csvLine} from '../csv/write.js'
import type {PlanDocument} from './plan-document.js'
import {reasonsText} from './reasons.js'

export const WAVES_HEADER = ['wave', 'system', 'name', 'owner', 'from', 'to', 'classes', 'gb', 'reason'] as const

export function renderWavesCsv(doc: PlanDocument): string {
  // A row per system, written field by field: owners, zones, class lists and
  // reasons repeat across 100,000 rows, so each is quoted once.
  const field = memoized()
  const lines = [csvLine(WAVES_HEADER)]
  for (const wave of doc.waves) {
    const w = String(wave.wave)
    for (const s of wave.systems) {
      lines.push(`${w},${csvField(s.id)},${csvField(s.name)},${field(s.owner)},${field(s.from)},${field(s.to)},${field(s.classes.join(';'))},${s.storageGb},${field(reasonsText(s.reasons))}\n`)
    }
  }
  for (const s of doc.retained) {
    lines.push(`,${csvField(s.id)},${csvField(s.name)},${field(s.owner)},${field(s.zone)},${field(s.zone)},${field(s.classes.join(';'))},,retained in place\n`)
  }
  return lines.join('')
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
