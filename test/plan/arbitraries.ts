/**
 * Random small inventories and planning options for the property tests.
 *
 * A target zone approved for every sensitive class, one to three source zones
 * with random approvals (and approvals that end, which matter for dated
 * plans), random links between any two zones; up to `maxSystems` systems with
 * random classes, strategies, environments, groups, pins and an `after` DAG
 * (rarely a cycle); random flows, some tight. Built as model objects, not
 * CSV: the loader would only slow fast-check down. Every inventory passes the
 * validator. A `Shape` tunes how often each feature appears, so that each
 * property sees enough of what it is about (forced pairs, deadlines, tight
 * capacity) rather than mostly inventories no plan can serve.
 */
import fc from 'fast-check'

import type {PlanOptionsRecord} from '../../src/export/plan-document.js'
import type {Criticality, DataClass, Environment, Inventory, Strategy} from '../../src/model/inventory.js'
import {validateInventory} from '../../src/validate/validate.js'

const SENSITIVE: DataClass[] = ['personal', 'health', 'bank_secret']
const ALL: DataClass[] = ['public', 'internal', 'personal', 'health', 'bank_secret']
export const START = '2027-01-04'
/** Approval ends: before wave 1 ends (already a violation), and within the first waves. */
const UNTIL = ['2027-01-12', '2027-01-31', '2027-02-14', '2027-03-31']

export interface Shape {
  maxSystems: number
  /** One in how many systems is retained, one in how many retired (0: never). */
  retainOneIn: number
  retireOneIn: number
  /** One in how many systems is test or dev (0: all prod). */
  nonProdOneIn: number
  groups: boolean
  /** One in how many systems is pinned (0: never). */
  pinOneIn: number
  /** One in how many flows is tight (0: never). */
  tightOneIn: number
  /** Approvals that end (they only matter with dates). */
  until: boolean
  /** One in how many inventories may have `after` edges that close a cycle (0: a DAG). */
  cycleOneIn: number
  /** One in how many pairs of zones has a link. */
  linkOneIn: number
  maxFlows: number
  /** One in how many systems has its own target_zone (any zone, its own included) (0: never). */
  targetOneIn: number
}

export const SMALL: Shape = {
  maxSystems: 5, retainOneIn: 10, retireOneIn: 8, nonProdOneIn: 6, groups: true, pinOneIn: 12,
  tightOneIn: 6, until: true, cycleOneIn: 10, linkOneIn: 2, maxFlows: 6, targetOneIn: 8,
}

/** Many sensitive flows between zones with partial links: pairs forced together or into one order. */
export const RULES: Shape = {
  maxSystems: 5, retainOneIn: 0, retireOneIn: 6, nonProdOneIn: 0, groups: false, pinOneIn: 0,
  tightOneIn: 0, until: false, cycleOneIn: 0, linkOneIn: 2, maxFlows: 7, targetOneIn: 5,
}

/** Dated plans with approvals that end, under tight capacity. */
export const DEADLINES: Shape = {
  maxSystems: 5, retainOneIn: 0, retireOneIn: 8, nonProdOneIn: 0, groups: false, pinOneIn: 0,
  tightOneIn: 10, until: true, cycleOneIn: 0, linkOneIn: 1, maxFlows: 4, targetOneIn: 0,
}

const oneIn = (n: number) => (n === 0 ? fc.constant(false) : fc.nat({max: n - 1}).map((x) => x === 0))
const sensitiveSet = fc.oneof({weight: 2, arbitrary: fc.constant(SENSITIVE)}, {weight: 3, arbitrary: fc.subarray(SENSITIVE)})

export function inventoryArb(shape: Shape = SMALL): fc.Arbitrary<Inventory> {
  return fc.integer({min: 1, max: 3}).chain((sources) =>
    fc.integer({min: 1, max: shape.maxSystems}).chain((n) => {
      const zones = sources + 1
      const pairs: [number, number][] = []
      for (let a = 0; a < zones; a++) for (let b = a + 1; b < zones; b++) pairs.push([a, b])
      return fc.record({
        zones: fc.array(fc.record({approved: sensitiveSet, until: shape.until ? fc.option(fc.constantFrom(...UNTIL), {freq: 2}) : fc.constant(null)}), {minLength: sources, maxLength: sources}),
        links: fc.tuple(...pairs.map(() => fc.record({on: oneIn(shape.linkOneIn), classes: sensitiveSet}))),
        systems: fc.array(
          fc.record({
            zone: fc.nat({max: sources}),
            classes: fc.oneof(fc.subarray(ALL), fc.subarray(SENSITIVE, {minLength: 1})),
            gb: fc.constantFrom(0, 10, 20, 50),
            criticality: fc.constantFrom<Criticality>('low', 'medium', 'high', 'critical'),
            retain: oneIn(shape.retainOneIn),
            retire: oneIn(shape.retireOneIn),
            nonProd: oneIn(shape.nonProdOneIn),
            env: fc.constantFrom<Environment>('test', 'dev'),
            group: shape.groups ? fc.constantFrom(undefined, undefined, undefined, 'g1', 'g2') : fc.constant(undefined),
            pinned: oneIn(shape.pinOneIn),
            pin: fc.integer({min: 1, max: 3}),
            after: fc.subarray(Array.from({length: n}, (_, i) => i), {maxLength: Math.min(2, n)}),
            ownTarget: oneIn(shape.targetOneIn),
            target: fc.nat({max: sources}),
          }),
          {minLength: n, maxLength: n},
        ),
        flows: fc.array(
          fc.record({source: fc.nat({max: n - 1}), target: fc.nat({max: n - 1}), classes: fc.oneof(fc.constant([] as DataClass[]), fc.subarray(ALL)), tight: oneIn(shape.tightOneIn)}),
          {maxLength: shape.maxFlows},
        ),
        cyclic: oneIn(shape.cycleOneIn),
      }).map((d) => build(sources, pairs, d))
    }),
  ).filter((inventory) => validateInventory(inventory).every((x) => x.severity !== 'error'))
}

interface Drawn {
  zones: {approved: DataClass[]; until: string | null}[]
  links: {on: boolean; classes: DataClass[]}[]
  systems: {
    zone: number; classes: DataClass[]; gb: number; criticality: Criticality; retain: boolean; retire: boolean
    nonProd: boolean; env: Environment; group: string | undefined; pinned: boolean; pin: number; after: number[]
    ownTarget: boolean; target: number
  }[]
  flows: {source: number; target: number; classes: DataClass[]; tight: boolean}[]
  cyclic: boolean
}

function build(sources: number, pairs: [number, number][], d: Drawn): Inventory {
  const zoneIds = ['tier3', ...Array.from({length: sources}, (_, i) => `z${i + 1}`)]
  const id = (i: number) => `s${i}`
  // After: only to lower indexes (a DAG), unless the inventory may be cyclic (then any other system).
  const after = (i: number, list: number[]) => list.filter((j) => j !== i && (d.cyclic || j < i)).map(id)
  const strategy = (s: Drawn['systems'][number]): Strategy => (s.retain ? 'retain' : s.retire ? 'retire' : 'rehost')
  return {
    name: 'random',
    zones: [
      {id: 'tier3', name: 'Tier-III', country: 'KZ', role: 'target', approvedClasses: [...SENSITIVE], extra: {}, line: 2},
      ...d.zones.map((z, i) => ({id: zoneIds[i + 1], name: zoneIds[i + 1], country: 'KZ', role: 'source' as const, approvedClasses: z.approved, ...(z.until ? {approvedUntil: z.until} : {}), extra: {}, line: i + 3})),
    ],
    links: pairs.flatMap(([a, b], i) => (d.links[i].on ? [{zoneA: zoneIds[a], zoneB: zoneIds[b], approvedClasses: d.links[i].classes}] : []))
      .map((l, i) => ({...l, extra: {}, line: i + 2})),
    systems: d.systems.map((s, i) => ({
      id: id(i), name: `System ${i}`, owner: `owner-${i % 2}`, zone: zoneIds[s.zone], classes: s.classes, storageGb: s.gb,
      criticality: s.criticality, strategy: strategy(s), after: after(i, s.after), environment: s.nonProd ? s.env : 'prod',
      ...(s.group ? {group: s.group} : {}), ...(s.pinned ? {wave: s.pin} : {}), ...(s.ownTarget ? {targetZone: zoneIds[s.target]} : {}), extra: {}, line: i + 2,
    })),
    flows: d.flows.filter((f) => f.source !== f.target).map((f, i) => ({
      id: `f${i}`, source: id(f.source), target: id(f.target), classes: f.classes, coupling: f.tight ? 'tight' as const : 'loose' as const, extra: {}, line: i + 2,
    })),
    datasets: [],
    waivers: [],
    extraColumns: {},
  }
}

export interface OptionShape {
  /** One in how many option sets has capacity limits (0: never). */
  capacityOneIn: number
  /** One in how many option sets has dates (0: never). */
  datesOneIn: number
}

export function optionsArb(shape: OptionShape): fc.Arbitrary<PlanOptionsRecord> {
  return fc.record({
    capacity: oneIn(shape.capacityOneIn),
    maxSystems: fc.option(fc.array(fc.integer({min: 1, max: 3}), {minLength: 1, maxLength: 3}), {freq: 4}),
    maxGb: fc.option(fc.array(fc.constantFrom(20, 50, 100), {minLength: 1, maxLength: 2}), {freq: 2}),
    dated: oneIn(shape.datesOneIn),
    waveDays: fc.constantFrom(7, 14),
    blackout: fc.boolean(),
  }).map((o) => ({
    ...(o.capacity && o.maxSystems ? {maxSystems: o.maxSystems} : {}),
    ...(o.capacity && o.maxGb ? {maxGb: o.maxGb} : {}),
    ...(o.dated ? {start: START, waveDays: o.waveDays, blackouts: o.blackout ? [{from: '2027-01-20', to: '2027-01-25'}] : []} : {}),
  }))
}
