/**
 * The catalog of what `kosh check` reports: every code the loader and the
 * validator can emit has a description (SARIF declares it as a rule), and
 * every rule has the texts code scanning shows.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {CHECK_RULES, INPUT_CODES, RULES, describeRule} from '../../src/check/catalog.js'
import {REPO} from './helpers.js'

function codesIn(folder: string): string[] {
  const dir = join(REPO, 'src', folder)
  return readdirSync(dir).filter((f) => f.endsWith('.ts')).flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/'(KOSH-[A-Z0-9-]+)'/g)].map((m) => m[1]))
}

describe('the catalog', () => {
  it('describes every diagnostic code of the loader and the validator', () => {
    const codes = [...new Set([...codesIn('load'), ...codesIn('validate')])].sort()
    expect(codes.length).toBeGreaterThan(10)
    expect(codes.filter((code) => !(code in INPUT_CODES))).toEqual([])
  })

  it('gives every rule a name, a short and a full description, help and a passing case name', () => {
    for (const id of CHECK_RULES) {
      const d = RULES[id]
      expect(d.id).toBe(id)
      expect(d.name).toMatch(/^[A-Z][A-Za-z]+$/)
      for (const text of [d.short, d.full, d.help, d.passName]) expect(text.length).toBeGreaterThan(3)
    }
  })

  it('describes an input code it has never seen, rather than failing', () => {
    expect(describeRule('KOSH-SOMETHING-NEW')).toMatchObject({id: 'KOSH-SOMETHING-NEW', name: 'SomethingNew', short: 'The input cannot be used'})
  })
})
