/**
 * Kazakh phone numbers, by the national numbering plan.
 *
 * Kazakhstan shares country code +7 with Russia; the two are told apart by the
 * first digit of the 10-digit national number: Kazakhstan's begin with 7,
 * Russia's with 3, 4, 8 or 9. Within the 7 range we accept only what is
 * allocated: mobile codes 700-709, 747, 750-751, 760-764, 771 and 775-778, and
 * geographic (fixed-line) area codes, which all begin 71 or 72 (7172 Astana,
 * 727 Almaty, 7212 Karaganda, 7252 Shymkent...). A number must carry its
 * prefix: `+7`, `7` or the domestic trunk prefix `8`, followed by the 10-digit
 * national number; spaces, hyphens and one pair of parentheses are accepted
 * anywhere between digits, as people write them: `+7 (701) 123-45-67`,
 * `8 7172 50 10 10`, `87011234567`. A bare 10-digit number or a local number
 * without its area code is not accepted: without a prefix too many other
 * numbers have the same shape.
 *
 * Class: `personal` (a subscriber's number identifies a person).
 *
 * Reference: ITU-T E.164 and Kazakhstan's national numbering plan,
 * https://en.wikipedia.org/wiki/Telephone_numbers_in_Kazakhstan
 */
import type {Detector} from './detector.js'

/** Digits with separators; `+` only in front; at most one pair of parentheses, not nested. */
const WRITTEN = /^\+?[\d ()-]+$/

const MOBILE = new Set<string>([
  '700', '701', '702', '703', '704', '705', '706', '707', '708', '709',
  '747', '750', '751', '760', '761', '762', '763', '764', '771', '775', '776', '777', '778',
])

/** Whether a 10-digit national number (without +7 / 8) is in Kazakhstan's allocated mobile or geographic ranges. */
export function isKazakhNationalNumber(national: string): boolean {
  if (!/^\d{10}$/.test(national)) return false
  if (MOBILE.has(national.slice(0, 3))) return true
  const area = national.slice(0, 2)
  return area === '71' || area === '72'
}

function parenthesesWellFormed(value: string): boolean {
  const open = value.indexOf('(')
  const close = value.indexOf(')')
  if (open === -1 && close === -1) return true
  if (open === -1 || close === -1 || close < open) return false
  if (value.indexOf('(', open + 1) !== -1 || value.indexOf(')', close + 1) !== -1) return false
  return /\d/.test(value.slice(open, close))
}

export function isKazakhPhone(value: string): boolean {
  if (!WRITTEN.test(value) || !parenthesesWellFormed(value)) return false
  if (!/\d$/.test(value)) return false
  const digits = value.replace(/\D/g, '')
  if (digits.length !== 11) return false
  const prefix = digits[0]
  if (value.startsWith('+') ? prefix !== '7' : prefix !== '7' && prefix !== '8') return false
  return isKazakhNationalNumber(digits.slice(1))
}

export const phoneDetector: Detector = {name: 'kz-phone', classes: ['personal'], test: isKazakhPhone}
