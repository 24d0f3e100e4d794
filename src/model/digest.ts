/**
 * The inventory digest: SHA-256 over the canonical content of the model, not
 * over file bytes. Row order, line numbers, quoting, line ends and a BOM do not
 * change it; a changed value does. Files and a database snapshot of the same
 * inventory therefore give the same digest, and a plan can tell it is stale.
 */
import {createHash} from 'node:crypto'

import type {Inventory} from './inventory.js'

/** Stable JSON: object keys sorted, `undefined` dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key]
      if (v !== undefined) out[key] = sortKeys(v)
    }
    return out
  }
  return value
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** The canonical form of an inventory: records without line numbers, sorted by their keys. */
export function canonicalInventory(inventory: Inventory): unknown {
  const strip = <T extends {line: number}>(rows: T[], key: (row: T) => string) =>
    rows.map((row) => [key(row), {...row, line: undefined}] as const).sort((a, b) => compare(a[0], b[0])).map(([, row]) => row)
  return {
    zones: strip(inventory.zones, (z) => z.id),
    links: strip(inventory.links, (l) => `${l.zoneA}\u0000${l.zoneB}\u0000${l.approvedClasses.join(';')}`),
    systems: strip(inventory.systems, (s) => s.id),
    flows: strip(inventory.flows, (f) => f.id),
    datasets: strip(inventory.datasets, (d) => `${d.system}\u0000${d.dataset}\u0000${d.column}\u0000${d.classes.join(';')}\u0000${d.evidence}`),
    waivers: strip(inventory.waivers, (w) => `${w.rule}\u0000${w.subject}\u0000${w.expires}\u0000${w.owner}`),
  }
}

export function inventoryDigest(inventory: Inventory): string {
  const hash = createHash('sha256')
  const canonical = canonicalInventory(inventory) as Record<string, unknown[]>
  // Hash file by file, row by row, so a million flows never become one giant string.
  for (const file of Object.keys(canonical).sort()) {
    hash.update(`${file}\n`)
    for (const row of canonical[file]) hash.update(canonicalJson(row) + '\n')
  }
  return hash.digest('hex')
}
