/**
 * A large plan document built directly (no planner): `systems` systems over
 * `waves` waves, 30 source zones, reasons, present violations and findings,
 * for checking that plan.md and plan.html stay small and readable at scale.
 */
import {groupFindings, type PlanDocument, type PlannedSystem, type WaveRecord} from '../../src/export/plan-document.js'
import type {Finding} from '../../src/rules/rules.js'
import type {DataClass} from '../../src/model/inventory.js'
import type {PresentViolation} from '../../src/verify/verify.js'

const CLASS_SETS: DataClass[][] = [['internal'], ['personal'], ['personal', 'bank_secret'], ['personal', 'health'], ['public']]

export function syntheticDocument(systems: number, waves: number): PlanDocument {
  const zones = Array.from({length: 30}, (_, i) => `zone-${String(i).padStart(2, '0')}`)
  const perWave = Math.ceil(systems / waves)
  const waveRecords: WaveRecord[] = []
  for (let w = 1; w <= waves; w++) {
    const list: PlannedSystem[] = []
    for (let i = (w - 1) * perWave; i < Math.min(systems, w * perWave); i++) {
      const id = `sys-${String(i).padStart(6, '0')}`
      list.push({
        id, name: `Жүйе ${i} / Система ${i}`, owner: `Owner ${i % 97}`, from: zones[i % zones.length], to: 'tier3',
        classes: CLASS_SETS[i % CLASS_SETS.length], storageGb: (i % 50) * 1.5, strategy: i % 41 === 0 ? 'retire' : 'rehost', environment: 'prod',
        reasons: w === 1 ? [{code: 'ready'}] : [{code: 'after', system: `sys-${String(i - perWave).padStart(6, '0')}`, wave: w - 1}],
      })
    }
    const start = new Date(Date.UTC(2027, 0, 11 + (w - 1) * 14))
    const end = new Date(start.getTime() + 13 * 86_400_000)
    waveRecords.push({
      wave: w, dates: {start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10)}, systems: list,
      totals: {systems: list.length, storageGb: list.reduce((n, s) => n + (s.strategy === 'retire' ? 0 : s.storageGb), 0), sensitive: ['personal', 'health', 'bank_secret'], zones: [...new Set(list.map((s) => s.from))].sort()},
      removes: w === 1 ? 3000 : 0,
    })
  }
  const present: PresentViolation[] = Array.from({length: 3000}, (_, i) => ({
    rule: 'R1', subject: `sys-${String(i).padStart(6, '0')}`, subjectKind: 'system', classes: ['personal'], zone: zones[i % zones.length], state: 0,
    message: 'synthetic', file: 'systems.csv', line: i + 2, removedInWave: 1,
  }))
  const findings: Finding[] = Array.from({length: 2000}, (_, i) => ({
    rule: 'R4', subject: `flow-${i}`, subjectKind: 'flow', classes: ['personal'], message: 'synthetic', file: 'flows.csv', line: i + 2,
  }))
  return {
    format: 'kosh-plan/1',
    inventory: {name: 'synthetic', digest: '0'.repeat(64), counts: {zones: 31, links: 30, systems, flows: systems * 2, datasets: 0, waivers: 0}},
    options: {start: '2027-01-11', waveDays: 14},
    feasible: true, waveCount: waves, lowerBound: waves,
    waves: waveRecords,
    retained: Array.from({length: 5000}, (_, i) => ({id: `kept-${i}`, name: `Kept ${i}`, owner: 'Partner', zone: zones[i % zones.length], classes: ['personal'] as DataClass[]})),
    sensitivity: [...zones, 'tier3'].map((zone) => ({zone, today: zone === 'tier3' ? [] : ['personal', 'bank_secret'] as DataClass[], final: zone === 'tier3' ? ['personal', 'health', 'bank_secret'] as DataClass[] : []})),
    verification: {
      valid: true, conditions: [],
      states: Array.from({length: waves + 1}, (_, k) => ({state: k, violations: k === 0 ? 3000 : 0, introduced: 0, removed: k === 1 ? 3000 : 0})),
      present: groupFindings(present), introduced: [], final: [],
    },
    findings: groupFindings(findings), infeasible: [], digest: '1'.repeat(64),
  }
}
