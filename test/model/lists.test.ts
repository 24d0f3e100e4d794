/**
 * Lists of a national inventory outgrow the stack when spread into a call:
 * `push(...items)` and `Math.max(...items)` throw RangeError past about
 * 120,000 items. The loader, validator, planner and exporters append and
 * take maxima through these instead, and so do the commands on such inputs.
 */
import {describe, expect, it} from 'vitest'

import {openInventoryFolder} from '../../src/load/open.js'
import {appendAll, maxOf} from '../../src/model/lists.js'
import type {Inventory} from '../../src/model/inventory.js'
import {runPlan} from '../../src/plan/run.js'
import {inventoryDir} from '../load/helpers.js'

const MANY = 300_000

describe('lists of any length', () => {
  it('appendAll appends every item, in order, past what a spread call takes', () => {
    const items = Array.from({length: MANY}, (_, i) => i)
    expect(() => [].push(...(items as never[]))).toThrow(RangeError)
    const to = [-1]
    expect(appendAll(to, items)).toBe(to)
    expect(to.length).toBe(MANY + 1)
    expect(to[0]).toBe(-1)
    expect(to[MANY]).toBe(MANY - 1)
    expect(appendAll([1], new Set([2, 3]))).toEqual([1, 2, 3])
  })

  it('maxOf is Math.max with a floor, past what a spread call takes', () => {
    const items = Int32Array.from({length: MANY}, (_, i) => (i * 7919) % 100_003)
    expect(maxOf(items)).toBe(100_002)
    expect(maxOf(items, 200_000)).toBe(200_000)
    expect(maxOf([])).toBe(-Infinity)
    expect(maxOf([], 0)).toBe(0)
    expect(maxOf([-3, -1, -2])).toBe(-1)
  })

  it('a flows.csv with 300,000 unknown systems is refused with every problem listed, not a RangeError', async () => {
    const rows = Array.from({length: MANY}, (_, i) => `f${i},core,ghost${i}`)
    const opened = await openInventoryFolder(inventoryDir({'flows.csv': `id,source,target\n${rows.join('\n')}\n`}))
    const unknown = opened.diagnostics.filter((d) => d.code === 'KOSH-UNKNOWN-SYSTEM')
    expect(unknown).toHaveLength(MANY)
    expect(unknown[MANY - 1]).toMatchObject({file: 'flows.csv', line: MANY + 1, severity: 'error'})
  })

  it('a plan of 200,000 systems, each a unit of its own, is made', () => {
    const n = 200_000
    const zone = (id: string, role: 'source' | 'target', line: number) => ({id, name: id, country: 'KZ', role, approvedClasses: [], extra: {}, line})
    const inventory: Inventory = {
      name: 'wide', zones: [zone('src', 'source', 2), zone('tier3', 'target', 3)], links: [], flows: [], datasets: [], waivers: [], extraColumns: {},
      systems: Array.from({length: n}, (_, i) => ({
        id: `s${i}`, name: `System ${i}`, owner: 'IT', zone: 'src', classes: ['internal'], storageGb: 1, criticality: 'medium', strategy: 'rehost', after: [], environment: 'prod', extra: {}, line: i + 2,
      })),
    }
    const {plan, verification} = runPlan(inventory, {}, '')
    expect(plan.feasible).toBe(true)
    expect(plan.waves).toHaveLength(1)
    expect(plan.waves[0].systems).toHaveLength(n)
    expect(verification.valid).toBe(true)
  })
})
