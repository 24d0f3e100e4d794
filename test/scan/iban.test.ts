import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {compactIban, ibanMod97, isIban} from '../../src/scan/detectors/iban.js'
import {groupsOfFour, ibanFor, kzIbanArbitrary, makeKzIban, many} from './generators.js'

/** Examples published in the SWIFT IBAN Registry (and the classic GB example from ECBS / Wikipedia). */
const REGISTRY_EXAMPLES = [
  'KZ86125KZT5004100100',
  'GB82WEST12345698765432',
  'GB29NWBK60161331926819',
  'DE89370400440532013000',
  'NL91ABNA0417164300',
  'AT611904300234573201',
  'BE68539007547034',
  'NO9386011117947',
  'CH9300762011623852957',
  'FR1420041010050500013M02606',
  'MT84MALT011000012345MTLCAST001S',
  'AZ21NABZ00000000137010001944',
  'GE29NB0000000101904917',
  'UA213223130000026007233566001',
  'TR330006100519786457841326',
]

describe('IBAN (ISO 7064 mod 97-10)', () => {
  it('accepts the registry examples, compact and printed in groups of four', () => {
    for (const iban of REGISTRY_EXAMPLES) {
      expect(isIban(iban), iban).toBe(true)
      expect(isIban(groupsOfFour(iban)), iban).toBe(true)
    }
    expect(isIban('KZ86 125K ZT50 0410 0100')).toBe(true)
  })

  it('ignores case', () => {
    expect(isIban('kz86125kzt5004100100')).toBe(true)
  })

  it('rejects the official KZ example with one character changed', () => {
    expect(isIban('KZ87125KZT5004100100')).toBe(false) // check digits
    expect(isIban('KZ86125KZT5004100101')).toBe(false) // last account digit
    expect(isIban('KZ86126KZT5004100100')).toBe(false) // bank code
    expect(isIban('KZ86125KZU5004100100')).toBe(false) // a letter
  })

  it('checks the length per country', () => {
    // Valid check digits, wrong length for Kazakhstan (19 and 21) and Germany (21).
    expect(isIban(ibanFor('KZ', '125KZT500410010'))).toBe(false)
    expect(isIban(ibanFor('KZ', '125KZT50041001000'))).toBe(false)
    expect(isIban(ibanFor('DE', '37040044053201300'))).toBe(false)
  })

  it('checks the Kazakh structure: a 3-digit bank code', () => {
    const lettersInBankCode = ibanFor('KZ', '12AKZT5004100100')
    expect(ibanMod97(lettersInBankCode)).toBe(1)
    expect(isIban(lettersInBankCode)).toBe(false)
  })

  it('accepts a country missing from the length table on the check alone', () => {
    expect(isIban(ibanFor('ZZ', '123456789012'))).toBe(true)
    expect(isIban(ibanFor('ZZ', '1234567890'))).toBe(false) // 14 characters: too short for any IBAN
  })

  it('rejects check digits 00, 01 and 99 even though they pass mod 97 (never issued)', () => {
    // 00 = 97, 01 = 98 and 99 = 2 (mod 97): find accounts whose real check digits are 97, 98 and 2.
    const withCheck = (wanted: string): string => {
      for (let n = 0; ; n++) {
        const iban = ibanFor('KZ', `125KZT${String(n).padStart(10, '0')}`)
        if (iban.slice(2, 4) === wanted) return iban
      }
    }
    for (const [real, fake] of [['97', '00'], ['98', '01'], ['02', '99']] as const) {
      const forged = 'KZ' + fake + withCheck(real).slice(4)
      expect(ibanMod97(forged), forged).toBe(1)
      expect(isIban(forged), forged).toBe(false)
    }
  })

  it('rejects other shapes and separators', () => {
    for (const value of ['', 'KZ', 'KZ86', '86KZ125KZT5004100100', 'KZ86-125K-ZT50-0410-0100', 'KZ86  125KZT5004100100', 'KZ86125KZT500410010O', 'KZ86 125K ZT50 0410 0100 ', 'KZ86125ҚZT5004100100']) {
      expect(isIban(value), value).toBe(false)
    }
    expect(compactIban('KZ86 125K')).toBe('KZ86125K')
    expect(compactIban('KZ86\t125K')).toBeUndefined()
  })

  it('accepts every generated Kazakh IBAN', () => {
    for (const iban of many(300, 21, makeKzIban)) {
      expect(isIban(iban), iban).toBe(true)
      expect(isIban(groupsOfFour(iban)), iban).toBe(true)
    }
  })

  it('catches every single substitution of a digit by a digit or a letter by a letter (a change below 97 at one place)', () => {
    const DIGITS = '0123456789'
    const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
    fc.assert(
      fc.property(kzIbanArbitrary, fc.integer({min: 2, max: 19}), (iban, index) => {
        const alphabet = DIGITS.includes(iban[index]!) ? DIGITS : LETTERS
        for (const c of alphabet) {
          if (c === iban[index]) continue
          const mutant = iban.slice(0, index) + c + iban.slice(index + 1)
          expect(isIban(mutant), mutant).toBe(false)
        }
      }),
      {numRuns: 300},
    )
  })
})
