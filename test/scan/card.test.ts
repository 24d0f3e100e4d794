import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {isCardNumber, luhnValid} from '../../src/scan/detectors/card.js'
import {breakCheckDigit, cardArbitrary, luhnCheckDigit, makeCard, many, printCard, rand, withDigit} from './generators.js'

/** Published test card numbers (Visa, Mastercard, American Express, Discover, JCB, Diners). */
const TEST_CARDS = ['4111111111111111', '4012888888881881', '5500005555555559', '5555555555554444', '378282246310005', '371449635398431', '6011111111111117', '3530111333300000', '30569309025904']

describe('payment cards (Luhn)', () => {
  it('accepts published test numbers, compact and printed with spaces or hyphens', () => {
    for (const card of TEST_CARDS) {
      expect(isCardNumber(card), card).toBe(true)
      expect(isCardNumber(printCard(card, ' ')), card).toBe(true)
      expect(isCardNumber(printCard(card, '-')), card).toBe(true)
    }
    expect(isCardNumber('3782 822463 10005')).toBe(true) // Amex prints 4-6-5
  })

  it('rejects the published numbers with the check digit off by one', () => {
    for (const card of TEST_CARDS) expect(isCardNumber(breakCheckDigit(card)), card).toBe(false)
  })

  it('accepts 12 to 19 digits and nothing shorter or longer', () => {
    const r = rand(31)
    for (let length = 12; length <= 19; length++) expect(isCardNumber(makeCard(r, '5', length)), String(length)).toBe(true)
    for (const length of [8, 11, 20, 21]) {
      const payload = '5' + r.digits(length - 2)
      expect(isCardNumber(payload + luhnCheckDigit(payload)), String(length)).toBe(false)
    }
  })

  it('rejects a run of one digit even when it passes Luhn (sixteen 8s, twelve 8s, seventeen 2s)', () => {
    for (const value of ['8888888888888888', '888888888888', '22222222222222222']) {
      expect(luhnValid(value), value).toBe(true)
      expect(isCardNumber(value), value).toBe(false)
    }
  })

  it('rejects a number starting with 0 even when it passes Luhn', () => {
    const payload = '000000001234567'
    const value = payload + luhnCheckDigit(payload)
    expect(luhnValid(value)).toBe(true)
    expect(isCardNumber(value)).toBe(false)
  })

  it('rejects other separators and shapes', () => {
    for (const value of ['', '4111 1111 1111 111a', '4111  1111 1111 1111', '4111.1111.1111.1111', '4111/1111/1111/1111', ' 4111111111111111', '4111111111111111-', '+4111111111111111', '4111 **** **** 1111']) {
      expect(isCardNumber(value), value).toBe(false)
    }
  })

  it('agrees with an independent Luhn check-digit computation', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,25}$/), (payload) => {
        expect(luhnValid(payload + luhnCheckDigit(payload))).toBe(true)
        expect(luhnValid(breakCheckDigit(payload + luhnCheckDigit(payload)))).toBe(false)
      }),
      {numRuns: 2000},
    )
  })

  it('accepts every generated card number', () => {
    for (const card of many(300, 32, (r) => makeCard(r))) expect(isCardNumber(card), card).toBe(true)
    fc.assert(
      fc.property(cardArbitrary, (card) => {
        expect(isCardNumber(card), card).toBe(true)
      }),
    )
  })

  it('catches every single-digit substitution (doubling mod 9 is a permutation of the digits)', () => {
    fc.assert(
      fc.property(cardArbitrary, fc.nat(), (card, at) => {
        const index = at % card.length
        for (let d = 0; d <= 9; d++) {
          if (String(d) === card[index]) continue
          expect(isCardNumber(withDigit(card, index, d))).toBe(false)
        }
      }),
      {numRuns: 500},
    )
  })

  it('passes about 1 random digit string in 10, the noise level the threshold is set against', () => {
    const r = rand(33)
    const n = 20_000
    let pass = 0
    for (let i = 0; i < n; i++) if (isCardNumber('4' + r.digits(15))) pass++
    expect(pass / n).toBeGreaterThan(0.09)
    expect(pass / n).toBeLessThan(0.11)
  })
})
