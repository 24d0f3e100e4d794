/**
 * Synthetic systems: the shape of a bank and a health ministry's estate.
 *
 * Systems come in applications (consecutive ids, one owner, one zone, one layer):
 * about half stand alone, the rest form a move group of 2-5 systems, some with
 * test/dev systems beside their prod ones, some with a tight-coupled core. A few
 * partners' systems in external zones are retained. The standalone prod systems are
 * the pool the special cases are drawn from, without replacement, so that they never
 * overlap: a handful moved to the foreign cloud (today's violations), a few `after`
 * chains, a few wave-1 pins, and the systems to retire.
 *
 * Why a valid plan always exists: `after` only joins standalone systems and always
 * names a smaller id, so it is acyclic and never crosses a group or a tight cluster;
 * pins sit on systems nothing depends on; groups and clusters are at most 5 systems.
 * Why no state of any plan adds a finding: every system's classes (declared, and,
 * see flows.ts, everything flows can bring it) are approved where it runs today and
 * in the Tier-III zone, except the foreign-cloud systems, whose finding exists today.
 */
import {weights, type Random} from './random.js'
import {
  BANK_DC,
  BANK_KINDS,
  BANK_OWNERS,
  FOREIGN_CLOUD,
  FOREIGN_KINDS,
  HEALTH,
  HEALTH_DC,
  HEALTH_KINDS,
  HEALTH_OWNERS,
  INTERNAL,
  PARTNER_KINDS,
  PARTNER_OWNERS,
  PARTNER_ZONES,
  PERSONAL,
  PUBLIC,
  BANK_SECRET,
  TIER3,
  ZONES,
} from './vocabulary.js'

export const LAYERS = 6

/** How a system takes part: an ordinary system that moves, a retained partner system, or one misplaced in the foreign cloud. */
export const ROLE = {core: 0, partner: 1, foreign: 2} as const
export const ENVIRONMENT_NAMES = ['prod', 'test', 'dev'] as const
export const STRATEGY_NAMES = ['rehost', 'replatform', 'refactor', 'relocate', 'repurchase', 'retain', 'retire'] as const
export const CRITICALITY_NAMES = ['low', 'medium', 'high', 'critical'] as const
const [REHOST, , , , REPURCHASE, RETAIN, RETIRE] = STRATEGY_NAMES.map((_, i) => i)

/** Column-wise system attributes (index i is the system with id number i + 1). */
export interface SystemTable {
  count: number
  names: string[]
  /** Index into `owners`. */
  owner: Uint16Array
  owners: string[]
  /** Index into ZONES: where the system runs today. */
  zone: Uint8Array
  /** Explicit target zone (index into ZONES), or -1 for the default. */
  targetZone: Int8Array
  layer: Uint8Array
  role: Uint8Array
  /** Declared class mask (CLASS_BIT), never empty. */
  declared: Uint8Array
  storageGb: Uint32Array
  criticality: Uint8Array
  strategy: Uint8Array
  environment: Uint8Array
  /** Index into `groups`, or -1. */
  group: Int32Array
  groups: string[]
  /** Pinned wave, 0 for none. */
  wave: Uint8Array
  /** `after` lists: system index -> indexes of systems that move earlier (all smaller). */
  after: Map<number, number[]>
  /** Tight clusters: 2-4 prod systems of one group, joined by tight flows. */
  clusters: number[][]
  chains: number[][]
  foreign: number[]
  pinned: number[]
  retained: number[]
  retired: number[]
  /** Every system with role core (moves, may carry anything its zone approves), ascending. */
  core: number[]
  coreByLayer: number[][]
}

export function generateSystems(count: number, random: Random): SystemTable {
  const owners = [...BANK_OWNERS, ...HEALTH_OWNERS, ...PARTNER_ZONES.flatMap((z) => PARTNER_OWNERS[z])]
  const ownerIndex = new Map(owners.map((o, i) => [o, i]))
  const t: SystemTable = {
    count,
    names: new Array<string>(count),
    owner: new Uint16Array(count),
    owners,
    zone: new Uint8Array(count),
    targetZone: new Int8Array(count).fill(-1),
    layer: new Uint8Array(count),
    role: new Uint8Array(count),
    declared: new Uint8Array(count),
    storageGb: new Uint32Array(count),
    criticality: new Uint8Array(count),
    strategy: new Uint8Array(count),
    environment: new Uint8Array(count),
    group: new Int32Array(count).fill(-1),
    groups: [],
    wave: new Uint8Array(count),
    after: new Map(),
    clusters: [],
    chains: [],
    foreign: [],
    pinned: [],
    retained: [],
    retired: [],
    core: [],
    coreByLayer: Array.from({length: LAYERS}, () => []),
  }
  /** Standalone prod systems: the pool the special cases are drawn from. */
  const pool: number[] = []

  let i = 0
  let application = 0
  while (i < count) {
    application++
    if (i > 0 && random.chance(0.03)) {
      // A partner's system: stays in its external zone, holds only what the zone approves.
      const zone = random.pick(PARTNER_ZONES)
      const size = Math.min(count - i, random.between(1, 2))
      const owner = ownerIndex.get(random.pick(PARTNER_OWNERS[zone]))!
      for (let k = 0; k < size; k++, i++) {
        t.names[i] = `${random.pick(PARTNER_KINDS[zone])} ${application}`
        t.owner[i] = owner
        t.zone[i] = zone
        t.layer[i] = 3
        t.role[i] = ROLE.partner
        t.declared[i] = subset(random, ZONES[zone].approved, 0.7) | (random.chance(0.3) ? INTERNAL : 0)
        t.strategy[i] = RETAIN
        common(t, i, random)
        t.retained.push(i)
      }
      continue
    }

    const zone = random.chance(0.22) ? HEALTH_DC : BANK_DC
    const health = zone === HEALTH_DC
    const owner = ownerIndex.get(random.pick(health ? HEALTH_OWNERS : BANK_OWNERS))!
    const layer = random.int(LAYERS)
    const [kind, stem] = random.pick((health ? HEALTH_KINDS : BANK_KINDS)[layer])
    const size = random.chance(0.55) ? 1 : Math.min(count - i, random.between(2, 5))
    const first = i
    let group = -1
    let nonProd = 0
    if (size > 1) {
      group = t.groups.length
      t.groups.push(`${stem}-${application}`)
      if (random.chance(0.35)) nonProd = random.between(1, Math.min(2, size - 1))
    }
    for (let k = 0; k < size; k++, i++) {
      const environment = size === 1 ? random.weighted(STANDALONE_ENVIRONMENTS) : k < size - nonProd ? 0 : random.chance(0.7) ? 1 : 2
      t.names[i] = size === 1 ? `${kind} ${application}` : `${kind} ${application} — ${COMPONENTS[k]}${environment ? ` (${ENVIRONMENT_NAMES[environment]})` : ''}`
      t.owner[i] = owner
      t.zone[i] = zone
      t.layer[i] = layer
      t.role[i] = ROLE.core
      t.declared[i] = random.weighted(health ? HEALTH_CLASSES : BANK_CLASSES)
      t.strategy[i] = random.weighted(MOVE_STRATEGIES)
      t.environment[i] = environment
      t.group[i] = group
      common(t, i, random)
      if (size === 1 && environment === 0) pool.push(i)
    }
    const prod = size - nonProd
    if (size > 1 && prod >= 2 && random.chance(0.45)) {
      const members = Math.min(prod, random.between(2, 4))
      t.clusters.push(Array.from({length: members}, (_, k) => first + k))
    }
  }

  const draw = poolDrawer(pool, random)

  // A handful of systems that sit in the foreign cloud with personal data today: R1 (and R2 for
  // what flows into them) from S0 on, removed by the wave that moves them to the Tier-III zone.
  // Two core systems always remain, so that flows have somewhere to go.
  const coreCount = t.role.reduce((sum, role) => sum + (role === ROLE.core ? 1 : 0), 0)
  const foreignCount = count >= 30 ? Math.min(8, 3 + Math.floor(count / 20_000)) : count >= 5 ? 1 : 0
  for (const s of draw(Math.min(foreignCount, Math.max(0, coreCount - 2)))) {
    t.zone[s] = FOREIGN_CLOUD
    t.targetZone[s] = TIER3
    t.role[s] = ROLE.foreign
    t.declared[s] = PERSONAL | (random.chance(0.5) ? INTERNAL : 0)
    t.names[s] = `${random.pick(FOREIGN_KINDS)} ${s + 1}`
    t.strategy[s] = random.chance(0.5) ? REHOST : REPURCHASE
    t.foreign.push(s)
  }

  // `after` chains among standalone systems, each naming only earlier (smaller) ids: acyclic.
  const chainCount = count >= 20 ? Math.min(12, Math.max(1, Math.floor(count / 400))) : 0
  for (let c = 0; c < chainCount; c++) {
    const length = Math.min(c === 0 ? 10 : random.between(2, 10), Math.floor(draw.left() / 2))
    if (length < 2) break
    const chain = draw(length).sort((a, b) => a - b)
    for (let k = 1; k < chain.length; k++) {
      const earlier = [chain[k - 1]]
      if (k >= 2 && random.chance(0.2)) earlier.push(chain[k - 2])
      t.after.set(chain[k], earlier.sort((a, b) => a - b))
    }
    t.chains.push(chain)
  }

  // Pins: wave 1, on standalone prod systems outside every chain (nothing depends on them).
  for (const s of draw(count >= 20 ? (count >= 10_000 ? 5 : 3) : 0).sort((a, b) => a - b)) {
    t.wave[s] = 1
    t.pinned.push(s)
  }

  for (const s of draw(Math.round(count * 0.03)).sort((a, b) => a - b)) {
    t.strategy[s] = RETIRE
    t.retired.push(s)
  }

  t.foreign.sort((a, b) => a - b)
  for (let s = 0; s < count; s++) {
    if (t.role[s] !== ROLE.core) continue
    t.core.push(s)
    t.coreByLayer[t.layer[s]].push(s)
  }
  return t
}

const COMPONENTS = ['app', 'db', 'api', 'batch', 'web']

const BANK_CLASSES = weights([
  [PERSONAL | BANK_SECRET, 0.3], [PERSONAL, 0.18], [BANK_SECRET, 0.1], [INTERNAL, 0.2],
  [PERSONAL | INTERNAL, 0.1], [BANK_SECRET | INTERNAL, 0.07], [PUBLIC, 0.05],
])
const HEALTH_CLASSES = weights([
  [PERSONAL | HEALTH, 0.3], [HEALTH, 0.1], [PERSONAL, 0.22], [INTERNAL, 0.2],
  [PERSONAL | INTERNAL, 0.1], [PUBLIC, 0.08],
])
/** rehost, replatform, refactor, relocate, repurchase (retire is drawn from the pool, retain is for partners). */
const MOVE_STRATEGIES = weights([[0, 0.58], [1, 0.2], [2, 0.08], [3, 0.08], [4, 0.06]])
/** prod, test, dev for a standalone system. */
const STANDALONE_ENVIRONMENTS = weights([[0, 0.96], [1, 0.03], [2, 0.01]])
/** low, medium, high, critical. */
const CRITICALITY_WEIGHTS = weights([[0, 0.2], [1, 0.45], [2, 0.25], [3, 0.1]])

function common(t: SystemTable, i: number, random: Random): void {
  // Storage: log-uniform from 1 GB to about 20 TB.
  t.storageGb[i] = Math.round(Math.exp(random.float() * 10))
  t.criticality[i] = random.weighted(CRITICALITY_WEIGHTS)
}

/** A random non-empty subset of `mask` (each bit kept with probability p); `internal` when the mask is empty. */
export function subset(random: Random, mask: number, p = 0.6): number {
  if (mask === 0) return INTERNAL
  let result = 0
  for (let bit = 1; bit <= mask; bit <<= 1) if (mask & bit && random.chance(p)) result |= bit
  if (result !== 0) return result
  const bits: number[] = []
  for (let bit = 1; bit <= mask; bit <<= 1) if (mask & bit) bits.push(bit)
  return random.pick(bits)
}

/** Draws without replacement from the pool (a partial Fisher-Yates shuffle). */
function poolDrawer(pool: number[], random: Random): ((n: number) => number[]) & {left: () => number} {
  let end = pool.length
  const draw = (n: number): number[] => {
    const taken: number[] = []
    while (taken.length < n && end > 0) {
      const j = random.int(end)
      end--
      ;[pool[j], pool[end]] = [pool[end], pool[j]]
      taken.push(pool[end])
    }
    return taken
  }
  return Object.assign(draw, {left: () => end})
}
