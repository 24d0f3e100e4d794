/**
 * Synthetic flows, generated on demand in id order from their own random stream,
 * so that a million of them never sit in memory at once.
 *
 * Order: the flows of the foreign-cloud systems, then the tight flows inside each
 * cluster (a chain, sometimes closed into a ring), then ordinary flows. Ordinary
 * flows mostly run from a lower layer to a higher one (stores -> core -> services
 * -> integration -> channels -> reporting), some stay inside a layer or run back
 * down (so flows have cycles), a third join neighbouring applications (often one
 * owner), and a few join a retained partner system.
 *
 * Class discipline, which keeps every state of every plan free of new findings:
 * a flow's classes end up held by both its ends (see SPEC section 3), so
 * - a flow with empty classes (it carries all its source holds) joins two core
 *   systems in the same zone, where everything either holds is approved;
 * - every other flow names classes approved in both ends' zones today (and the
 *   Tier-III zone approves everything), and every zone pair has a link for them;
 * - a flow that may carry a sensitive class between two owners has a legal basis.
 */
import {weights, type Random} from './random.js'
import {LAYERS, ROLE, subset, type SystemTable} from './systems.js'
import {ANYWHERE, CLASS_LIST, HEALTH_DC, INTERNAL, PARTNER_PURPOSE, PERSONAL, PURPOSES, SENSITIVE_BITS, ZONES} from './vocabulary.js'

export type FlowRow = [id: string, source: string, target: string, classes: string, purpose: string, legalBasis: string, coupling: string]

export interface FlowIds {
  system: (index: number) => string
  flow: (index: number) => string
}

/** Share of ordinary flows between two core systems of one zone that carry "everything the source holds". */
const EMPTY_SHARE = 0.32
const PARTNER_SHARE = 0.04
const LOCAL_SHARE = 0.3
const BASES = weights([['consent', 0.35], ['law', 0.35], ['contract', 0.3]])

export function* generateFlows(t: SystemTable, total: number, random: Random, ids: FlowIds): Generator<FlowRow> {
  let n = 0
  const row = (source: number, target: number, mask: number, purpose: string, legalBasis: string, coupling: string): FlowRow =>
    [ids.flow(n++), ids.system(source), ids.system(target), mask < 0 ? '' : CLASS_LIST[mask], purpose, legalBasis, coupling]

  // The foreign-cloud systems exchange personal or internal data with core systems (both zones approve personal).
  for (const s of t.foreign) {
    if (t.core.length === 0) break
    const flows = random.between(2, 4)
    for (let k = 0; k < flows && n < total; k++) {
      const other = random.pick(t.core)
      const outbound = random.chance(0.4)
      const mask = random.chance(0.8) ? PERSONAL | (random.chance(0.3) ? INTERNAL : 0) : INTERNAL
      const [source, target] = outbound ? [s, other] : [other, s]
      yield row(source, target, mask, random.pick(PURPOSES.foreign), legalBasis(random, t, source, target, mask, 'contract'), '')
    }
  }

  // Tight flows inside each cluster: one owner, one zone, one group and environment.
  for (const cluster of t.clusters) {
    const ring = cluster.length === 2 ? random.chance(0.5) : random.chance(0.6)
    const edges = cluster.length - 1 + (ring ? 1 : 0)
    for (let k = 0; k < edges && n < total; k++) {
      const source = cluster[k]
      const target = cluster[(k + 1) % cluster.length]
      const mask = random.chance(0.3) ? -1 : subset(random, t.declared[source] & allowed(t, source, target), 0.7)
      yield row(source, target, mask, random.chance(0.5) ? random.pick(PURPOSES[purposeKind(t, source)]) : '', legalBasis(random, t, source, target, mask), 'tight')
    }
  }

  const {core, coreByLayer} = t
  while (n < total) {
    if (t.retained.length > 0 && (core.length < 2 || random.chance(PARTNER_SHARE))) {
      yield partnerFlow()
      continue
    }
    let source: number
    let target: number
    if (random.chance(LOCAL_SHARE)) {
      const j = random.int(core.length)
      const k = Math.min(core.length - 1, Math.max(0, j + random.between(-40, 40)))
      ;[source, target] = [core[j], core[k]]
      if (t.layer[source] > t.layer[target] && random.chance(0.9)) [source, target] = [target, source]
    } else {
      const [from, to] = layerPair(random)
      source = coreByLayer[from].length > 0 ? random.pick(coreByLayer[from]) : random.pick(core)
      target = coreByLayer[to].length > 0 ? random.pick(coreByLayer[to]) : random.pick(core)
    }
    if (source === target) target = core[(lowerBound(core, source) + 1) % core.length]
    const sameZone = t.zone[source] === t.zone[target]
    const mask = sameZone && random.chance(EMPTY_SHARE) ? -1 : subset(random, t.declared[source] & allowed(t, source, target), 0.6)
    const purpose = random.chance(0.85) ? random.pick(PURPOSES[purposeKind(t, source)]) : ''
    yield row(source, target, mask, purpose, legalBasis(random, t, source, target, mask), random.chance(0.25) ? 'loose' : '')
  }

  function partnerFlow(): FlowRow {
    const partner = random.pick(t.retained)
    const other = random.pick(core)
    const outbound = random.chance(0.5)
    const [source, target] = outbound ? [partner, other] : [other, partner]
    const both = allowed(t, source, target)
    let mask = t.declared[source] & both & SENSITIVE_BITS
    if (mask === 0 && both & SENSITIVE_BITS && random.chance(0.5)) mask = subset(random, both & SENSITIVE_BITS)
    mask |= random.chance(0.3) || mask === 0 ? INTERNAL : 0
    const purpose = PARTNER_PURPOSE[t.zone[partner]]
    return row(source, target, mask, purpose, legalBasis(random, t, source, target, mask, 'contract'), '')
  }
}

/** Layers of an ordinary flow: mostly upward, some within a layer, some back down. */
function layerPair(random: Random): [number, number] {
  const r = random.float()
  if (r < 0.88) {
    const from = random.int(LAYERS - 1)
    return [from, random.between(from + 1, LAYERS - 1)]
  }
  if (r < 0.94) {
    const layer = random.int(LAYERS)
    return [layer, layer]
  }
  const to = random.int(LAYERS - 1)
  return [random.between(to + 1, LAYERS - 1), to]
}

/** Classes both ends' zones approve today (public and internal anywhere). */
function allowed(t: SystemTable, a: number, b: number): number {
  return (ZONES[t.zone[a]].approved & ZONES[t.zone[b]].approved) | ANYWHERE
}

/** The position of `value` in the ascending array `sorted` (or where it would go). */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid] < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

function purposeKind(t: SystemTable, s: number): 'bank' | 'health' {
  return t.zone[s] === HEALTH_DC ? 'health' : 'bank'
}

/**
 * R4: a flow that carries (or, with empty classes, may carry) a sensitive class between
 * two owners gets consent, law or contract; other flows mostly leave the column empty.
 */
function legalBasis(random: Random, t: SystemTable, source: number, target: number, mask: number, usual?: 'contract'): string {
  const sensitive = mask < 0 || (mask & SENSITIVE_BITS) !== 0
  if (t.owner[source] !== t.owner[target]) {
    if (!sensitive) return random.chance(0.5) ? 'none' : ''
    if (usual && random.chance(0.7)) return usual
    if (t.zone[source] !== t.zone[target] && t.role[source] === ROLE.core && t.role[target] === ROLE.core) return 'law'
    return random.weighted(BASES)
  }
  return sensitive && random.chance(0.1) ? 'law' : ''
}
