/**
 * IBAN: international bank account numbers, by ISO 7064 MOD 97-10.
 *
 * An IBAN is a country code, two check digits and the national account number
 * (BBAN). Moving the first four characters to the end, reading letters as
 * 10..35 and taking the whole number mod 97 must give 1. The check catches
 * every single-character substitution and almost every transposition, and a
 * random string of the right shape passes 1 time in 97. On top of the check
 * the length must match the country (IBAN registry), and a Kazakh IBAN must
 * have its registered structure: `KZ`, 2 check digits, a 3-digit bank code and
 * a 13-character alphanumeric account (20 in all, e.g. `KZ86125KZT5004100100`).
 * Countries missing from the table below (the registry grows every year) are
 * accepted on the check alone with a length of 15..34.
 *
 * Spaces are accepted as separators (the printed form groups by four); case is
 * ignored. Class: `bank_secret`, since an account number belongs to a bank's
 * client (Law "On banks and banking activity", art. 50).
 *
 * Reference: ISO 13616-1:2020 and the SWIFT IBAN Registry,
 * https://www.swift.com/standards/data-standards/iban-international-bank-account-number
 */
import type {Detector} from './detector.js'

/** IBAN length per country, from the SWIFT IBAN Registry. */
const LENGTH: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18,
  NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31,
  SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20, YE: 30,
}

/** Country, check digits, BBAN; single spaces allowed between characters. */
const SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/
const KZ_SHAPE = /^KZ\d{2}\d{3}[A-Z0-9]{13}$/

/** The compact upper-case form of a printed IBAN, or undefined when the separators are not single spaces. */
export function compactIban(value: string): string | undefined {
  if (!/^[A-Za-z0-9]+(?: [A-Za-z0-9]+)*$/.test(value)) return undefined
  return value.replaceAll(' ', '').toUpperCase()
}

/** ISO 7064 MOD 97-10 over the rearranged IBAN (first four characters moved to the end). */
export function ibanMod97(compact: string): number {
  const rearranged = compact.slice(4) + compact.slice(0, 4)
  let rest = 0
  for (const char of rearranged) {
    const code = char.charCodeAt(0)
    rest = code <= 57 ? (rest * 10 + (code - 48)) % 97 : (rest * 100 + (code - 55)) % 97
  }
  return rest
}

export function isIban(value: string): boolean {
  const iban = compactIban(value)
  if (iban === undefined || !SHAPE.test(iban)) return false
  const country = iban.slice(0, 2)
  const length = LENGTH[country]
  if (length !== undefined ? iban.length !== length : iban.length < 15 || iban.length > 34) return false
  if (country === 'KZ' && !KZ_SHAPE.test(iban)) return false
  // Check digits are 98 - (n mod 97), so 02..98; 00, 01 and 99 are congruent to
  // valid ones and would pass the mod-97 test, but are never issued.
  const check = iban.slice(2, 4)
  if (check === '00' || check === '01' || check === '99') return false
  return ibanMod97(iban) === 1
}

export const ibanDetector: Detector = {name: 'iban-mod97', classes: ['bank_secret'], test: isIban}
