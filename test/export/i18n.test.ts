import {existsSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {parse} from 'csv-parse/sync'
import {describe, expect, it} from 'vitest'

import {reasonText, findingText} from '../../src/export/i18n/describe.js'
import {kazakhDate} from '../../src/export/i18n/format.js'
import {LANGS, MESSAGES, textFor, type Glossary} from '../../src/export/i18n/index.js'
import {CLASSES} from '../../src/model/inventory.js'
import type {PlacementReason} from '../../src/plan/plan.js'

const GLOSSARY = fileURLToPath(new URL('../../../shared/glossary.csv', import.meta.url))

const REASONS: PlacementReason[] = [
  {code: 'pinned', wave: 3}, {code: 'after', system: 'esb', wave: 1}, {code: 'nonprod-first', group: 'crm', system: 'crm-test', wave: 2},
  {code: 'order', system: 'core', wave: 2, flow: 'f1'}, {code: 'ready'}, {code: 'capacity'}, {code: 'environment'}, {code: 'removes-violation'},
  {code: 'deadline', zone: 'bank-dc', date: '2027-03-31'}, {code: 'tight', system: 'core', flow: 'sync'}, {code: 'group', group: 'docs'},
  {code: 'together', system: 'x', flow: 'f2'}, {code: 'cycle'}, {code: 'retire'},
]

describe('languages', () => {
  it.skipIf(!existsSync(GLOSSARY))('use the shared glossary, term for term', () => {
    const rows = parse(readFileSync(GLOSSARY), {columns: true, bom: true}) as Record<string, string>[]
    for (const lang of LANGS) {
      const expected = Object.fromEntries(rows.map((r) => [r.term, r[lang]])) as unknown as Glossary
      expect(MESSAGES[lang].glossary, lang).toEqual(expected)
    }
  })

  it('name the classes as the glossary does', () => {
    for (const lang of LANGS) {
      const {m} = textFor(lang)
      for (const c of CLASSES) expect(m.className(c)).toBe(m.glossary[`class_${c}` as keyof Glossary])
    }
  })

  it('write dates and numbers the locale\'s way', () => {
    const dates = LANGS.map((lang) => textFor(lang).f.date('2027-01-11'))
    expect(dates).toEqual(['11 January 2027', '11 января 2027 г.', '2027 ж. 11 қаңтар'])
    expect(textFor('kk').f.date('2027-12-31')).toBe(kazakhDate(2027, 12, 31))
    expect(LANGS.map((lang) => textFor(lang).f.gb(1234567.456))).toEqual(['1,234,567.46', '1\u00a0234\u00a0567,46', '1\u00a0234\u00a0567,46'])
  })

  it('count in Russian with the right noun form, in Kazakh with the singular', () => {
    const ru = textFor('ru')
    expect([1, 2, 5, 11, 21, 22, 25].map((n) => ru.f.count(n, ru.m.nouns.system))).toEqual(['1 система', '2 системы', '5 систем', '11 систем', '21 система', '22 системы', '25 систем'])
    expect([1, 3, 10].map((n) => ru.f.count(n, ru.m.nouns.wave))).toEqual(['1 волна', '3 волны', '10 волн'])
    const kk = textFor('kk')
    expect([1, 5].map((n) => kk.f.count(n, kk.m.nouns.system))).toEqual(['1 жүйе', '5 жүйе'])
    const en = textFor('en')
    expect([1, 5].map((n) => en.f.count(n, en.m.nouns.violation))).toEqual(['1 violation', '5 violations'])
  })

  it('give every placement reason a sentence in each language, with the ids as written', () => {
    for (const lang of LANGS) {
      const text = textFor(lang)
      for (const r of REASONS) {
        const sentence = reasonText(text, r)
        expect(sentence.length, `${lang} ${r.code}`).toBeGreaterThan(5)
        for (const id of [r.system, r.flow, r.group, r.zone]) if (id) expect(sentence).toContain(`\u0001${id}\u0002`)
        if (lang !== 'en') expect(sentence.replace(/\u0001[^\u0002]*\u0002/g, '').match(/[A-Za-z]{2,}/g), `${lang} ${r.code}`).toBeNull()
      }
    }
    expect(reasonText(textFor('kk'), {code: 'after', system: 'esb', wave: 1}).replace(/[\u0001\u0002]/g, '')).toBe('esb жүйесінен кейін (1-толқын)')
    expect(reasonText(textFor('ru'), {code: 'deadline', zone: 'bank-dc', date: '2027-03-31'}).replace(/[\u0001\u0002]/g, '')).toBe('должна покинуть зону bank-dc до окончания срока её разрешения (31 марта 2027 г.)')
  })

  it('describe findings from their fields, not from the English message', () => {
    const finding = {rule: 'R3' as const, subject: 'f', subjectKind: 'flow' as const, classes: ['personal' as const, 'bank_secret' as const], link: ['a', 'b'] as [string, string], message: 'English', file: 'flows.csv', line: 2}
    expect(findingText(textFor('ru'), finding).replace(/[\u0001\u0002]/g, '')).toBe('Поток данных f передаёт данные из зоны a в зону b без разрешённого канала: персональные данные, банковская тайна')
    expect(findingText(textFor('kk'), finding).replace(/[\u0001\u0002]/g, '')).toBe('f деректер ағыны деректерді a аймағынан b аймағына рұқсат етілген арнасыз береді: дербес деректер, банктік құпия')
  })
})
