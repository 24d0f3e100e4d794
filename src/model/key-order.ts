/**
 * Key order: rows by the FNV-1a hash of their key, then by key, then by row.
 *
 * An order that does not depend on the order of the file, for the inventory
 * digest, and that puts equal keys side by side, for finding duplicate ids.
 * Sorting a million string keys compares strings twenty million times; here
 * rows are put in order of their 32-bit hashes by a radix sort (three passes
 * over the rows, stable, so rows of one hash stay in row order), and only
 * keys that share a hash (a few pairs in a million) are compared as strings
 * afterwards.
 * FNV-1a: http://www.isthe.com/chongo/tech/comp/fnv/
 */

/** FNV-1a over the UTF-16 code units of `text`, as an unsigned 32-bit number. */
export function fnv1a(text: string): number {
  return fnv1aOf(text, 0, text.length)
}

/** FNV-1a over the UTF-16 code units of `text[start, end)`, as an unsigned 32-bit number. */
export function fnv1aOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5 | 0
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return hash >>> 0
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Row indexes in key order, with each row's hash: rows with equal keys have
 * equal hashes, so a walk over the order compares strings only where the
 * hashes agree (comparing a million ids of one length would read each).
 */
export function keyOrderWithHashes(keys: readonly string[]): {order: Int32Array; hashes: Float64Array} {
  const n = keys.length
  const hashes = new Float64Array(n)
  for (let i = 0; i < n; i++) hashes[i] = fnv1a(keys[i])
  const order = hashOrder(hashes)
  // Rows that share a hash: by key, then by row.
  const byKey = (a: number, b: number) => compare(keys[a], keys[b]) || a - b
  for (let start = 0; start < n; ) {
    let end = start + 1
    while (end < n && hashes[order[end]] === hashes[order[start]]) end++
    if (end - start > 1) order.set(Array.from(order.subarray(start, end)).sort(byKey), start)
    start = end
  }
  return {order, hashes}
}

/** Digits of the radix sort: 11, 11 and 10 bits of a 32-bit hash. */
const DIGIT_BITS = 11
const DIGITS = 3

/** Row indexes by hash, rows of one hash in row order: an LSD radix sort of (hash, row) pairs. */
export function hashOrder(hashes: Float64Array): Int32Array {
  const n = hashes.length
  let keys = new Uint32Array(n)
  let rows = new Int32Array(n)
  let nextKeys = new Uint32Array(n)
  let nextRows = new Int32Array(n)
  const buckets = 1 << DIGIT_BITS
  const mask = buckets - 1
  // Every digit's counts in one pass, then each digit's pass moves the pairs once.
  const counts = new Int32Array(buckets * DIGITS)
  for (let i = 0; i < n; i++) {
    const key = hashes[i] >>> 0
    keys[i] = key
    rows[i] = i
    for (let d = 0; d < DIGITS; d++) counts[d * buckets + ((key >>> (d * DIGIT_BITS)) & mask)]++
  }
  for (let d = 0; d < DIGITS; d++) {
    const base = d * buckets
    for (let b = 0, sum = 0; b < buckets; b++) {
      const count = counts[base + b]
      counts[base + b] = sum
      sum += count
    }
    const shift = d * DIGIT_BITS
    for (let i = 0; i < n; i++) {
      const key = keys[i]
      const to = counts[base + ((key >>> shift) & mask)]++
      nextKeys[to] = key
      nextRows[to] = rows[i]
    }
    ;[keys, nextKeys] = [nextKeys, keys]
    ;[rows, nextRows] = [nextRows, rows]
  }
  return rows
}

const byRows = new WeakMap<readonly {id: string}[], {ids: string[]; order: Int32Array; hashes: Float64Array}>()

/**
 * Key order of rows by id. Validation and the digest both need it for the
 * same million flows: it is kept per rows array and handed out again (a copy
 * of the order) while every row still has the id it had.
 */
export function idOrder(rows: readonly {id: string}[]): {order: Int32Array; hashes: Float64Array} {
  const known = byRows.get(rows)
  if (known && known.ids.length === rows.length && rows.every((row, i) => row.id === known.ids[i])) return {order: known.order.slice(), hashes: known.hashes}
  const ids = rows.map((row) => row.id)
  const {order, hashes} = keyOrderWithHashes(ids)
  byRows.set(rows, {ids, order: order.slice(), hashes})
  return {order, hashes}
}
