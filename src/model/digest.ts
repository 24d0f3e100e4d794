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

const extra = (e: Record<string, string>) => Object.keys(e).sort().map((k) => [k, e[k]])

/**
 * One canonical line per record: its values in a fixed order (line numbers
 * left out), as JSON. The sort key comes first so records sort by it.
 */
const ROWS = {
  zones: (inv: Inventory) => inv.zones.map((z) => JSON.stringify([z.id, z.name, z.country, z.role ?? '', z.approvedClasses, z.approvedUntil ?? '', extra(z.extra)])),
  links: (inv: Inventory) => inv.links.map((l) => JSON.stringify([l.zoneA, l.zoneB, l.approvedClasses, extra(l.extra)])),
  systems: (inv: Inventory) =>
    inv.systems.map((s) =>
      JSON.stringify([s.id, s.name, s.owner, s.zone, s.targetZone ?? '', s.classes, s.storageGb, s.criticality, s.strategy, s.after, s.wave ?? 0, s.group ?? '', s.environment, extra(s.extra)]),
    ),
  flows: (inv: Inventory) =>
    inv.flows.map((f) => JSON.stringify([f.id, f.source, f.target, f.classes, f.purpose ?? '', f.legalBasis ?? '', f.coupling, extra(f.extra)])),
  datasets: (inv: Inventory) => inv.datasets.map((d) => JSON.stringify([d.system, d.dataset, d.column, d.classes, d.evidence, extra(d.extra)])),
  waivers: (inv: Inventory) => inv.waivers.map((w) => JSON.stringify([w.rule, w.subject, w.justification, w.owner, w.expires, extra(w.extra)])),
}

/** The canonical form of an inventory: per file, its records as canonical lines, sorted. */
export function canonicalInventory(inventory: Inventory): Record<keyof typeof ROWS, string[]> {
  const out = {} as Record<keyof typeof ROWS, string[]>
  for (const file of Object.keys(ROWS) as (keyof typeof ROWS)[]) out[file] = ROWS[file](inventory).sort(compare)
  return out
}

export function inventoryDigest(inventory: Inventory): string {
  const hash = createHash('sha256')
  const canonical = canonicalInventory(inventory)
  for (const file of Object.keys(canonical).sort() as (keyof typeof ROWS)[]) {
    hash.update(`${file}\n`)
    for (const line of canonical[file]) hash.update(line + '\n')
  }
  return hash.digest('hex')
}
