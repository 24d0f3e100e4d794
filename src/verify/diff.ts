/** What changed between two plans: systems that changed wave, appeared or vanished. */
import type {PlanDocument} from '../export/plan-document.js'

export interface PlanDiff {
  moved: {system: string; from: number; to: number}[]
  appeared: {system: string; wave: number}[]
  vanished: {system: string; wave: number}[]
  waves: {a: number; b: number}
  sameInventory: boolean
}

function waveMap(doc: PlanDocument): Map<string, number> {
  const map = new Map<string, number>()
  for (const wave of doc.waves) for (const s of wave.systems) map.set(s.id, wave.wave)
  return map
}

export function diffPlans(a: PlanDocument, b: PlanDocument): PlanDiff {
  const [wa, wb] = [waveMap(a), waveMap(b)]
  const ids = [...new Set([...wa.keys(), ...wb.keys()])].sort()
  const diff: PlanDiff = {moved: [], appeared: [], vanished: [], waves: {a: a.waveCount, b: b.waveCount}, sameInventory: a.inventory.digest === b.inventory.digest}
  for (const id of ids) {
    const [x, y] = [wa.get(id), wb.get(id)]
    if (x === undefined) diff.appeared.push({system: id, wave: y!})
    else if (y === undefined) diff.vanished.push({system: id, wave: x})
    else if (x !== y) diff.moved.push({system: id, from: x, to: y})
  }
  return diff
}
