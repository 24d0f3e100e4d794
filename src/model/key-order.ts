/**
 * Key order: rows by the FNV-1a hash of their key, then by key, then by row.
 *
 * An order that does not depend on the order of the file, for the inventory
 * digest, and that puts equal keys side by side, for finding duplicate ids.
 * Sorting a million string keys compares strings twenty million times; here
 * each (hash, row) pair is packed into one double and a native numeric sort
 * does the work, and only keys that share a hash (a few pairs in a million)
 * are compared as strings afterwards.
 * FNV-1a: http://www.isthe.com/chongo/tech/comp/fnv/
 */

/** FNV-1a over the UTF-16 code units of `text`, as an unsigned 32-bit number. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5 | 0
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return hash >>> 0
}

/** Rows whose index fits beside a 32-bit hash in a double's 53-bit integer. */
const ROW_SPAN = 2 ** 21

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Row indexes in key order, with each row's hash: rows with equal keys have
 * equal hashes, so a walk over the order compares strings only where the
 * hashes agree (comparing a million ids of one length would read each).
 */
export function keyOrderWithHashes(keys: readonly string[]): {order: Int32Array; hashes: Float64Array} {
  const n = keys.length
  const order = new Int32Array(n)
  const hashes = new Float64Array(n)
  for (let i = 0; i < n; i++) hashes[i] = fnv1a(keys[i])
  if (n <= ROW_SPAN) {
    const packed = new Float64Array(n)
    for (let i = 0; i < n; i++) packed[i] = hashes[i] * ROW_SPAN + i
    packed.sort()
    for (let i = 0; i < n; i++) order[i] = packed[i] % ROW_SPAN
  } else {
    order.set(Array.from({length: n}, (_, i) => i).sort((a, b) => hashes[a] - hashes[b] || a - b))
  }
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
