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

const extra = (e: Record<string, string>) => {
  const keys = Object.keys(e)
  return keys.length === 0 ? '' : JSON.stringify(keys.sort().map((k) => [k, e[k]]))
}

/**
 * One canonical line per record: its values in a fixed order, separated by
 * US (0x1f), lists by `;` (line numbers left out). Cells cannot hold 0x1f in a
 * way that matters here: a value with it would still hash differently from one
 * without. The sort key comes first so records sort by it.
 */
const US = '\u001f'
const ROWS = {
  zones: (inv: Inventory) => inv.zones.map((z) => [z.id, z.name, z.country, z.role ?? '', z.approvedClasses.join(';'), z.approvedUntil ?? '', extra(z.extra)].join(US)),
  links: (inv: Inventory) => inv.links.map((l) => [l.zoneA, l.zoneB, l.approvedClasses.join(';'), extra(l.extra)].join(US)),
  systems: (inv: Inventory) =>
    inv.systems.map((s) =>
      [s.id, s.name, s.owner, s.zone, s.targetZone ?? '', s.classes.join(';'), s.storageGb, s.criticality, s.strategy, s.after.join(';'), s.wave ?? '', s.group ?? '', s.environment, extra(s.extra)].join(US),
    ),
  flows: (inv: Inventory) =>
    inv.flows.map((f) => f.id + US + f.source + US + f.target + US + f.classes.join(';') + US + (f.purpose ?? '') + US + (f.legalBasis ?? '') + US + f.coupling + US + extra(f.extra)),
  datasets: (inv: Inventory) => inv.datasets.map((d) => [d.system, d.dataset, d.column, d.classes.join(';'), d.evidence, extra(d.extra)].join(US)),
  waivers: (inv: Inventory) => inv.waivers.map((w) => [w.rule, w.subject, w.justification, w.owner, w.expires, extra(w.extra)].join(US)),
}

/** Sort keys of each file's records; rows already in key order need no sorting. */
const KEYS: Record<keyof typeof ROWS, (inv: Inventory) => ArrayLike<string>> = {
  zones: (inv) => inv.zones.map((z) => z.id),
  links: (inv) => inv.links.map((l) => `${l.zoneA}\u001f${l.zoneB}`),
  systems: (inv) => inv.systems.map((s) => s.id),
  flows: (inv) => inv.flows.map((f) => f.id),
  datasets: (inv) => inv.datasets.map((d) => `${d.system}\u001f${d.dataset}`),
  waivers: (inv) => inv.waivers.map((w) => `${w.rule}\u001f${w.subject}`),
}

function ascending(keys: ArrayLike<string>): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] >= keys[i]) return false
  return true
}

/** The canonical form of an inventory: per file, its records as canonical lines, sorted. */
export function canonicalInventory(inventory: Inventory): Record<keyof typeof ROWS, string[]> {
  const out = {} as Record<keyof typeof ROWS, string[]>
  for (const file of Object.keys(ROWS) as (keyof typeof ROWS)[]) out[file] = ROWS[file](inventory).sort(compare)
  return out
}

export function inventoryDigest(inventory: Inventory): string {
  const hash = createHash('sha256')
  for (const file of (Object.keys(ROWS) as (keyof typeof ROWS)[]).sort()) {
    hash.update(`${file}\n`)
    // Rows whose keys are already strictly ascending are in canonical order: no sort needed.
    const lines = ROWS[file](inventory)
    if (!ascending(KEYS[file](inventory))) lines.sort(compare)
    // Feed the hash in chunks: one native call per row costs more than the hashing.
    let chunk = ''
    for (const line of lines) {
      chunk += line + '\n'
      if (chunk.length > 1 << 16) {
        hash.update(chunk)
        chunk = ''
      }
    }
    hash.update(chunk)
  }
  return hash.digest('hex')
}
