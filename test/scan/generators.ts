/**
 * Test values for the scan detectors: valid IINs, BINs, KZ IBANs, card numbers,
 * phone numbers and e-mail addresses, made by computing their check digits, and
 * decoys that miss the check by one digit.
 *
 * The check digits are computed here independently of src/scan (a second,
 * deliberately plain implementation), so a bug in a detector's arithmetic
 * cannot make its own tests pass. Everything is deterministic: plain functions
 * take a seeded `Rand`, and the fast-check arbitraries shrink as usual.
 */
import fc from 'fast-check'

export interface Rand {
  /** An integer in [0, n). */
  int(n: number): number
  pick<T>(items: readonly T[]): T
  digits(count: number): string
}

/** mulberry32: a small seeded PRNG, enough for test data. */
export function rand(seed: number): Rand {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number): number => Math.floor(next() * n)
  return {
    int,
    pick: (items) => items[int(items.length)]!,
    digits: (count) => Array.from({length: count}, () => String(int(10))).join(''),
  }
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

// --- IIN / BIN -------------------------------------------------------------

/** Check digit over 11 digits, or undefined when the number is never issued (both passes give 10). */
export function iinCheck(first11: string): number | undefined {
  const d = [...first11].map(Number)
  const first = d.reduce((sum, digit, i) => sum + digit * (i + 1), 0) % 11
  if (first !== 10) return first
  const weights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
  const second = d.reduce((sum, digit, i) => sum + digit * weights[i]!, 0) % 11
  return second === 10 ? undefined : second
}

/** Which pass decided the check digit of 11 digits (1: weights 1..11; 2: the second weights). */
export function iinPass(first11: string): 1 | 2 {
  const first = [...first11].map(Number).reduce((sum, digit, i) => sum + digit * (i + 1), 0) % 11
  return first === 10 ? 2 : 1
}

function completeIin(first11: string): string | undefined {
  const check = iinCheck(first11)
  return check === undefined ? undefined : first11 + check
}

/** A valid IIN: birth date YYMMDD, century/sex digit 1..6, 4-digit serial, check digit. */
export function makeIin(r: Rand): string {
  for (;;) {
    const date = pad(r.int(100), 2) + pad(1 + r.int(12), 2) + pad(1 + r.int(28), 2)
    const iin = completeIin(date + String(1 + r.int(6)) + r.digits(4))
    if (iin) return iin
  }
}

/** A valid BIN: registration YYMM, entity type 4/5/6, attribute digit, 5-digit serial, check digit. */
export function makeBin(r: Rand): string {
  for (;;) {
    const bin = completeIin(pad(r.int(100), 2) + pad(1 + r.int(12), 2) + r.pick(['4', '5', '6']) + String(r.int(5)) + r.digits(5))
    if (bin) return bin
  }
}

/** Replace the digit at `index` by `digit`. */
export function withDigit(value: string, index: number, digit: number): string {
  return value.slice(0, index) + String(digit) + value.slice(index + 1)
}

/** The same number with its last (check) digit off by one: fails every mod-10/mod-11 check. */
export function breakCheckDigit(value: string): string {
  const last = Number(value[value.length - 1])
  return withDigit(value, value.length - 1, (last + 1) % 10)
}

export const iinArbitrary: fc.Arbitrary<string> = fc
  .tuple(fc.integer({min: 0, max: 99}), fc.integer({min: 1, max: 12}), fc.integer({min: 1, max: 31}), fc.integer({min: 0, max: 6}), fc.integer({min: 0, max: 9999}))
  .map(([yy, mm, dd, century, serial]) => pad(yy, 2) + pad(mm, 2) + pad(dd, 2) + String(century) + pad(serial, 4))
  .filter((first11) => iinCheck(first11) !== undefined)
  .map((first11) => first11 + iinCheck(first11))

// --- IBAN ------------------------------------------------------------------

/** ISO 7064 mod 97-10 over a string of digits and upper-case letters, with BigInt (a second method). */
function mod97(text: string): number {
  const numeric = [...text].map((c) => (/\d/.test(c) ? c : String(c.charCodeAt(0) - 55))).join('')
  return Number(BigInt(numeric) % 97n)
}

/** An IBAN for a country and BBAN with correct check digits. */
export function ibanFor(country: string, bban: string): string {
  const check = 98 - mod97(bban + country + '00')
  return country + pad(check, 2) + bban
}

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'

/** A valid Kazakh IBAN: KZ, check digits, 3-digit bank code, 13 alphanumeric characters (currency letters often lead). */
export function makeKzIban(r: Rand): string {
  const account = r.pick(['KZT', 'USD', 'EUR', '000']) + Array.from({length: 10}, () => r.pick([...ALNUM])).join('')
  return ibanFor('KZ', r.digits(3) + account)
}

/** Print an IBAN in groups of four, as on paper. */
export function groupsOfFour(value: string): string {
  return value.replace(/(.{4})(?=.)/g, '$1 ')
}

export const kzIbanArbitrary: fc.Arbitrary<string> = fc
  .tuple(fc.stringMatching(/^\d{3}$/), fc.stringMatching(/^[0-9A-Z]{13}$/))
  .map(([bank, account]) => ibanFor('KZ', bank + account))

// --- Payment cards -----------------------------------------------------------

/** The Luhn check digit for a payload (everything but the check digit). */
export function luhnCheckDigit(payload: string): number {
  let sum = 0
  // The check digit will sit to the right, so the payload's last digit is doubled.
  for (let i = 0; i < payload.length; i++) {
    let d = Number(payload[payload.length - 1 - i])
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2
    sum += d
  }
  return (10 - (sum % 10)) % 10
}

/** A Luhn-valid card number with the given prefix and length. */
export function makeCard(r: Rand, prefix = r.pick(['4', '51', '55', '2221', '34', '37', '6011', '220']), length = prefix.startsWith('3') ? 15 : 16): string {
  for (;;) {
    const payload = prefix + r.digits(length - prefix.length - 1)
    const card = payload + luhnCheckDigit(payload)
    if (!/^(\d)\1*$/.test(card)) return card
  }
}

/** Print a card number in groups of four separated by `sep`. */
export function printCard(card: string, sep = ' '): string {
  return card.replace(/(\d{4})(?=\d)/g, `$1${sep}`)
}

export const cardArbitrary: fc.Arbitrary<string> = fc
  .tuple(fc.integer({min: 1, max: 9}), fc.integer({min: 12, max: 19}))
  .chain(([first, length]) => fc.stringMatching(new RegExp(`^\\d{${length - 2}}$`)).map((rest) => String(first) + rest))
  .map((payload) => payload + luhnCheckDigit(payload))
  .filter((card) => !/^(\d)\1*$/.test(card))

// --- Phones and e-mail -------------------------------------------------------

export const KZ_MOBILE_CODES = ['700', '701', '702', '705', '707', '708', '747', '750', '751', '760', '764', '771', '775', '776', '777', '778']
export const KZ_AREA_CODES = ['7172', '727', '7212', '7252', '7122', '7132', '7182', '7232', '7292']

/** A Kazakh number in one of the ways people write them. */
export function makeKzPhone(r: Rand): string {
  const mobile = r.int(3) > 0
  const code = mobile ? r.pick(KZ_MOBILE_CODES) : r.pick(KZ_AREA_CODES)
  const subscriber = r.digits(10 - code.length)
  const national = code + subscriber
  const tail = national.slice(3)
  switch (r.int(5)) {
    case 0:
      return `+7${national}`
    case 1:
      return `8${national}`
    case 2:
      return `+7 (${national.slice(0, 3)}) ${tail.slice(0, 3)}-${tail.slice(3, 5)}-${tail.slice(5)}`
    case 3:
      return `8 ${national.slice(0, 3)} ${tail.slice(0, 3)} ${tail.slice(3, 5)} ${tail.slice(5)}`
    default:
      return `7-${national.slice(0, 3)}-${tail}`
  }
}

export function makeEmail(r: Rand): string {
  const user = r.pick(['aigerim', 'nurlan.b', 'd.petrov', 'info', 'a_serik', 'marat+kosh'])
  const domain = r.pick(['mail.kz', 'gmail.com', 'example.org', 'gov.kz', 'halykbank.kz', 'мысал.қаз'])
  return `${user}${r.int(1000)}@${domain}`
}

/** `count` values from `make`, seeded. */
export function many(count: number, seed: number, make: (r: Rand) => string): string[] {
  const r = rand(seed)
  return Array.from({length: count}, () => make(r))
}
