/**
 * Payment card numbers (PAN), by the Luhn check.
 *
 * A card number is 12..19 digits whose last digit is a Luhn (mod 10) check:
 * from the right, double every second digit, subtract 9 from doubles above 9,
 * and the sum must be a multiple of 10. Luhn catches every single-digit error
 * and most swaps of neighbours, and a random digit string passes 1 time in 10,
 * so it separates card columns from other long numbers only in aggregate (see
 * the threshold in classify-column.ts). Groups separated by single spaces or
 * hyphens are accepted, as printed on receipts and typed into forms. Rejected
 * even when Luhn passes: a number made of one repeated digit (placeholders
 * such as sixteen 8s pass Luhn) and a number starting with 0 (major industry
 * identifier 0 is not used for payment cards).
 *
 * Class: `bank_secret`; a card number identifies a bank client's account.
 *
 * Reference: ISO/IEC 7812-1 (identification cards, numbering system), Luhn
 * algorithm https://en.wikipedia.org/wiki/Luhn_algorithm
 */
import type {Detector} from './detector.js'

const PRINTED = /^\d+(?:[ -]\d+)*$/

/** Whether a digit string passes the Luhn mod-10 check. */
export function luhnValid(digits: string): boolean {
  let sum = 0
  let double = false
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    double = !double
  }
  return sum % 10 === 0
}

export function isCardNumber(value: string): boolean {
  if (!PRINTED.test(value)) return false
  const digits = value.replace(/[ -]/g, '')
  if (digits.length < 12 || digits.length > 19) return false
  if (digits[0] === '0') return false
  if (/^(\d)\1*$/.test(digits)) return false
  return luhnValid(digits)
}

export const cardDetector: Detector = {name: 'card-luhn', classes: ['bank_secret'], test: isCardNumber}
