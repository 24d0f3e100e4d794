/**
 * The inventory model: what the loader produces and every later stage reads.
 *
 * One record per CSV row, with the line it came from so that every finding and
 * diagnostic can point back at `file:line`. Ids are kept as the
 * strings the user wrote; later stages index them into compact arrays.
 */

export const CLASSES = ['public', 'internal', 'personal', 'health', 'bank_secret'] as const
export type DataClass = (typeof CLASSES)[number]

/** Classes whose residency and transit the rules guard. */
export const SENSITIVE: readonly DataClass[] = ['personal', 'health', 'bank_secret']

/** `health` implies `personal`: a health record identifies a person. */
export const IMPLIES: Readonly<Partial<Record<DataClass, DataClass[]>>> = {health: ['personal']}

export const ZONE_ROLES = ['source', 'target', 'external'] as const
export type ZoneRole = (typeof ZONE_ROLES)[number]

export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const
export type Criticality = (typeof CRITICALITIES)[number]

export const STRATEGIES = ['rehost', 'replatform', 'refactor', 'relocate', 'repurchase', 'retain', 'retire'] as const
export type Strategy = (typeof STRATEGIES)[number]

export const ENVIRONMENTS = ['prod', 'test', 'dev'] as const
export type Environment = (typeof ENVIRONMENTS)[number]

export const LEGAL_BASES = ['consent', 'law', 'contract', 'none'] as const
export type LegalBasis = (typeof LEGAL_BASES)[number]

export const COUPLINGS = ['tight', 'loose'] as const
export type Coupling = (typeof COUPLINGS)[number]

/** The inventory files, by the name they have inside the inventory folder. */
export const FILES = {
  zones: 'zones.csv',
  links: 'links.csv',
  systems: 'systems.csv',
  flows: 'flows.csv',
  datasets: 'datasets.csv',
  waivers: 'waivers.csv',
} as const
export type FileKind = keyof typeof FILES

/** Where a finding or diagnostic points: a file inside the inventory folder and its 1-based line. */
export interface RowRef {
  file: string
  line: number
}

/** Columns the format does not define, kept in header order and carried into exports. */
export type Extra = Record<string, string>

export interface Zone {
  id: string
  name: string
  country: string
  role?: ZoneRole
  approvedClasses: DataClass[]
  /** ISO date (YYYY-MM-DD): the approval ends after this day. */
  approvedUntil?: string
  extra: Extra
  /** 1-based line of the row in its file (the file is implied by the record kind). */
  line: number
}

export interface Link {
  zoneA: string
  zoneB: string
  approvedClasses: DataClass[]
  extra: Extra
  line: number
}

export interface System {
  id: string
  name: string
  owner: string
  zone: string
  /** As written; empty means the inventory's `target` zone. See `destinationOf`. */
  targetZone?: string
  classes: DataClass[]
  storageGb: number
  criticality: Criticality
  strategy: Strategy
  after: string[]
  wave?: number
  group?: string
  environment: Environment
  extra: Extra
  line: number
}

export interface Flow {
  id: string
  source: string
  target: string
  /** Empty: the flow carries every class its source holds. */
  classes: DataClass[]
  purpose?: string
  legalBasis?: LegalBasis
  coupling: Coupling
  extra: Extra
  line: number
}

export interface Dataset {
  system: string
  dataset: string
  column: string
  classes: DataClass[]
  evidence: string
  extra: Extra
  line: number
}

export interface Waiver {
  rule: string
  subject: string
  justification: string
  owner: string
  /** ISO date. */
  expires: string
  extra: Extra
  line: number
}

export interface Inventory {
  /** The folder name (or snapshot name) the inventory was read from, used for default plan paths. */
  name: string
  zones: Zone[]
  links: Link[]
  systems: System[]
  flows: Flow[]
  datasets: Dataset[]
  waivers: Waiver[]
  /** Extra column names per file, in header order, so exports can carry them. */
  extraColumns: Record<string, string[]>
}

/** The zone a system moves to: its own `target_zone`, else the inventory's single `target` zone, else where it is. */
export function destinationOf(system: System, targetZoneId: string | undefined): string {
  return system.targetZone || targetZoneId || system.zone
}

export function targetZoneOf(inventory: Inventory): string | undefined {
  return inventory.zones.find((zone) => zone.role === 'target')?.id
}

/** Whether a system takes part in the migration at all (retained systems stay put). */
export function migrates(system: System): boolean {
  return system.strategy !== 'retain'
}

/** Close a set of classes under implication, in the canonical order of CLASSES. */
export function closeClasses(classes: Iterable<DataClass>): DataClass[] {
  const set = new Set<DataClass>()
  for (const c of classes) {
    set.add(c)
    for (const implied of IMPLIES[c] ?? []) set.add(implied)
  }
  return CLASSES.filter((c) => set.has(c))
}

export function isSensitive(c: DataClass): boolean {
  return c === 'personal' || c === 'health' || c === 'bank_secret'
}
