/**
 * plan.json is written by native JSON.stringify when the document is already
 * in canonical key order (src/export/canonical.ts), in plan.json's layout (one
 * line per planned system). These tests hold it to a plain rendering of that
 * layout over `canonicalJson`, the definition, on the fixture plans, on
 * generated inventories with pins and dates, and on documents whose keys are
 * out of order.
 */
import {createHash} from 'node:crypto'
import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {canonicalStringify, inCanonicalOrder, toCanonicalOrder} from '../../src/export/canonical.js'
import {documentDigest, serializePlan, type PlanDocument, type PlanOptionsRecord} from '../../src/export/plan-document.js'
import {generateInventory} from '../../src/generate/generate.js'
import {openInventoryFiles, openInventoryFolder} from '../../src/load/open.js'
import type {InventoryFiles} from '../../src/load/load-inventory.js'
import {canonicalJson} from '../../src/model/digest.js'
import type {FileKind} from '../../src/model/inventory.js'
import {runPlan} from '../../src/plan/run.js'
import {fixtureCases, fixtureDocument} from './fixtures.js'
import {syntheticDocument} from './synthetic.js'

/**
 * plan.json's layout, written plainly: canonicalJson (sorted keys) indented by
 * two, with each planned and retained system and each group of findings on one compact line.
 */
function layout(data: unknown, indent = '', path: string[] = []): string {
  // As JSON.stringify writes a value: through its toJSON (a finding's, which adds its message, as one an infeasibility names).
  const value = typeof (data as {toJSON?: unknown} | null)?.toJSON === 'function' ? (data as {toJSON(): unknown}).toJSON() : data
  const oneLine =
    (path.length === 4 && path[0] === 'waves' && path[2] === 'systems') ||
    (path.length === 2 && (path[0] === 'retained' || path[0] === 'findings')) ||
    (path.length === 3 && path[0] === 'verification' && ['present', 'introduced', 'final'].includes(path[1]))
  if (oneLine || value === null || typeof value !== 'object') return canonicalJson(value)
  const inner = indent + '  '
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[\n${value.map((v, i) => inner + layout(v, inner, [...path, String(i)])).join(',\n')}\n${indent}]`
  const keys = Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined)
  return keys.length === 0 ? '{}' : `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${layout((value as Record<string, unknown>)[k], inner, [...path, k])}`).join(',\n')}\n${indent}}`
}

function expectCanonicalBytes(doc: PlanDocument): void {
  const {digest, ...body} = doc
  expect(inCanonicalOrder(doc)).toBe(true)
  const text = serializePlan(doc)
  expect(text).toBe(layout(doc) + '\n')
  expect(JSON.parse(text)).toEqual(JSON.parse(canonicalJson(doc)))
  // The self digest covers the body as plan.json writes it.
  expect(digest).toBe(createHash('sha256').update(layout(body)).digest('hex'))
  expect(documentDigest(doc)).toBe(digest)
}

async function generated(systems: number, flows: number, seed: number): Promise<InventoryFiles> {
  const files: InventoryFiles = {}
  for (const file of generateInventory({systems, flows, seed}).files) {
    files[file.name.replace('.csv', '') as FileKind] = Buffer.concat([...file.chunks()].map((c) => c.bytes))
  }
  return files
}

const exportCases = await fixtureCases()

describe('plan documents are built in canonical order', () => {
  for (const name of exportCases) {
    it(`export fixture ${name}`, async () => expectCanonicalBytes(await fixtureDocument(name)))
  }

  const planCases = readdirSync('test/fixtures/plan', {withFileTypes: true}).filter((d) => d.isDirectory()).map((d) => d.name)
  for (const name of planCases) {
    it(`plan fixture ${name}`, async () => {
      const {inventory} = await openInventoryFolder(join('test/fixtures/plan', name, 'inventory'))
      expectCanonicalBytes(runPlan(inventory, {}).document)
    })
  }

  const options: PlanOptionsRecord[] = [
    {},
    {maxSystems: [40, 80], maxGb: [50_000], start: '2027-01-11', waveDays: 14, blackouts: [{from: '2027-03-20', to: '2027-03-23'}]},
  ]
  for (const seed of [1, 2, 3]) {
    it(`generated inventory, seed ${seed}`, async () => {
      const {inventory} = await openInventoryFiles(`g${seed}`, await generated(400, 3000, seed))
      // As --pins gives them: an options record with a map of system ids.
      const pins = Object.fromEntries(inventory.systems.slice(-3).map((s, i) => [s.id, i + 2]))
      for (const option of [...options, {pins}]) expectCanonicalBytes(runPlan(inventory, option).document)
    })
  }
})

describe('canonicalStringify', () => {
  const cases: [string, unknown][] = [
    ['keys out of order', {b: 1, a: {d: [1, {z: 0, y: 1}], c: 'x'}}],
    ['array-index keys', {b: 1, 10: 'ten', 9: 'nine', a: 2, '01': 'zero-one'}],
    ['undefined values and nulls', {b: undefined, a: null, c: [undefined, null]}],
    ['upper before lower case', {b: 1, B: 2, _: 3, a: 4}],
    ['primitives', 'text'],
    ['an own __proto__ key, as JSON.parse makes', JSON.parse('{"__proto__": {"b": 1}, "a": 2}')],
    ['a synthetic plan written in field order', syntheticDocument(300, 4)],
  ]
  for (const [name, value] of cases) {
    it(`${name}: the bytes of canonicalJson`, () => {
      expect(canonicalStringify(value)).toBe(canonicalJson(value))
      expect(canonicalStringify(value, 2)).toBe(canonicalJson(value, 2))
      const copy = typeof value === 'object' && value !== null ? toCanonicalOrder(value) : value
      expect(JSON.stringify(copy, undefined, 2)).toBe(canonicalJson(value, 2))
    })
  }

  it('tells ordered from unordered objects, with array indices first whatever their order', () => {
    expect(inCanonicalOrder({a: 1, b: {c: 1, d: 2}})).toBe(true)
    expect(inCanonicalOrder({a: 1, b: {d: 1, c: 2}})).toBe(false)
    expect(inCanonicalOrder({b: 1, 2: 'x', 1: 'y', c: 1})).toBe(true)
    expect(inCanonicalOrder([{b: 1, a: 2}])).toBe(false)
  })

  it('copies only what is out of order and leaves the original alone', () => {
    const shared = {a: 1, b: 2}
    const value = {a: [shared, {y: 1, x: 2}], b: shared}
    const copy = toCanonicalOrder(value)
    expect(copy).not.toBe(value)
    expect(copy.b).toBe(shared)
    expect(copy.a[0]).toBe(shared)
    expect(Object.keys(copy.a[1])).toEqual(['x', 'y'])
    expect(Object.keys(value.a[1])).toEqual(['y', 'x'])
    const ordered = {a: [shared], b: shared}
    expect(toCanonicalOrder(ordered)).toBe(ordered)
  })
})
