/**
 * Canonical JSON without a replacer.
 *
 * `canonicalJson` (model/digest.ts) sorts every object's keys through a
 * JSON.stringify replacer, which takes the engine off its fast path: on a plan
 * of 100,000 systems that is most of the export time. The plan document is
 * built with its keys already in canonical order, so native JSON.stringify
 * alone writes the same bytes. A walk over the value confirms the order first
 * (a small fraction of the writing), and anything else, such as a plan.json
 * edited by hand, still goes through `canonicalJson`.
 *
 * Canonical order is what the replacer produces: JavaScript lists array-index
 * keys ("0", "7", "12") first in numeric order whatever the insertion order,
 * then the other keys in insertion order. So an object is canonical when its
 * other keys are in ascending code-unit order. (For plain data, as JSON.parse
 * gives: the replacer drops an own `__proto__` key, so one takes the slow path.)
 */
import {canonicalJson} from '../model/digest.js'

/** Same bytes as `canonicalJson(value, indent)`. */
export function canonicalStringify(value: unknown, indent = 0): string {
  const ordered = typeof value !== 'object' || value === null || inCanonicalOrder(value)
  return ordered ? JSON.stringify(value, undefined, indent || undefined) : canonicalJson(value, indent)
}

/** Whether every object in `value` lists its keys in canonical order. */
export function inCanonicalOrder(value: object): boolean {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i]
      if (typeof item === 'object' && item !== null && !inCanonicalOrder(item)) return false
    }
    return true
  }
  const record = value as Record<string, unknown>
  let previous: string | undefined
  // for-in lists the own keys first, in Object.keys order; an inherited key
  // (JSON.stringify skips those) can at worst fail the check.
  for (const key in record) {
    if (!isArrayIndex(key)) {
      if ((previous !== undefined && !(previous < key)) || key === '__proto__') return false
      previous = key
    }
    const item = record[key]
    if (typeof item === 'object' && item !== null && !inCanonicalOrder(item)) return false
  }
  return true
}

/**
 * `value` itself when it is in canonical order, else a copy that is: objects
 * whose keys are out of order, and the arrays and objects holding them, are
 * copied; the rest is shared.
 */
export function toCanonicalOrder<T extends object>(value: T): T {
  // Checking first is cheaper than building the copy's bookkeeping everywhere.
  return inCanonicalOrder(value) ? value : reordered(value)
}

function reordered<T extends object>(value: T): T {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i]
      const ordered = typeof item === 'object' && item !== null ? reordered(item) : item
      if (ordered !== item) copy ??= value.slice()
      if (copy) copy[i] = ordered
    }
    return (copy ?? value) as T
  }
  const record = value as Record<string, unknown>
  let sorted = true
  let copy: Record<string, unknown> | undefined
  let previous: string | undefined
  for (const key of Object.keys(record)) {
    if (!isArrayIndex(key)) {
      if ((previous !== undefined && !(previous < key)) || key === '__proto__') sorted = false
      previous = key
    }
    const item = record[key]
    const ordered = typeof item === 'object' && item !== null ? reordered(item) : item
    if (ordered !== item) copy ??= {...record}
    if (copy) copy[key] = ordered
  }
  if (sorted) return (copy ?? value) as T
  const source = copy ?? record
  const result: Record<string, unknown> = {}
  for (const key of Object.keys(source).sort()) result[key] = source[key]
  return result as T
}

/** An array index ("0" to "4294967294" without leading zeros), which objects list first. */
function isArrayIndex(key: string): boolean {
  const first = key.charCodeAt(0)
  if (first < 48 || first > 57) return false
  const n = Number(key)
  return n >>> 0 === n && n !== 4294967295 && String(n) === key
}
