/**
 * ICD-10 diagnosis codes (МКБ-10 / АХЖ-10), counted only in a health context.
 *
 * A code is a letter, two digits and optionally a point with one or two more
 * digits: `E11`, `J45.0`, `S72.00`. The letter U is excluded (WHO reserves it
 * for provisional and special-purpose codes, e.g. U07.1, that say little about
 * a column). Cyrillic letters that look like Latin ones (А В Е К М Н О Р С Т
 * Х) are read as Latin, because codes typed on a Russian keyboard often carry
 * them (`Е11` with a Cyrillic Е).
 *
 * The shape alone is common: product codes, seat numbers, grid squares and
 * version tags look the same, and there is no check digit. So this detector
 * declares `requires: 'health-context'`: its hits count only when the column,
 * table or schema name carries a health hint (`diagnosis`, `мкб`, table
 * `patients`, `пациенты`). Without that context the hits are still reported, as shape
 * evidence that classifies nothing.
 *
 * Class: `health` (a diagnosis about a person; `health` implies `personal`).
 *
 * Reference: WHO, ICD-10 Version 2019, https://icd.who.int/browse10/2019/en
 */
import type {Detector} from './detector.js'

const CODE = /^[A-TV-Z]\d{2}(?:\.\d{1,2})?$/

const CYRILLIC_LOOKALIKES: Readonly<Record<string, string>> = {
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X',
}

export function isIcd10Code(value: string): boolean {
  if (value.length < 3 || value.length > 6) return false
  const upper = value.toUpperCase()
  const first = CYRILLIC_LOOKALIKES[upper[0] ?? ''] ?? upper[0]
  return CODE.test(first + upper.slice(1))
}

export const icd10Detector: Detector = {name: 'icd10', classes: ['health'], requires: 'health-context', test: isIcd10Code}
