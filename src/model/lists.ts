/**
 * Lists that can hold a million items: diagnostics of a broken flows.csv, the
 * systems of one unit, a unit per system. Spreading such a list into a call
 * (`push(...items)`, `Math.max(...items)`) puts every item on the stack and,
 * past about 120,000 items, throws `RangeError: Maximum call stack size
 * exceeded`; these do the same one item at a time.
 */

/** `to.push(...items)`, for any number of items. */
export function appendAll<T>(to: T[], items: Iterable<T>): T[] {
  for (const item of items) to.push(item)
  return to
}

/** `Math.max(floor, ...items)`, for any number of items. */
export function maxOf(items: ArrayLike<number>, floor = -Infinity): number {
  let max = floor
  for (let i = 0; i < items.length; i++) if (items[i] > max) max = items[i]
  return max
}
