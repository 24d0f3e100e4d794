/**
 * verifyPlan on hand-made inventories: each plan condition by name with the
 * row it points at, and the state walk (violations present today and the
 * wave that removes each, violations a wave adds, approvals that end between
 * two states, retired systems whose flows stop, the final state).
 */
import {describe, expect, it} from 'vitest'

import {verifyPlan, type PlanAssignment} from '../../src/verify/verify.js'
import {load} from '../rules/helpers.js'

const ZONES = `id,name,country,role,approved_classes,approved_until
room,Server room,KZ,source,personal,2027-01-31
tier3,Tier-III,KZ,target,personal;health;bank_secret,
`

async function check(csv: {systems: string; flows?: string; links?: string; zones?: string}, plan: PlanAssignment) {
  const t = await load({zones: csv.zones ?? ZONES, systems: csv.systems, ...(csv.flows ? {flows: csv.flows} : {}), ...(csv.links ? {links: csv.links} : {})})
  return verifyPlan(t.compiled, t.classification, plan)
}

describe('plan conditions', () => {
  const systems = `id,name,owner,zone,classes,storage_gb,strategy,after,wave,group,environment
a,A,o,room,public,10,,,,,prod
b,B,o,room,public,20,,a,,,prod
c,C,o,room,public,30,,,3,,prod
d,D,o,room,public,0,retain,,,,prod
e,E,o,room,public,5,,,,g,prod
f,F,o,room,public,5,,,,g,prod
t,T,o,room,public,5,,,,g,test
`
  const flows = `id,source,target,classes,coupling
ab,a,b,public,loose
ce,c,e,public,tight
`
  const valid = [['t'], ['a'], ['b', 'c', 'e', 'f']]

  it('a plan that keeps every condition has none', async () => {
    const v = await check({systems, flows}, {waves: valid})
    expect(v.conditions).toEqual([])
    expect(v.valid).toBe(true)
  })

  const cases: [string, string[][], PlanAssignment['maxSystems'], PlanAssignment['maxGb'], string, string, number][] = [
    ['unassigned', [['t'], ['a'], ['b', 'c', 'e']], undefined, undefined, 'f', 'f migrates but is in no wave', 7],
    ['duplicate', [['t'], ['a'], ['b', 'c', 'e', 'f', 'a']], undefined, undefined, 'a', 'a is in wave 2 and again in wave 3', 2],
    ['retained-in-wave', [['t'], ['a', 'd'], ['b', 'c', 'e', 'f']], undefined, undefined, 'd', 'd is retained (strategy retain) but placed in wave 2', 5],
    ['unknown-system', [['t', 'zz'], ['a'], ['b', 'c', 'e', 'f']], undefined, undefined, 'zz', 'wave 1 names zz, which the inventory does not have', 0],
    ['after', [['t'], ['a', 'b'], ['c', 'e', 'f']], undefined, undefined, 'b', 'b (wave 2) must move after a (wave 2)', 3],
    ['pin', [['t'], ['a', 'c', 'e', 'f'], ['b']], undefined, undefined, 'c', 'c is pinned to wave 3 but is in wave 2', 4],
    ['tight', [['t'], ['a'], ['b', 'c', 'f'], ['e']], undefined, undefined, 'ce', 'flow ce couples c (wave 3) and e (wave 4) tightly; they must share a wave', 3],
    ['capacity-systems', valid, [2, 3], undefined, 'wave 3', 'wave 3 moves 4 systems, more than its capacity of 3', 0],
    ['capacity-gb', valid, undefined, [100, 50], 'wave 3', 'wave 3 moves 60 GB, more than its capacity of 50 GB', 0],
  ]
  for (const [condition, waves, maxSystems, maxGb, subject, message, line] of cases) {
    it(`${condition}: named, with its subject, message and line`, async () => {
      const v = await check({systems, flows}, {waves, maxSystems, maxGb})
      expect(v.valid).toBe(false)
      expect(v.conditions.filter((c) => c.condition === condition)).toContainEqual(expect.objectContaining({condition, subject, message, line}))
    })
  }

  it('group: systems of one group and environment share a wave', async () => {
    const v = await check({systems, flows}, {waves: [['t'], ['a', 'f'], ['b', 'c', 'e']]})
    expect(v.conditions.filter((c) => c.condition === 'group')).toEqual([
      expect.objectContaining({subject: 'f', message: 'f (wave 2) and e (wave 3) share group g but not a wave', line: 7}),
    ])
  })

  it('environment: a wave never mixes prod and non-prod, and a group moves its non-prod first', async () => {
    const mixed = await check({systems, flows}, {waves: [['t', 'a'], ['b'], ['c', 'e', 'f']]})
    expect(mixed.conditions.map((c) => c.message)).toEqual(['wave 1 mixes prod and non-prod systems'])
    const late = await check({systems, flows}, {waves: [['a'], ['b'], ['c', 'e', 'f'], ['t']]})
    expect(late.conditions.map((c) => [c.condition, c.subject, c.message])).toEqual([['environment', 't', 't (test, wave 4) must move before the prod systems of group g (e is in wave 3)']])
  })

  it('a ramped capacity list repeats its last value', async () => {
    const v = await check({systems, flows}, {waves: valid, maxSystems: [1, 1, 4], maxGb: [10, 10, 60]})
    expect(v.conditions).toEqual([])
  })
})

describe('the state walk', () => {
  const zones = `id,name,country,role,approved_classes,approved_until
room,Server room,KZ,source,personal,2027-01-31
fax,Fax room,KZ,source,,
tier3,Tier-III,KZ,target,personal;health;bank_secret,
`
  const links = `zone_a,zone_b,approved_classes
room,tier3,personal
`
  const systems = `id,name,owner,zone,classes,strategy
crm,CRM,o,room,personal,
fax-gw,Fax gateway,o,fax,personal,retire
queue,Queue,o,room,,
`
  const flows = `id,source,target,classes
crm-to-fax,crm,fax-gw,personal
crm-to-queue,crm,queue,personal
`

  it('reports what S0 has and the wave that removes each; a retired system holds nothing and its flows stop', async () => {
    const v = await check({zones, links, systems, flows}, {waves: [['fax-gw'], ['crm', 'queue']]})
    expect(v.valid).toBe(true)
    expect(v.present.map((p) => [p.rule, p.subject, p.classes, p.removedInWave])).toEqual([
      ['R1', 'fax-gw', ['personal'], 1],
      ['R2', 'crm-to-fax', ['personal'], 1],
      ['R3', 'crm-to-fax', ['personal'], 1],
    ])
    expect(v.states.map((s) => [s.state, s.violations, s.introduced, s.removed])).toEqual([[0, 3, 0, 0], [1, 0, 0, 3], [2, 0, 0, 0]])
  })

  it('a violation a wave adds is reported with its state; the same subject changing zone is the same violation', async () => {
    // crm moves first: crm-to-queue now crosses tier3 -> room, and the link approves personal, so it adds nothing;
    // crm-to-fax still delivers personal into fax (present since S0: not new), but now tier3 -> fax has no link: R3 is not new either.
    const v = await check({zones, links, systems, flows}, {waves: [['crm'], ['fax-gw', 'queue']]})
    expect(v.introduced).toEqual([])
    expect(v.present.find((p) => p.rule === 'R3')!.removedInWave).toBe(2)
    // Without the room-tier3 link, moving crm before queue adds an R3 on crm-to-queue in state 1.
    const cut = await check({zones, links: 'zone_a,zone_b,approved_classes\n', systems, flows}, {waves: [['crm'], ['fax-gw', 'queue']]})
    expect(cut.introduced.map((f) => [f.rule, f.subject, f.classes, f.state, f.file, f.line])).toEqual([['R3', 'crm-to-queue', ['personal'], 1, 'flows.csv', 3]])
    expect(cut.valid).toBe(false)
  })

  it('dated: an approval that ends while a system is still in the zone adds a violation in the state that outlives it', async () => {
    const dates = [{start: '2027-01-04', end: '2027-01-17'}, {start: '2027-01-18', end: '2027-01-31'}, {start: '2027-02-01', end: '2027-02-14'}]
    // crm in wave 3: S1 lasts until wave 2 ends (01-31, still approved), S2 until wave 3 ends (02-14, not).
    const late = await check({zones, links, systems, flows}, {waves: [['fax-gw'], ['queue'], ['crm']], dates})
    expect(late.states.map((s) => s.until)).toEqual(['2027-01-17', '2027-01-31', '2027-02-14', '9999-12-31'])
    expect(late.introduced.map((f) => [f.rule, f.subject, f.state])).toEqual([['R1', 'crm', 2]])
    expect(late.introduced[0].message).toBe('crm holds personal in zone room, whose approval for it ended on 2027-01-31')
    const inTime = await check({zones, links, systems, flows}, {waves: [['fax-gw'], ['crm', 'queue']], dates})
    expect(inTime.valid).toBe(true)
  })

  it('the final state must have none: a violation no wave removes is reported there', async () => {
    const stuck = `id,name,owner,zone,classes,strategy
crm,CRM,o,room,personal,retain
fax-gw,Fax gateway,o,fax,personal,retire
queue,Queue,o,room,,
`
    const v = await check({zones, links, systems: stuck, flows}, {waves: [['fax-gw', 'queue']], dates: [{start: '2027-01-04', end: '2027-01-17'}]})
    expect(v.final.map((f) => [f.rule, f.subject])).toEqual([['R1', 'crm']])
    expect(v.valid).toBe(false)
  })
})
