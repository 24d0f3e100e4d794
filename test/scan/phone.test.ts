import {describe, expect, it} from 'vitest'

import {isKazakhNationalNumber, isKazakhPhone} from '../../src/scan/detectors/phone.js'
import {KZ_AREA_CODES, KZ_MOBILE_CODES, makeKzPhone, many} from './generators.js'

describe('Kazakh phone numbers', () => {
  it('accepts mobile numbers in the ways people write them', () => {
    for (const value of [
      '+7 701 123 45 67',
      '+7 (701) 123-45-67',
      '+77011234567',
      '87011234567',
      '77011234567',
      '8 (701) 123 45 67',
      '8-701-123-45-67',
      '+7 747 000 00 00',
      '8 (778) 111 22 33',
      '+7 (705) 1234567',
    ]) {
      expect(isKazakhPhone(value), value).toBe(true)
    }
  })

  it('accepts fixed-line numbers with their area code (Astana 7172, Almaty 727, Karaganda 7212)', () => {
    for (const value of ['+7 7172 50 10 10', '8 (7172) 50-10-10', '+7 727 250 00 00', '8 727 2500000', '8-7212-41-00-00', '+7 (7252) 53-00-00']) {
      expect(isKazakhPhone(value), value).toBe(true)
    }
  })

  it('accepts every allocated mobile code and rejects unallocated 7xx codes', () => {
    for (const code of KZ_MOBILE_CODES) expect(isKazakhNationalNumber(`${code}1234567`), code).toBe(true)
    for (const code of ['710', '729', '730', '740', '746', '748', '752', '759', '765', '770', '772', '774', '779', '790', '799']) {
      const isArea = code.startsWith('71') || code.startsWith('72')
      expect(isKazakhNationalNumber(`${code}1234567`), code).toBe(isArea)
    }
  })

  it('rejects Russian numbers, which share +7 (9xx mobile, 4xx/8xx/3xx geographic and toll-free)', () => {
    for (const value of ['+7 916 123 45 67', '89161234567', '+7 (495) 123-45-67', '8 812 123 45 67', '8 800 555 35 35', '+7 383 123 45 67', '+7 601 123 45 67']) {
      expect(isKazakhPhone(value), value).toBe(false)
    }
  })

  it('requires the +7, 7 or 8 prefix and exactly 10 national digits', () => {
    for (const value of ['7011234567', '(701) 123-45-67', '250-00-00', '+8 701 123 45 67', '+87011234567', '97011234567', '+7 701 123 45 678', '+7 701 123 45 6', '0087011234567']) {
      expect(isKazakhPhone(value), value).toBe(false)
    }
  })

  it('rejects malformed writing: letters, unbalanced or repeated parentheses, stray plus signs, a trailing separator', () => {
    for (const value of ['', '+7 701 123 45 6x', '+7 (701 123 45 67', '+7 701) 123 45 67', '+7 )701( 123 45 67', '+7 (701) (123) 45 67', '+7 () 701 123 45 67', '7+7011234567', '+7 701 123 45 67-', '+7\t701 123 45 67', '+7.701.123.45.67', 'tel:+77011234567']) {
      expect(isKazakhPhone(value), value).toBe(false)
    }
  })

  it('accepts every generated number', () => {
    for (const phone of many(300, 41, makeKzPhone)) expect(isKazakhPhone(phone), phone).toBe(true)
    expect(KZ_AREA_CODES.every((code) => code.startsWith('71') || code.startsWith('72'))).toBe(true)
  })
})
