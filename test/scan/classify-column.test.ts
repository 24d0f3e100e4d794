import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {classifyColumn, evidenceText, THRESHOLDS, VALUE_DETECTORS, type ColumnInput, type ValueEvidence} from '../../src/scan/classify-column.js'
import {isCardNumber} from '../../src/scan/detectors/card.js'
import {breakCheckDigit, cardArbitrary, groupsOfFour, iinArbitrary, makeBin, makeCard, makeEmail, makeIin, makeKzIban, makeKzPhone, many, rand} from './generators.js'

const column = (name: string, values: readonly (string | null | undefined)[], table = 'records', schema = 'public'): ColumnInput => ({schema, table, column: name, values})
const junk = (count: number): string[] => Array.from({length: count}, (_, i) => `unknown-${i}`)
const valueEvidence = (verdict: ReturnType<typeof classifyColumn>, detector: string): ValueEvidence | undefined =>
  verdict.evidence.find((e): e is ValueEvidence => e.kind === 'value' && e.detector === detector)

/** IINs that do not pass Luhn by chance, for tests that spell out the whole evidence text. */
const plainIins = (count: number, seed: number): string[] => many(count * 2, seed, makeIin).filter((v) => !isCardNumber(v)).slice(0, count)

const ICD = ['J45.0', 'E11', 'I10', 'C50.9', 'F32.1', 'K21.0', 'M54.5', 'E11.9', 'J06.9', 'N39.0']

describe('classifyColumn: values', () => {
  it('classifies a column of IINs as personal, with its hit ratio and the evidence kind', () => {
    const verdict = classifyColumn(column('doc', many(50, 1, makeIin)))
    expect(verdict.classes).toEqual(['personal'])
    expect(verdict.kind).toBe('value')
    expect(verdict.ratio).toBe(1)
    expect(verdict.sampled).toBe(50)
    expect(verdict.mixed).toBe(false)
    expect(evidenceText(verdict)).toMatch(/^iin-checksum 50\/50 \(1\.00\)/)
  })

  it('credits the few IINs that also pass Luhn to the IIN detector, not to cards', () => {
    const verdict = classifyColumn(column('doc', many(200, 2, makeIin)))
    const card = valueEvidence(verdict, 'card-luhn')
    expect(card?.hits).toBeGreaterThan(0) // about 1 in 10 IINs passes Luhn by chance
    expect(card?.counted).toBe(false)
    expect(card?.reason).toBe('below-floor')
    expect(verdict.classes).toEqual(['personal'])
  })

  it('combines name and values: kind value+name', () => {
    const verdict = classifyColumn(column('client_iin', [...plainIins(48, 3), breakCheckDigit(plainIins(1, 4)[0]!), '4111111111111111']))
    expect(verdict.kind).toBe('value+name')
    expect(evidenceText(verdict)).toBe('iin-checksum 48/50 (0.96); card-luhn 1/50 (0.02, not counted); name-hint iin')
  })

  it('classifies IBAN and card columns as bank secret', () => {
    const ibans = classifyColumn(column('c1', many(40, 4, (r) => groupsOfFour(makeKzIban(r)))))
    expect(ibans.classes).toEqual(['bank_secret'])
    expect(valueEvidence(ibans, 'iban-mod97')?.hits).toBe(40)
    const cards = classifyColumn(column('c2', many(40, 5, (r) => makeCard(r))))
    expect(cards.classes).toEqual(['bank_secret'])
  })

  it('classifies phone and e-mail columns as personal', () => {
    expect(classifyColumn(column('c', many(40, 6, makeKzPhone))).classes).toEqual(['personal'])
    expect(classifyColumn(column('c', many(40, 7, makeEmail))).classes).toEqual(['personal'])
  })

  it('reports a column of BINs without a sensitive class: the values are explained, not sensitive', () => {
    const verdict = classifyColumn(column('counterparty', many(40, 8, makeBin)))
    expect(verdict.classes).toEqual([])
    expect(verdict.kind).toBe('value')
    expect(valueEvidence(verdict, 'bin-checksum')).toMatchObject({hits: 40, counted: true, classes: []})
  })

  it('does not classify decoys that miss the check by one digit', () => {
    const verdict = classifyColumn(column('doc', many(50, 9, makeIin).map(breakCheckDigit)))
    expect(verdict.classes).toEqual([])
    expect(verdict.kind).toBe('none')
    expect(valueEvidence(verdict, 'iin-checksum')).toBeUndefined()
    const cards = classifyColumn(column('doc', many(50, 10, (r) => makeCard(r)).map(breakCheckDigit)))
    expect(cards.classes).toEqual([])
  })

  it('does not classify random 12-digit numbers (about 1 in 10 pass the IIN check: noise)', () => {
    const r = rand(12)
    const verdict = classifyColumn(column('order_no', Array.from({length: 200}, () => r.digits(12))))
    expect(verdict.classes).toEqual([])
    expect(valueEvidence(verdict, 'iin-checksum')?.counted).toBe(false)
  })
})

describe('classifyColumn: threshold', () => {
  it(`classifies at ${THRESHOLDS.ratio} of sampled values and not below`, () => {
    const iins = plainIins(30, 13)
    const at = classifyColumn(column('doc', [...iins, ...junk(20)]))
    expect(at.classes).toEqual(['personal'])
    expect(at.ratio).toBe(0.6)

    const below = classifyColumn(column('doc', [...iins.slice(0, 29), ...junk(21)]))
    expect(below.classes).toEqual([])
    expect(below.ratio).toBe(0)
    expect(valueEvidence(below, 'iin-checksum')).toMatchObject({hits: 29, counted: false, reason: 'below-threshold'})
    expect(evidenceText(below)).toBe('iin-checksum 29/50 (0.58, below threshold)')
  })

  it('needs 3 hits, or every value when fewer than 3 are sampled', () => {
    const [a, b, c] = many(3, 14, makeIin)
    expect(classifyColumn(column('doc', [a])).classes).toEqual(['personal'])
    expect(classifyColumn(column('doc', [a, b])).classes).toEqual(['personal'])
    expect(classifyColumn(column('doc', [a, 'x'])).classes).toEqual([])
    expect(classifyColumn(column('doc', [a, b, c])).classes).toEqual(['personal'])
    expect(classifyColumn(column('doc', [a, b, 'x'])).classes).toEqual([]) // 2 hits < 3, though 0.67 >= 0.6
  })

  it('takes other thresholds when asked', () => {
    const values = [...many(5, 15, makeIin), ...junk(5)]
    expect(classifyColumn(column('doc', values)).classes).toEqual([])
    expect(classifyColumn(column('doc', values), {thresholds: {ratio: 0.5}}).classes).toEqual(['personal'])
  })

  it('skips null, undefined and blank values, and trims the rest', () => {
    const iins = many(10, 16, makeIin)
    const verdict = classifyColumn(column('doc', [null, undefined, '', '   ', ...iins.map((v) => ` ${v}\t`)]))
    expect(verdict.sampled).toBe(10)
    expect(verdict.classes).toEqual(['personal'])
  })
})

describe('classifyColumn: mixed evidence', () => {
  it('reports every detector and counts each that explains a clear share (IINs and phone numbers)', () => {
    const values = [...many(25, 17, makeIin), ...many(20, 18, makeKzPhone), ...junk(5)]
    const verdict = classifyColumn(column('contact', values))
    expect(verdict.classes).toEqual(['personal'])
    expect(verdict.mixed).toBe(true)
    expect(verdict.ratio).toBe(0.9)
    expect(valueEvidence(verdict, 'iin-checksum')).toMatchObject({hits: 25, counted: true})
    expect(valueEvidence(verdict, 'kz-phone')).toMatchObject({hits: 20, counted: true})
  })

  it('keeps a counterparty column of IINs and BINs personal through its IINs', () => {
    const values = [...many(20, 19, makeIin), ...many(25, 20, makeBin), ...junk(5)]
    const verdict = classifyColumn(column('counterparty_id_number', values))
    expect(verdict.classes).toEqual(['personal'])
    expect(verdict.mixed).toBe(true)
    expect(valueEvidence(verdict, 'bin-checksum')).toMatchObject({hits: 25, counted: true, classes: []})
    expect(valueEvidence(verdict, 'iin-checksum')).toMatchObject({hits: 20, counted: true, classes: ['personal']})
  })

  it('gives each class of a mixed column: e-mails and card numbers', () => {
    const values = [...many(20, 21, makeEmail), ...many(20, 22, (r) => makeCard(r))]
    expect(classifyColumn(column('payload', values)).classes).toEqual(['personal', 'bank_secret'])
  })

  it('does not let a share under the floor count, and reports it', () => {
    const values = [...many(35, 23, makeIin), ...many(8, 24, makeKzPhone), ...junk(7)] // 0.7 + 0.16
    const verdict = classifyColumn(column('doc', values))
    expect(verdict.mixed).toBe(false)
    expect(valueEvidence(verdict, 'kz-phone')).toMatchObject({hits: 8, counted: false, reason: 'below-floor'})
    expect(verdict.ratio).toBe(0.7)
  })

  it('does not classify two shares that together stay under the threshold', () => {
    const values = [...many(15, 25, makeIin), ...many(12, 26, makeKzPhone), ...junk(23)] // 0.3 + 0.24
    const verdict = classifyColumn(column('doc', values))
    expect(verdict.classes).toEqual([])
    expect(verdict.mixed).toBe(true) // reported: two clear shares, though not enough to classify
    expect(verdict.evidence.map((e) => (e.kind === 'value' ? e.reason : undefined))).toEqual(['below-threshold', 'below-threshold'])
  })
})

describe('classifyColumn: ICD-10 needs a health context', () => {
  const codes = Array.from({length: 40}, (_, i) => ICD[i % ICD.length]!)

  it('does not call product codes health data', () => {
    const verdict = classifyColumn(column('product_code', codes, 'products'))
    expect(verdict.classes).toEqual([])
    expect(valueEvidence(verdict, 'icd10')).toMatchObject({hits: 40, counted: false, reason: 'no-health-context'})
    expect(evidenceText(verdict)).toBe('icd10 40/40 (1.00, no health context)')
  })

  it('counts ICD-10 codes in a table about health, and names the table hint', () => {
    const verdict = classifyColumn(column('code', codes, 'diagnoses'))
    expect(verdict.classes).toEqual(['personal', 'health'])
    expect(verdict.kind).toBe('value')
    expect(evidenceText(verdict)).toBe('icd10 40/40 (1.00); table-hint health (diagnoses)')
    expect(classifyColumn(column('код', codes, 'пациенты')).classes).toEqual(['personal', 'health'])
    expect(classifyColumn(column('code', codes, 'visits', 'clinic')).classes).toEqual(['personal', 'health'])
  })

  it('counts them with a health hint in the column name', () => {
    const verdict = classifyColumn(column('diagnosis_code', codes))
    expect(verdict.kind).toBe('value+name')
    expect(evidenceText(verdict)).toBe('icd10 40/40 (1.00); name-hint health (diagnosis)')
  })
})

describe('classifyColumn: names', () => {
  it('classifies by the name alone when there are no values', () => {
    const verdict = classifyColumn(column('ИИН', []))
    expect(verdict).toEqual({
      classes: ['personal'],
      kind: 'name',
      ratio: 0,
      sampled: 0,
      mixed: false,
      evidence: [{kind: 'name', detector: 'name-hint', hint: 'iin', term: 'иин', classes: ['personal'], counted: true}],
    })
    expect(evidenceText(verdict)).toBe('name-hint iin (иин)')
  })

  it('closes health under implication', () => {
    expect(classifyColumn(column('диагноз', [])).classes).toEqual(['personal', 'health'])
  })

  it('is not fooled by misleading names', () => {
    const r = rand(27)
    const counts = Array.from({length: 30}, () => String(r.int(5000)))
    expect(classifyColumn(column('cardinality', counts)).classes).toEqual([])
    expect(classifyColumn(column('accountable', ['yes', 'no', 'yes'])).classes).toEqual([])
    expect(classifyColumn(column('ip_address', ['10.0.0.1', '10.0.0.2', '10.0.0.3'])).classes).toEqual([])
  })

  it('reports a key to personal data without classifying it, and lets the values decide', () => {
    const keys = classifyColumn(column('address_id', ['1', '2', '3']))
    expect(keys.classes).toEqual([])
    expect(evidenceText(keys)).toBe('name-hint address (reference)')
    const realCards = classifyColumn(column('card_type', many(10, 28, (r) => makeCard(r))))
    expect(realCards.classes).toEqual(['bank_secret'])
  })

  it('uses the table as context for a bare name', () => {
    const verdict = classifyColumn(column('name', ['Aigerim', 'Nurlan', 'Dana'], 'clients'))
    expect(verdict.classes).toEqual(['personal'])
    expect(evidenceText(verdict)).toBe('name-hint person-name (name); table-hint person (client)')
    expect(classifyColumn(column('name', ['Tea', 'Milk', 'Bread'], 'products')).classes).toEqual([])
  })
})

describe('classifyColumn: edges and guarantees', () => {
  it('returns an empty verdict for an unremarkable empty column', () => {
    expect(classifyColumn(column('created_at', []))).toEqual({classes: [], kind: 'none', ratio: 0, sampled: 0, mixed: false, evidence: []})
    expect(evidenceText(classifyColumn(column('x', [null, '']))).length).toBe(0)
  })

  it('gives the same verdict whatever the order of the sample', () => {
    const values = [...many(25, 29, makeIin), ...many(20, 30, makeKzPhone), ...many(5, 31, makeBin)]
    const shuffled = [...values].reverse()
    expect(classifyColumn(column('c', shuffled))).toEqual(classifyColumn(column('c', values)))
  })

  it('breaks ties between detectors by their fixed order', () => {
    const values = [...plainIins(20, 32), ...many(20, 33, makeEmail)]
    const verdict = classifyColumn(column('c', values))
    expect(verdict.evidence.map((e) => e.detector)).toEqual(['iin-checksum', 'email'])
    expect(VALUE_DETECTORS.map((d) => d.name)).toEqual(['iin-checksum', 'bin-checksum', 'iban-mod97', 'card-luhn', 'kz-phone', 'email', 'icd10'])
  })

  it('never puts a sampled value into the verdict or its text', () => {
    const sensitive = fc.oneof(iinArbitrary, cardArbitrary, fc.constantFrom(...many(50, 34, makeKzIban), ...many(50, 35, makeKzPhone), ...many(50, 36, makeEmail)))
    fc.assert(
      fc.property(fc.array(sensitive, {minLength: 1, maxLength: 30}), fc.constantFrom('iin', 'doc', 'card_number', 'diagnosis', 'name'), (values, name) => {
        const verdict = classifyColumn(column(name, values, 'clients'))
        const output = JSON.stringify(verdict) + '\n' + evidenceText(verdict)
        for (const value of values) {
          expect(output.includes(value), value).toBe(false)
          const digits = value.replace(/\D/g, '')
          if (digits.length >= 10) expect(output.includes(digits), value).toBe(false)
        }
      }),
      {numRuns: 300},
    )
  })
})
