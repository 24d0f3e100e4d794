/**
 * plan.json records findings in groups of those alike but for their subject
 * (plan-document.ts): nothing of a finding but its message may be lost, a
 * waived finding keeps its own waiver, and findings that differ in anything
 * but their subject never share a group.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {findingCount, findingRows, groupFindings, removedCount, violationCount, type WaiverStatus} from '../../src/export/plan-document.js'
import type {DataClass} from '../../src/model/inventory.js'
import type {PresentViolation} from '../../src/verify/verify.js'

const CLASS_LISTS: DataClass[][] = [['personal'], ['personal', 'health'], ['bank_secret'], ['personal', 'health', 'bank_secret']]

/** A finding of any rule, drawn from few values so that many are alike; `waived` says whether a waiver accepts it. */
const finding = fc
  .record({
    rule: fc.constantFrom('R1', 'R2', 'R3', 'R4'),
    subject: fc.oneof(fc.constantFrom('a', 'b', 'c"d', 'Жүйе'), fc.string({unit: 'binary', maxLength: 6})),
    classes: fc.integer({min: 0, max: CLASS_LISTS.length - 1}),
    zone: fc.constantFrom('z1', 'z2'),
    link: fc.constantFrom(['z1', 'z2'], ['z2', 'z1']),
    state: fc.option(fc.integer({min: 0, max: 2}), {nil: undefined}),
    removedInWave: fc.option(fc.integer({min: 1, max: 3}), {nil: undefined}),
    line: fc.integer({min: 2, max: 10_000}),
    waived: fc.boolean(),
  })
  .map(({rule, subject, classes, zone, link, state, removedInWave, line, waived}) => {
    const f: PresentViolation = {
      rule: rule as PresentViolation['rule'], subject, subjectKind: rule === 'R1' ? 'system' : 'flow', classes: CLASS_LISTS[classes].slice(),
      ...(rule === 'R1' || rule === 'R2' ? {zone} : {}), ...(rule === 'R3' ? {link: link as [string, string]} : {}),
      ...(state !== undefined ? {state} : {}), ...(removedInWave !== undefined ? {removedInWave} : {}),
      message: `${rule} ${subject}`, file: rule === 'R1' ? 'systems.csv' : 'flows.csv', line,
    }
    return {f, waived}
  })

const waiverOf = (line: number): WaiverStatus => ({owner: 'Risk', expires: '2030-01-01', justification: `row ${line}`, line})

/** What a group keeps of a finding: all but its message. */
const kept = (f: PresentViolation, waiver?: WaiverStatus) => ({
  rule: f.rule, subject: f.subject, subjectKind: f.subjectKind, classes: f.classes, zone: f.zone, link: f.link, state: f.state, removedInWave: f.removedInWave, waiver, file: f.file, line: f.line,
})

describe('findings in groups', () => {
  it('keep every finding but its message, each waived one in a group of its own, alike ones together (R3 whatever its link) and no others', () => {
    fc.assert(
      fc.property(fc.array(finding, {maxLength: 60}), (drawn) => {
        const waivers = new Map(drawn.map(({f, waived}, i) => [f, waived ? waiverOf(i + 2) : undefined]))
        const groups = groupFindings(drawn.map((d) => d.f), (f) => waivers.get(f as PresentViolation))
        // The model: findings alike (and not waived) under one key, keys in the order first seen.
        const model = new Map<string, ReturnType<typeof kept>[]>()
        drawn.forEach(({f}, i) => {
          const row = kept(f, waivers.get(f))
          // The link is each subject's own, and only whether there is one groups.
          const key = row.waiver ? `waived ${i}` : JSON.stringify({...row, subject: '', line: 0, link: row.link !== undefined})
          model.set(key, [...(model.get(key) ?? []), row])
        })
        expect(findingRows(groups).map((r) => kept(r as unknown as PresentViolation, r.waiver))).toEqual([...model.values()].flat())
        expect(groups).toHaveLength(model.size)
        expect(findingCount(groups)).toBe(drawn.length)
        // Violations by class, as the verification's states count them.
        expect(violationCount(groups)).toBe(drawn.reduce((n, {f}) => n + f.classes.length, 0))
        expect(removedCount(groups)).toBe(drawn.filter(({f}) => f.removedInWave !== undefined).reduce((n, {f}) => n + f.classes.length, 0))
        for (const g of groups) {
          expect(g.lines).toHaveLength(g.subjects.length)
          if (g.rule === 'R3') expect(g.links).toHaveLength(g.subjects.length)
          else expect(g.links).toBeUndefined()
          if (g.waiver) expect(g.subjects).toHaveLength(1)
          expect(JSON.stringify(g)).not.toContain('"message"')
        }
      }),
      {numRuns: 200},
    )
  })

  it('write their keys in canonical (sorted) order', () => {
    const [group] = groupFindings([{rule: 'R3', subject: 'f', subjectKind: 'flow', classes: ['personal'], link: ['a', 'b'], state: 0, removedInWave: 2, message: 'm', file: 'flows.csv', line: 7}], () => waiverOf(3))
    expect(Object.keys(group)).toEqual([...Object.keys(group)].sort())
    expect(group).toEqual({classes: ['personal'], file: 'flows.csv', lines: [7], links: [['a', 'b']], removedInWave: 2, rule: 'R3', state: 0, subjectKind: 'flow', subjects: ['f'], waiver: waiverOf(3)})
  })
})
