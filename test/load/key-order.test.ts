/**
 * Key order (src/model/key-order.ts): rows by the FNV-1a hash of their key,
 * then by key, then by row. The digest hashes records in it and validation
 * finds duplicate ids in it, so it must be exactly that order.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {codeUnitOrder, fnv1a, hashOrder, keyOrderWithHashes} from '../../src/model/key-order.js'

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

  describe('code-unit order', () => {
    const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
    const expected = (keys: string[]) => keys.map((k, row) => ({k, row})).sort((a, b) => compare(a.k, b.k) || a.row - b.row).map((x) => x.row)
    // Ids that share long prefixes, end inside the packed units or past them, repeat, and mix
    // ASCII, Cyrillic and surrogate pairs: runs of many keys go through several radix passes.
    const unit = fc.constantFrom('0', '1', '9', '-', 'a', 'Z', '~', 'ж', 'Қ', '😀', '\u0000', '\uffff')
    const tail = fc.array(unit, {maxLength: 14}).map((units) => units.join(''))
    const key = fc.tuple(fc.constantFrom('', 'SYS-0000', 'жүйе-', 'S'), tail).map(([prefix, rest]) => prefix + rest)

    it('is the order of the native string sort, equal keys by row (property)', () => {
      fc.assert(
        fc.property(fc.array(key, {maxLength: 400}), (keys) => {
          expect([...codeUnitOrder(keys)]).toEqual(expected(keys))
        }),
        {numRuns: 300},
      )
    })

    it('sorts thousands of ids with one shared prefix, some repeated, shuffled', () => {
      fc.assert(
        fc.property(fc.array(fc.nat({max: 3000}), {minLength: 2000, maxLength: 4000}), (numbers) => {
          const keys = numbers.map((n) => `IS-${String(n).padStart(6, '0')}${n % 7 === 0 ? '-test' : ''}`)
          expect([...codeUnitOrder(keys)]).toEqual(expected(keys))
        }),
        {numRuns: 20},
      )
    })

    it('keeps keys already in order as they are', () => {
      const keys = ['a', 'a', 'ab', 'b', 'ж']
      expect([...codeUnitOrder(keys)]).toEqual([0, 1, 2, 3, 4])
      expect([...codeUnitOrder([])]).toEqual([])
    })
  })
})
