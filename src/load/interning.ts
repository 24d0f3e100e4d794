/**
 * Which interner each column's cells are read through (see `Interner`): the
 * same rule on every thread that reads a file (scan-part.ts), so that a
 * file read in two parts shares its strings as one read alone would.
 */
import type {FileKind} from '../model/inventory.js'
import {Interner} from './scan-csv.js'

/**
 * Columns that name the same ids share one interner, so that a flow's source
 * is the very string of the system's id; every other column gets one of its
 * own (owners, classes, purposes, and the columns kosh does not know but
 * keeps, which an export fills with a few values: a protocol, a team), up to
 * REPEATED_VALUES distinct values. Columns kosh knows to be unique are
 * decoded as they come: interning them would only cost.
 */
const ID_SPACES: Record<string, string> = {
  'systems.id': 'system', 'flows.source': 'system', 'flows.target': 'system', 'datasets.system': 'system',
  'zones.id': 'zone', 'systems.zone': 'zone', 'systems.target_zone': 'zone', 'links.zone_a': 'zone', 'links.zone_b': 'zone',
}
const UNIQUE: ReadonlySet<string> = new Set(['flows.id', 'systems.name'])
/** Distinct values a column that is not an id space is interned for (owners, purposes, class lists repeat far less than this). */
const REPEATED_VALUES = 1 << 14

export function internerOf(interners: Map<string, Interner>, kind: FileKind, column: string): Interner | undefined {
  const name = `${kind}.${column}`
  if (UNIQUE.has(name)) return undefined
  const idSpace = ID_SPACES[name]
  const key = idSpace ?? name
  let interner = interners.get(key)
  // Id spaces keep every id (flow ends are resolved through their entries); other columns
  // stop growing at REPEATED_VALUES distinct values, past which they are not worth a table.
  if (!interner) interners.set(key, (interner = new Interner(idSpace === undefined ? REPEATED_VALUES : undefined)))
  return interner
}

