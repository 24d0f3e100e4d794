/**
 * A seeded pseudo-random source: sfc32 (Chris Doty-Humphrey's Small Fast Counting
 * generator, from PractRand), its 128-bit state filled by splitmix32 from the seed
 * and a stream name.
 *
 * The generator never touches Math.random or the clock, so the same seed gives the
 * same inventory, byte for byte, on every machine. Each part of the inventory draws
 * from its own named stream, so flows can be re-generated on demand (and a change in
 * how systems are drawn does not shift every flow). Reference:
 * https://pracrand.sourceforge.net/RNG_engines.txt
 */
import {fnv1a} from '../model/key-order.js'

export class Random {
  private a: number
  private b: number
  private c: number
  private d: number

  /** A stream for `seed` and `stream`: the same pair always gives the same sequence. */
  constructor(seed: number, stream: string) {
    let s = (seed >>> 0) ^ fnv1a(stream)
    const next = (): number => {
      // splitmix32
      s = (s + 0x9e3779b9) | 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
    for (let i = 0; i < 12; i++) this.uint32()
  }

  /** The next 32 random bits, as an unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** A float in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n)
  }

  /** An integer in [min, max], both included. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1)
  }

  chance(p: number): boolean {
    return this.float() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]
  }

  /** One of a table's items, drawn with its weights. */
  weighted<T>(table: Weighted<T>): T {
    const r = this.float() * table.total
    const {cumulative, items} = table
    for (let i = 0; i < cumulative.length; i++) if (r < cumulative[i]) return items[i]
    return items[items.length - 1]
  }
}

/** Items with weights (need not sum to 1), prepared once for `Random.weighted`. */
export interface Weighted<T> {
  items: readonly T[]
  cumulative: Float64Array
  total: number
}

export function weights<T>(pairs: ReadonlyArray<readonly [T, number]>): Weighted<T> {
  const cumulative = new Float64Array(pairs.length)
  let total = 0
  pairs.forEach(([, w], i) => {
    total += w
    cumulative[i] = total
  })
  return {items: pairs.map(([item]) => item), cumulative, total}
}

