/**
 * waves.csv: one row per system, in wave order then id. The wave column of an
 * edited copy can be fed back with `kosh plan --pins`. Retained systems are
 * listed with an empty wave: they stay where they are.
 */
import {csvDocument} from '../csv/write.js'
import type {PlanDocument} from './plan-document.js'
import {reasonsText} from './reasons.js'

export const WAVES_HEADER = ['wave', 'system', 'name', 'owner', 'from', 'to', 'classes', 'gb', 'reason'] as const

export function renderWavesCsv(doc: PlanDocument): string {
  const rows: (string | number)[][] = []
  for (const wave of doc.waves) {
    for (const s of wave.systems) rows.push([wave.wave, s.id, s.name, s.owner, s.from, s.to, s.classes.join(';'), s.storageGb, reasonsText(s.reasons)])
  }
  for (const s of doc.retained) rows.push(['', s.id, s.name, s.owner, s.zone, s.zone, s.classes.join(';'), '', 'retained in place'])
  return csvDocument(WAVES_HEADER, rows)
}
