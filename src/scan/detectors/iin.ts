/**
 * IIN and BIN: Kazakhstan's 12-digit identification numbers, by check digit.
 *
 * Every person (IIN, ЖСН/ИИН) and every legal entity (BIN, БСН/БИН) in
 * Kazakhstan has a 12-digit number whose 12th digit is a mod-11 check over the
 * first 11: weights 1..11, sum mod 11; when that gives 10, weights
 * 3,4,5,6,7,8,9,10,11,1,2 and mod 11 again; when that gives 10 too, the number
 * is never issued. The first six digits of an IIN usually encode the birth date
 * (YYMMDD), but numbers issued since 2013 need not, so the date is never used
 * to reject one. A BIN's fifth digit is the entity type (4 resident legal
 * entity, 5 non-resident, 6 individual entrepreneur's joint venture), where an
 * IIN holds the first digit of the day of birth (0..3).
 *
 * Why a checksum and not a pattern: any 12-digit column (order numbers, phone
 * numbers with a prefix, sequence ids) has the IIN shape, but only about 1 in
 * 10 random 12-digit strings passes the check (12/121: 1/11 through the first
 * weights plus 1/121 through the second), so a column where most values pass is
 * real signal.
 *
 * Known blind spot, verified in the tests: the 11th digit's first-pass weight
 * is 11, which is 0 mod 11, so changing the 11th digit of a number whose check
 * came from the first pass leaves it valid. Every other single-digit change is
 * caught unless it moves the number into or out of the second pass.
 *
 * Classes: an IIN identifies a person, so it is `personal`. A BIN identifies a
 * company and is public by design (it appears on every invoice and in the open
 * state business register), so it carries no class of its own: it is reported
 * as evidence (a column of BINs explains its values, and a counterparty column
 * that mixes BINs with IINs is still personal through its IINs) but never makes
 * a column sensitive. We do not map it to `internal` either: `internal` is an
 * owner's decision about a whole system, not something a number's shape can
 * tell. An individual entrepreneur trades under his own IIN, which is caught
 * as an IIN (its fifth digit is a day digit), so sole traders stay personal.
 *
 * Reference: Law of the Republic of Kazakhstan No. 223-III of 12 January 2007
 * "On national registers of identification numbers"; the check-digit
 * algorithm: https://ru.wikipedia.org/wiki/Индивидуальный_идентификационный_номер
 */
import type {Detector} from './detector.js'

const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2] as const
const TWELVE_DIGITS = /^\d{12}$/

function weightedMod11(digits: string, weights: readonly number[]): number {
  let sum = 0
  for (let i = 0; i < weights.length; i++) sum += (digits.charCodeAt(i) - 48) * weights[i]!
  return sum % 11
}

/**
 * The check digit for the first 11 digits of an IIN or BIN, or undefined when
 * both passes give 10 (such a number is never issued).
 */
export function iinCheckDigit(first11: string): number | undefined {
  if (!/^\d{11}$/.test(first11)) return undefined
  const first = weightedMod11(first11, FIRST_WEIGHTS)
  if (first !== 10) return first
  const second = weightedMod11(first11, SECOND_WEIGHTS)
  return second === 10 ? undefined : second
}

/** Whether 12 digits carry a correct IIN/BIN check digit (says nothing about IIN versus BIN). */
export function hasValidIinChecksum(value: string): boolean {
  if (!TWELVE_DIGITS.test(value)) return false
  const check = iinCheckDigit(value.slice(0, 11))
  return check !== undefined && check === value.charCodeAt(11) - 48
}

/**
 * A BIN's fifth digit is the entity type 4, 5 or 6; an IIN's is the first digit
 * of the day of birth (0..3) when it encodes a date. A valid number whose fifth
 * digit is 7..9 cannot be a BIN, so it is counted as an IIN: post-2013 IINs need
 * not encode a date, and calling an unknown identifier personal is the safe side.
 */
function isBinType(value: string): boolean {
  const type = value[4]
  return type === '4' || type === '5' || type === '6'
}

/** A valid individual identification number (ИИН / ЖСН). */
export function isIin(value: string): boolean {
  return hasValidIinChecksum(value) && !isBinType(value)
}

/** A valid business identification number (БИН / БСН). */
export function isBin(value: string): boolean {
  return hasValidIinChecksum(value) && isBinType(value)
}

export const iinDetector: Detector = {name: 'iin-checksum', classes: ['personal'], test: isIin}

/** A BIN is evidence, not a sensitive class (see the header). */
export const binDetector: Detector = {name: 'bin-checksum', classes: [], test: isBin}
