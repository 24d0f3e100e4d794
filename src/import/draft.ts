/**
 * The draft inventory a format reader makes from another tool's export:
 * systems and flows with the cells they will have in systems.csv and
 * flows.csv, where each came from, and what the zone map can see of each
 * system. Zones, owners and the final checks are the import's business
 * (import.ts), the same for every format.
 */
import type {Diagnostic} from '../model/diagnostic.js'
import type {SourceRef} from './source.js'
import type {ZoneFacts} from './zone-map.js'

/** systems.csv columns (SPEC section 2), in the order kosh writes them. */
export const SYSTEM_COLUMNS = ['id', 'name', 'owner', 'zone', 'target_zone', 'classes', 'storage_gb', 'criticality', 'strategy', 'after', 'wave', 'group', 'environment'] as const
export type SystemColumn = (typeof SYSTEM_COLUMNS)[number]

export const FLOW_COLUMNS = ['id', 'source', 'target', 'classes', 'purpose', 'legal_basis', 'coupling'] as const

/** The extra column on every imported row: the source file and line it came from. */
export const IMPORTED_FROM = 'imported_from'
/** The extra systems.csv column naming the zone-map line (or source row) that gave the zone. */
export const ZONE_FROM = 'zone_from'

export interface DraftSystem {
  id: string
  /** Cells for systems.csv, as they will be written; absent means empty. */
  values: Partial<Record<SystemColumn, string>>
  /** Format-specific extra columns (see `Draft.systemExtras`). */
  extra: Record<string, string>
  /** The first source row that names the system. */
  ref: SourceRef
  facts: ZoneFacts
  /** Made from an address no row names a server for: a system outside the discovered ones. */
  external?: boolean
}

export interface DraftFlow {
  source: string
  target: string
  purpose: string
  extra: Record<string, string>
  /** The first source row of the connection. */
  ref: SourceRef
  /** How many source rows were aggregated into it. */
  rows: number
}

/** Something the import decided that the user should know about: never a silent guess. */
export interface ImportNote {
  code: string
  message: string
  /** The systems (or flows) concerned, sorted; may be empty. */
  subjects: string[]
}

export interface Draft {
  systems: DraftSystem[]
  flows: DraftFlow[]
  /** Extra systems.csv columns the format writes, in order. */
  systemExtras: string[]
  /** Extra flows.csv columns the format writes, in order. */
  flowExtras: string[]
  /** Keys of source columns a zone-map `column=value` line may name. */
  columns: Set<string>
  notes: ImportNote[]
  diagnostics: Diagnostic[]
}

/**
 * A server's system id: its name in lower case, trimmed. Discovery tools and
 * intake forms spell one server `WEB01` here and `web01` there; a DNS name
 * does not depend on case, so both are one system. Nothing else is changed:
 * a short name and an FQDN stay two systems rather than being merged by guess.
 */
export function serverId(name: string): string {
  return name.trim().toLowerCase()
}

/** A note with its subjects de-duplicated and sorted. */
export function note(code: string, message: string, subjects: Iterable<string> = []): ImportNote {
  return {code, message, subjects: [...new Set(subjects)].sort()}
}
