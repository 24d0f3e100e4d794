import {describe, expect, it} from 'vitest'

import {icd10Detector, isIcd10Code} from '../../src/scan/detectors/icd10.js'

describe('ICD-10 codes', () => {
  it('accepts category and subcategory codes', () => {
    for (const value of ['J45.0', 'E11', 'A00', 'I10', 'Z99.89', 'S72.00', 'C50.9', 'F32.1', 'V01', 'T14.9']) {
      expect(isIcd10Code(value), value).toBe(true)
    }
  })

  it('accepts lower case and Cyrillic look-alike letters typed on a Russian keyboard', () => {
    expect(isIcd10Code('j45.0')).toBe(true)
    expect(isIcd10Code('\u0415' + '11')).toBe(true) // Cyrillic Е
    expect(isIcd10Code('\u0421' + '50.9')).toBe(true) // Cyrillic С
    expect(isIcd10Code('\u0445' + '01')).toBe(true) // Cyrillic х, lower case
  })

  it('rejects U codes (reserved by WHO for special purposes) and other shapes', () => {
    for (const value of ['', 'U07.1', 'U00', 'J4', 'J450', 'J45.', 'J45.000', '45.0', 'JJ45', 'J45-0', 'J 45', 'Ю45', 'J45.0A']) {
      expect(isIcd10Code(value), value).toBe(false)
    }
  })

  it('needs a health context to count, and gives the health class', () => {
    expect(icd10Detector.requires).toBe('health-context')
    expect(icd10Detector.classes).toEqual(['health'])
  })
})
