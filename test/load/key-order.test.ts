/**
 * Key order (src/model/key-order.ts): rows by the FNV-1a hash of their key,
 * then by key, then by row. The digest hashes records in it and validation
 * finds duplicate ids in it, so it must be exactly that order.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {fnv1a, hashOrder, keyOrderWithHashes} from '../../src/model/key-order.js'

describe('key order', () => {
  it('puts rows in order of their hashes, rows of one hash in row order (property)', () => {
    // Few distinct hashes, so that ties are common, and hashes across all 32 bits.
    const hash = fc.oneof(fc.constantFrom(0, 1, 2047, 2048, 0x7fffffff, 0x80000000, 0xffffffff), fc.nat({max: 0xffffffff}))
    fc.assert(
      fc.property(fc.array(hash, {maxLength: 300}), (list) => {
        const expected = list.map((h, row) => ({h, row})).sort((a, b) => a.h - b.h || a.row - b.row).map((x) => x.row)
        expect([...hashOrder(Float64Array.from(list))]).toEqual(expected)
      }),
      {numRuns: 300},
    )
  })

  it('orders keys by hash, then key, then row (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({maxLength: 3}), fc.constantFrom('a', 'b', 'Қ', '😀')), {maxLength: 200}), (keys) => {
        const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
        const expected = keys.map((k, row) => ({k, row, h: fnv1a(k)})).sort((a, b) => a.h - b.h || compare(a.k, b.k) || a.row - b.row).map((x) => x.row)
        const {order, hashes} = keyOrderWithHashes(keys)
        expect([...order]).toEqual(expected)
        expect([...hashes]).toEqual(keys.map(fnv1a))
      }),
      {numRuns: 300},
    )
  })
})
