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

/** How many code units past the shared prefix are packed at most. */
const PACKED_UNITS = 8
/** Runs of at most this many keys are sorted by comparing strings. */
const SMALL_RUN = 32

/**
 * Row indexes in the order of `[...keys].sort()` (UTF-16 code units), rows of
 * equal keys in row order: a most-significant-first radix sort of strings.
 * The first code units past the prefix the keys share are packed, each as
 * its rank among the units found there, with the row into one number per
 * key, and those numbers are sorted natively; keys whose packed units agree
 * are sorted the same way by the units after those, and a run of a few keys
 * by comparing strings. At national scale the ids are scattered over a heap
 * of a gigabyte, where each of the 1.7 million comparisons of a string sort
 * of 100,000 ids waits for memory: 160 ms for shuffled UUIDs, 39 ms for the
 * same ids freshly copied side by side; 25-45 ms here.
 */
export function codeUnitOrder(keys: readonly string[]): Int32Array {
  const order = new Int32Array(keys.length)
  for (let i = 0; i < order.length; i++) order[i] = i
  // Keys in order already (a file written sorted) need one comparison each, as the native sort finds.
  let sorted = 1
  while (sorted < keys.length && keys[sorted - 1] <= keys[sorted]) sorted++
  if (sorted >= keys.length) return order
  const tables = {seen: new Uint8Array(1 << 16), rankOf: new Uint16Array(1 << 16)}
  // Runs still to sort: start, end, and how many leading units their keys are known to share.
  const runs = [0, keys.length, 0]
  while (runs.length > 0) {
    const depth = runs.pop()!
    const end = runs.pop()!
    const start = runs.pop()!
    sortRun(keys, order, start, end, depth, tables, runs)
  }
  return order
}

/** Sort `order[start, end)`, whose keys share their first `depth` units; runs left to sort go onto `runs`. */
function sortRun(keys: readonly string[], order: Int32Array, start: number, end: number, depth: number, tables: {seen: Uint8Array; rankOf: Uint16Array}, runs: number[]): void {
  const n = end - start
  if (n < 2) return
  const byKey = (a: number, b: number) => compare(keys[a], keys[b]) || a - b
  if (n <= SMALL_RUN) {
    order.set(Array.from(order.subarray(start, end)).sort(byKey), start)
    return
  }
  const first = keys[order[start]]
  let shared = first.length
  let longest = first.length
  for (let j = start + 1; j < end; j++) {
    const key = keys[order[j]]
    if (key.length > longest) longest = key.length
    const until = shared < key.length ? shared : key.length
    let k = depth
    while (k < until && key.charCodeAt(k) === first.charCodeAt(k)) k++
    shared = k
  }
  // Every key is the first one (all have ended within what they share): equal keys, in row order.
  if (shared >= longest) {
    order.subarray(start, end).sort()
    return
  }
  // Each unit looked at as its rank among those found there (0: the key has ended).
  const {seen, rankOf} = tables
  const found: number[] = []
  for (let j = start; j < end; j++) {
    const key = keys[order[j]]
    const until = Math.min(key.length, shared + PACKED_UNITS)
    for (let k = shared; k < until; k++) {
      const c = key.charCodeAt(k)
      if (seen[c] === 0) {
        seen[c] = 1
        found.push(c)
      }
    }
  }
  found.sort((a, b) => a - b)
  for (let r = 0; r < found.length; r++) {
    rankOf[found[r]] = r + 1
    seen[found[r]] = 0
  }
  // The place in the run takes the low bits of a double's 53, the units the rest.
  const placeBits = 32 - Math.clz32(n - 1)
  const places = 2 ** placeBits
  const base = 2 ** (32 - Math.clz32(found.length))
  const units = Math.min(PACKED_UNITS, Math.floor((53 - placeBits) / (32 - Math.clz32(found.length))))
  const rows = order.slice(start, end)
  const packed = new Float64Array(n)
  for (let j = 0; j < n; j++) {
    const key = keys[rows[j]]
    let value = 0
    for (let k = shared; k < shared + units; k++) value = value * base + (k < key.length ? rankOf[key.charCodeAt(k)] : 0)
    packed[j] = value * places + j
  }
  packed.sort()
  for (let j = 0; j < n; j++) order[start + j] = rows[packed[j] - Math.floor(packed[j] / places) * places]
  // Keys whose packed units agree: by the units after them.
  for (let j = 0; j < n; ) {
    const head = Math.floor(packed[j] / places)
    let to = j + 1
    while (to < n && Math.floor(packed[to] / places) === head) to++
    if (to - j > 1) runs.push(start + j, start + to, shared + units)
    j = to
  }
}
