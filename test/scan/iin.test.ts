import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {binDetector, hasValidIinChecksum, iinCheckDigit, iinDetector, isBin, isIin} from '../../src/scan/detectors/iin.js'
import {breakCheckDigit, iinArbitrary, iinCheck, iinPass, makeBin, makeIin, many, rand, withDigit} from './generators.js'

describe('IIN/BIN check digit', () => {
  it('computes the first pass by hand: 8*1+5*2+0*3+3*4+1*5+5*6+3*7+0*8+0*9+0*10+1*11 = 97, 97 mod 11 = 9', () => {
    expect(iinCheckDigit('85031530001')).toBe(9)
    expect(isIin('850315300019')).toBe(true)
  })

  it('falls back to the second weights when the first pass gives 10', () => {
    // First pass: 9*1+1*4+1*6+3*7+8*10+1*11 = 131, mod 11 = 10.
    // Second pass (3,4,5,6,7,8,9,10,11,1,2): 9*3+1*6+1*8+3*9+8*1+1*2 = 78, mod 11 = 1.
    expect(iinCheckDigit('90010130081')).toBe(1)
    expect(isIin('900101300811')).toBe(true)
    expect(isIin('900101300810')).toBe(false)
  })

  it('never issues a number whose two passes both give 10', () => {
    // First pass: 9+4+6+21+80 = 120, mod 11 = 10; second: 27+6+8+27+8 = 76, mod 11 = 10.
    expect(iinCheckDigit('90010130080')).toBeUndefined()
    for (let last = 0; last <= 9; last++) expect(hasValidIinChecksum(`90010130080${last}`)).toBe(false)
  })

  it('agrees with an independent implementation on any 11 digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{11}$/), (first11) => {
        expect(iinCheckDigit(first11)).toBe(iinCheck(first11))
      }),
      {numRuns: 2000},
    )
  })

  it('rejects anything that is not exactly 12 digits', () => {
    for (const value of ['', '85031530001', '8503153000190', '85031530001a', '850315 300019', ' 850315300019', '８５０３１５３０００１９', '-85031530001']) {
      expect(hasValidIinChecksum(value), value).toBe(false)
    }
  })

  it('passes about 1 random 12-digit string in 10 (12/121), the noise level the threshold is set against', () => {
    const r = rand(11)
    const n = 50_000
    let pass = 0
    for (let i = 0; i < n; i++) if (hasValidIinChecksum(r.digits(12))) pass++
    expect(pass / n).toBeGreaterThan(0.09)
    expect(pass / n).toBeLessThan(0.109)
  })
})

describe('IIN versus BIN', () => {
  it('reads the fifth digit: 4, 5, 6 is a BIN (entity type); 0..3 is an IIN (day of birth)', () => {
    expect(isBin('090440000109')).toBe(true)
    expect(isIin('090440000109')).toBe(false)
    expect(isIin('850315300019')).toBe(true)
    expect(isBin('850315300019')).toBe(false)
  })

  it('counts a valid number whose fifth digit is 7..9 as an IIN (post-2013 IINs need not encode a date)', () => {
    const first11 = '85037530001'
    const value = first11 + iinCheck(first11)
    expect(isIin(value)).toBe(true)
    expect(isBin(value)).toBe(false)
  })

  it('does not reject an IIN on its date digits (month 13, day 00)', () => {
    // Check digits by hand-checked arithmetic: 8, 7 and 2.
    expect(isIin('991300300018')).toBe(true)
    expect(isIin('000000300017')).toBe(true)
    expect(isIin('850231300012')).toBe(true)
  })

  it('accepts every generated IIN and BIN, each as its own kind', () => {
    for (const iin of many(300, 1, makeIin)) {
      expect(isIin(iin), iin).toBe(true)
      expect(isBin(iin), iin).toBe(false)
    }
    for (const bin of many(300, 2, makeBin)) {
      expect(isBin(bin), bin).toBe(true)
      expect(isIin(bin), bin).toBe(false)
    }
  })

  it('rejects generated numbers whose check digit is off by one', () => {
    for (const iin of many(300, 3, makeIin)) expect(isIin(breakCheckDigit(iin)), iin).toBe(false)
    for (const bin of many(300, 4, makeBin)) expect(isBin(breakCheckDigit(bin)), bin).toBe(false)
  })

  it('gives IIN the personal class and BIN none (a business id is public by design)', () => {
    expect(iinDetector.classes).toEqual(['personal'])
    expect(binDetector.classes).toEqual([])
  })
})

/*
 * Which single-digit substitutions does the check catch? Let s = sum(i * d_i,
 * i = 1..11) mod 11. Changing d_i by delta (1 <= |delta| <= 9) changes s by
 * i * delta mod 11, which is 0 only for i = 11 (weight 11 = 0 mod 11). So:
 * - the 12th digit: always caught (the check no longer matches it);
 * - the 11th digit: when the first pass decided (s != 10), s does not move and
 *   the number stays valid; when the second pass decided, its weight 2 moves the
 *   second sum by 2 * delta != 0 mod 11, so it is caught;
 * - digits 1..10: s moves, so it is caught whenever neither the original nor
 *   the mutant falls into the second pass; otherwise the second pass may, by
 *   chance, produce the same digit.
 * The mod-11 check does not catch every substitution; these are the true
 * properties, asserted exhaustively for each generated IIN.
 */
describe('single-digit substitutions', () => {
  const mutants = (value: string, index: number): string[] =>
    Array.from({length: 10}, (_, d) => d)
      .filter((d) => String(d) !== value[index])
      .map((d) => withDigit(value, index, d))

  it('always catches a change of the check digit', () => {
    fc.assert(
      fc.property(iinArbitrary, (iin) => {
        for (const mutant of mutants(iin, 11)) expect(hasValidIinChecksum(mutant)).toBe(false)
      }),
    )
  })

  it('misses a change of the 11th digit exactly when the first pass decided', () => {
    fc.assert(
      fc.property(iinArbitrary, (iin) => {
        const firstPass = iinPass(iin.slice(0, 11)) === 1
        for (const mutant of mutants(iin, 10)) expect(hasValidIinChecksum(mutant)).toBe(firstPass)
      }),
    )
  })

  it('catches a change of digits 1..10 whenever neither number needs the second pass', () => {
    fc.assert(
      fc.property(iinArbitrary, fc.integer({min: 0, max: 9}), (iin, index) => {
        for (const mutant of mutants(iin, index)) {
          if (iinPass(iin.slice(0, 11)) === 1 && iinPass(mutant.slice(0, 11)) === 1) {
            expect(hasValidIinChecksum(mutant)).toBe(false)
          }
        }
      }),
      {numRuns: 500},
    )
  })

  it('catches the large majority of substitutions at digits 1..10 overall', () => {
    let caught = 0
    let total = 0
    for (const iin of many(500, 5, makeIin)) {
      for (let index = 0; index < 10; index++) {
        for (const mutant of mutants(iin, index)) {
          total++
          if (!hasValidIinChecksum(mutant)) caught++
        }
      }
    }
    expect(caught / total).toBeGreaterThan(0.95)
  })
})
