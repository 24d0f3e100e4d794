import {describe, expect, it} from 'vitest'

import {isEmail} from '../../src/scan/detectors/email.js'
import {makeEmail, many} from './generators.js'

describe('e-mail addresses', () => {
  it('accepts everyday addresses, including internationalised ones', () => {
    for (const value of [
      'aigerim@mail.kz',
      'd.petrov@gov.kz',
      'marat+kosh@example.org',
      'A.Serik_1980@Sub.Example.COM',
      "o'neil@example.ie",
      'info@мысал.қаз',
      'айгерим@пошта.kz',
      'user@xn--80ao21a.xn--80ao21a',
      'x@a-b.c-d.kz',
    ]) {
      expect(isEmail(value), value).toBe(true)
    }
  })

  it('rejects what is not an everyday address', () => {
    for (const value of [
      '',
      'no-at.example.com',
      'a@b',
      'a@@b.kz',
      '@b.kz',
      'a@',
      '.a@b.kz',
      'a.@b.kz',
      'a..b@c.kz',
      'a@-b.kz',
      'a@b-.kz',
      'a@b..kz',
      'a@b.k',
      'a@b.123',
      'a b@c.kz',
      '"quoted"@x.kz',
      'a@[127.0.0.1]',
      'mailto:a@b.kz',
      'a@b.kz, c@d.kz',
    ]) {
      expect(isEmail(value), value).toBe(false)
    }
  })

  it('enforces the lengths of RFC 5321: 64 for the local part, 63 per label, 254 in all', () => {
    expect(isEmail(`${'a'.repeat(64)}@b.kz`)).toBe(true)
    expect(isEmail(`${'a'.repeat(65)}@b.kz`)).toBe(false)
    expect(isEmail(`a@${'b'.repeat(63)}.kz`)).toBe(true)
    expect(isEmail(`a@${'b'.repeat(64)}.kz`)).toBe(false)
    const label = 'c'.repeat(60)
    const long = `a@${label}.${label}.${label}.${label}.kz` // 2 + 4*61 + 2 = 248
    expect(isEmail(long)).toBe(true)
    expect(isEmail(`abcdefg${long}`)).toBe(false) // 255
  })

  it('answers fast on a long near-miss (no catastrophic backtracking)', () => {
    const start = performance.now()
    expect(isEmail(`${'a.'.repeat(120)}@${'b-'.repeat(60)}`)).toBe(false)
    expect(isEmail(`a@${'b.'.repeat(120)}`)).toBe(false)
    expect(performance.now() - start).toBeLessThan(100)
  })

  it('accepts every generated address', () => {
    for (const email of many(100, 51, makeEmail)) expect(isEmail(email), email).toBe(true)
  })
})
