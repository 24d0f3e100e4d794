/**
 * The planner on hand-made inventories: move units and the pairs the rules
 * force together or into one order, infeasibility in its smallest terms,
 * deadlines, capacity, environments, the calendar, the lower bound, and the
 * reasons a system is in its wave. Several cases are regressions for bugs the
 * property tests found (named in the test).
 */
import {describe, expect, it} from 'vitest'

import {Calendar, addDays} from '../../src/plan/calendar.js'
import {formatInfeasibility} from '../../src/plan/explain.js'
import {planWaves, rotateCycle, type PlanOptions} from '../../src/plan/plan.js'
import {buildUnits} from '../../src/plan/units.js'
import {verifyPlan} from '../../src/verify/verify.js'
import {load, type Loaded} from '../rules/helpers.js'

const ZONES = `id,name,country,role,approved_classes,approved_until
a,Zone A,KZ,source,personal,
b,Zone B,KZ,source,personal,
tier3,Tier-III,KZ,target,personal;health;bank_secret,
`

async function plan(csv: {systems: string; flows?: string; links?: string; zones?: string}, options: PlanOptions = {}) {
  const t = await load({zones: csv.zones ?? ZONES, systems: csv.systems, ...(csv.flows ? {flows: csv.flows} : {}), ...(csv.links ? {links: csv.links} : {})})
  const result = planWaves(t.compiled, t.classification, options)
  const verification = verifyPlan(t.compiled, t.classification, {
    waves: result.waves.map((w) => w.systems), dates: options.calendar ? result.waves.map((w) => w.dates!) : undefined, maxSystems: options.maxSystems, maxGb: options.maxGb,
  })
  return {t, result, verification, waves: result.waves.map((w) => w.systems)}
}

const unitOf = (t: Loaded, id: string) => buildUnits(t.compiled, t.classification).unitOf[t.system(id)]

describe('pairs the rules force', () => {
  const systems = `id,name,owner,zone,classes,after
w,W,o,a,public,
x,X,o,a,personal,
y,Y,o,b,personal,w
`
  const flows = `id,source,target,classes
fxy,x,y,personal
`

  it('together, when either order of moving them would expose the flow', async () => {
    const t = await load({zones: ZONES, systems, flows, links: 'zone_a,zone_b,approved_classes\na,b,personal\n'})
    expect(unitOf(t, 'x')).toBe(unitOf(t, 'y'))
    const units = buildUnits(t.compiled, t.classification)
    expect(units.ties.get(t.system('y'))).toEqual({kind: 'rules', flow: t.flow('fxy')})
  })

  it('into one order, when only that order is clean: y not after x', async () => {
    const t = await load({zones: ZONES, systems, flows, links: 'zone_a,zone_b,approved_classes\na,b,personal\na,tier3,personal\n'})
    const units = buildUnits(t.compiled, t.classification)
    expect(unitOf(t, 'x')).not.toBe(unitOf(t, 'y'))
    expect(units.edges).toContainEqual({from: unitOf(t, 'y'), to: unitOf(t, 'x'), weight: 0, why: {kind: 'rules', flow: t.flow('fxy'), first: t.system('y'), second: t.system('x')}})
  })

  it('not at all when both orders are clean', async () => {
    const t = await load({zones: ZONES, systems, flows, links: 'zone_a,zone_b,approved_classes\na,b,personal\na,tier3,personal\nb,tier3,personal\n'})
    const units = buildUnits(t.compiled, t.classification)
    expect(units.edges.filter((e) => e.why.kind === 'rules')).toEqual([])
    expect(unitOf(t, 'x')).not.toBe(unitOf(t, 'y'))
  })

  it('a retired end first is always clean: its flows stop with it', async () => {
    const retire = `id,name,owner,zone,classes,after,strategy
w,W,o,a,public,,
x,X,o,a,personal,,retire
y,Y,o,b,personal,w,
`
    const t = await load({zones: ZONES, systems: retire, flows, links: 'zone_a,zone_b,approved_classes\na,b,personal\n'})
    const units = buildUnits(t.compiled, t.classification)
    // y first exposes the flow (a -> tier3 has no link); x retired first stops it: x not after y... x before or with y.
    expect(units.edges).toContainEqual(expect.objectContaining({from: unitOf(t, 'x'), to: unitOf(t, 'y'), weight: 0}))
  })

  it('regression: an R3 class that takes the place of an R2 class of today is new (the two rules are not pooled)', async () => {
    // Today fxy delivers personal into B, which is not approved (R2), over an approved A-B link.
    // Moving x first: still R2, and now T-B has no link: a new R3. Moving y first: clean.
    const zones = `id,name,country,role,approved_classes
a,Zone A,KZ,source,personal
b,Zone B,KZ,source,
tier3,Tier-III,KZ,target,personal
`
    const {result, verification, waves} = await plan({zones, systems, flows, links: 'zone_a,zone_b,approved_classes\na,b,personal\na,tier3,personal\n'})
    expect(result.feasible).toBe(true)
    expect(verification.valid).toBe(true)
    expect(waves).toEqual([['w'], ['x', 'y']])
    expect(result.reasons.get('x')![0]).toEqual({code: 'order', flow: 'fxy', system: 'y', wave: 2})
  })
})

describe('infeasible, in the smallest terms', () => {
  it('an after cycle, rotated to its smallest id, one system per line', async () => {
    const systems = `id,name,owner,zone,classes,after
zeta,Z,o,a,public,mid
mid,M,o,a,public,alpha
alpha,A,o,a,public,zeta
free,F,o,a,public,zeta
`
    const {result} = await plan({systems})
    expect(result.feasible).toBe(false)
    expect(result.infeasible).toHaveLength(1)
    expect(result.infeasible[0]).toMatchObject({kind: 'after-cycle', systems: ['alpha', 'mid', 'zeta'], file: 'systems.csv', line: 4})
    expect(formatInfeasibility(result.infeasible[0])).toBe('systems.csv:4: after-cycle: these systems must each move before the next, in a cycle:\n  alpha\n  mid\n  zeta\n  alpha')
    expect(rotateCycle(['m', 'z', 'b', 'k'])).toEqual(['b', 'k', 'm', 'z'])
  })

  it('regression: an after between two tightly coupled systems is a cycle, not a plan the verifier rejects', async () => {
    const systems = `id,name,owner,zone,classes,after
api,API,o,a,public,db
db,DB,o,a,public,
`
    const {result} = await plan({systems, flows: 'id,source,target,classes,coupling\napi-db,api,db,public,tight\n'})
    expect(result.feasible).toBe(false)
    expect(result.infeasible[0].kind).toBe('after-cycle')
    expect(result.infeasible[0].systems).toEqual(['api', 'db'])
    expect(result.infeasible[0].message).toContain('api and db share a wave: flow api-db couples them tightly')
  })

  it('regression: an after inside a group is a cycle too', async () => {
    const systems = `id,name,owner,zone,classes,after,group
web,Web,o,a,public,,shop
cart,Cart,o,a,public,web,shop
`
    const {result} = await plan({systems})
    expect(result.infeasible.map((i) => [i.kind, i.systems])).toEqual([['after-cycle', ['cart', 'web']]])
    expect(result.infeasible[0].message).toContain('share a wave: group shop')
  })

  it('a tight group larger than every wave', async () => {
    const systems = `id,name,owner,zone,classes
core,Core,o,a,public
db,DB,o,a,public
cache,Cache,o,a,public
`
    const {result} = await plan({systems, flows: 'id,source,target,classes,coupling\nf1,core,db,public,tight\nf2,core,cache,public,tight\n'}, {maxSystems: [2]})
    expect(result.infeasible.map((i) => [i.kind, i.systems, i.message])).toEqual([['unit-too-large', ['cache', 'core', 'db'], "these systems must move in one wave but hold 3 systems, more than a wave's 2"]])
  })

  it('regression: a unit that fits no single wave (2,1 systems and 20,50 GB) is reported, not looped on', async () => {
    const systems = `id,name,owner,zone,classes,storage_gb,group
p,P,o,a,public,15,g
q,Q,o,a,public,15,g
`
    const {result} = await plan({systems}, {maxSystems: [2, 1], maxGb: [20, 50]})
    expect(result.infeasible.map((i) => i.kind)).toEqual(['unit-too-large'])
    expect(result.infeasible[0].message).toContain('no wave takes both')
  })

  it('regression: a capacity list that shrinks (50,20 GB) makes a big system due early; missing that is reported, not looped on', async () => {
    const systems = `id,name,owner,zone,classes,storage_gb,wave
pilot,Pilot,o,a,public,10,1
big,Big,o,a,public,50,
`
    const {result} = await plan({systems}, {maxGb: [50, 20]})
    expect(result.feasible).toBe(false)
    // big is due in wave 1 (later waves are too small for it), and so is the pinned pilot: wave 1 cannot take both.
    expect(result.infeasible.map((i) => [i.kind, i.systems, i.message])).toEqual([
      ['pin-conflict', ['big', 'pilot'], '2 system(s) must move by wave 1 (later waves too small for them; pinned systems): 60 GB, but waves 1..1 take at most 50 GB'],
    ])
    // Without the pin, big goes first and the plan exists.
    const free = await plan({systems: systems.replace('10,1', '10,')}, {maxGb: [50, 20]})
    expect(free.waves).toEqual([['big'], ['pilot']])
    expect(free.verification.valid).toBe(true)
  })

  it('a retained system tightly coupled to one that leaves its zone', async () => {
    const systems = `id,name,owner,zone,classes,strategy
hsm,HSM,o,a,internal,retain
cards,Cards,o,a,personal,rehost
`
    const {result} = await plan({systems, flows: 'id,source,target,classes,coupling\nc-h,cards,hsm,internal,tight\n'})
    expect(result.infeasible.map((i) => [i.kind, i.systems, i.file, i.line])).toEqual([['retained-must-move', ['hsm', 'cards'], 'flows.csv', 2]])
  })

  it('a retained system a flow would strand across zones with no link', async () => {
    const systems = `id,name,owner,zone,classes,strategy
archive,Archive,o,a,personal,retain
crm,CRM,o,a,personal,rehost
`
    const {result} = await plan({systems, flows: 'id,source,target,classes\ncrm-archive,crm,archive,personal\n'})
    expect(result.infeasible.map((i) => [i.kind, i.systems])).toEqual([['retained-must-move', ['archive', 'crm']]])
    expect(result.infeasible[0].message).toBe('archive is retained in zone a, but crm moves to zone tier3, and then flow crm-archive (crm -> archive) carries personal from zone tier3 to zone a with no link approved for it: archive would have to move too')
  })

  it('a retained system that violates forever: its zone approval ends (dated plans only)', async () => {
    const zones = ZONES.replace('a,Zone A,KZ,source,personal,', 'a,Zone A,KZ,source,personal,2027-06-30')
    const systems = `id,name,owner,zone,classes,strategy
mainframe,Mainframe,o,a,personal,retain
`
    const undated = await plan({zones, systems})
    expect(undated.result.feasible).toBe(true)
    const dated = await plan({zones, systems}, {calendar: {start: '2027-01-04', waveDays: 14, blackouts: []}})
    expect(dated.result.infeasible.map((i) => [i.kind, i.systems, i.message])).toEqual([
      ['final-violation', ['mainframe'], 'retained system mainframe holds personal in zone a, whose approval for it ended on 2027-06-30, even after every wave'],
    ])
  })

  it('pins: two systems that move together pinned apart; a pin earlier than what must move before it', async () => {
    const together = await plan({systems: 'id,name,owner,zone,classes,wave,group\np,P,o,a,public,1,g\nq,Q,o,a,public,2,g\n'})
    expect(together.result.infeasible.map((i) => i.kind)).toEqual(['pin-conflict'])
    const early = await plan({systems: 'id,name,owner,zone,classes,wave,after\np,P,o,a,public,,\nq,Q,o,a,public,1,p\n'})
    expect(early.result.infeasible.map((i) => [i.kind, i.message])).toEqual([['pin-too-early', 'q is pinned to wave 1, but what must move before it needs 1 earlier wave(s)']])
  })
})

describe('deadlines: a system leaves a zone before its approval ends', () => {
  // Waves of 14 days from 2027-01-04, with a blackout: 01-04..01-17, 01-26..02-08, 02-09..02-22, 02-23..03-08.
  const calendar = {start: '2027-01-04', waveDays: 14, blackouts: [{from: '2027-01-20', to: '2027-01-25'}]}
  const zones = `id,name,country,role,approved_classes,approved_until
legacy,Legacy room,KZ,source,personal,2027-02-10
office,Office,KZ,source,,
tier3,Tier-III,KZ,target,personal;health;bank_secret,
`
  const links = 'zone_a,zone_b,approved_classes\nlegacy,tier3,personal\n'

  it('moves the system, and what it waits for, early enough under capacity', async () => {
    const systems = `id,name,owner,zone,classes,after
a1,A1,o,office,public,
a2,A2,o,office,public,a1
a3,A3,o,office,public,a2
b1,B1,o,office,public,
c1,C1,o,office,public,
ledger,Ledger,o,legacy,personal,c1
`
    const {result, verification, waves} = await plan({zones, links, systems}, {maxSystems: [2], calendar})
    expect(verification.valid).toBe(true)
    const waveOf = (id: string) => waves.findIndex((w) => w.includes(id)) + 1
    expect(waveOf('c1')).toBe(1)
    expect(waveOf('ledger')).toBe(2)
    expect(result.reasons.get('ledger')).toContainEqual({code: 'deadline', zone: 'legacy', date: '2027-02-10'})
  })

  it('a deadline no order meets is reported once, at the system whose zone it is, with the chain one per line', async () => {
    const systems = `id,name,owner,zone,classes,after
c0,C0,o,office,public,
c1,C1,o,office,public,c0
c2,C2,o,office,public,c1
ledger,Ledger,o,legacy,personal,c2
`
    const {result} = await plan({zones, links, systems}, {calendar})
    expect(result.infeasible).toHaveLength(1)
    expect(formatInfeasibility(result.infeasible[0])).toBe('systems.csv:5: deadline: ledger must move by wave 2 (the approval of zone legacy ends 2027-02-10), but what must move before it needs until wave 4\n  c0\n  c1\n  c2\n  ledger')
  })

  it('regression: a system pinned past its approval end is reported (it was placed on its pin, a plan the verifier rejects)', async () => {
    const {result} = await plan({zones, links, systems: 'id,name,owner,zone,classes,wave\nledger,Ledger,o,legacy,personal,4\n'}, {calendar})
    expect(result.infeasible.map((i) => [i.kind, i.message])).toEqual([['deadline', 'ledger must move by wave 2 (the approval of zone legacy ends 2027-02-10), but it is pinned to wave 4']])
  })

  it('more systems due by a wave than the waves up to it can take: said in those terms, before any scheduling', async () => {
    const systems = `id,name,owner,zone,classes
l1,L1,o,legacy,personal
l2,L2,o,legacy,personal
l3,L3,o,legacy,personal
`
    const {result} = await plan({zones, links, systems}, {maxSystems: [1], calendar})
    expect(result.feasible).toBe(false)
    expect(result.infeasible.map((i) => [i.kind, i.systems, i.message])).toEqual([
      ['deadline', ['l1', 'l2', 'l3'], '3 system(s) must move by wave 2 (the approval of zone legacy ends 2027-02-10): 3 systems, but waves 1..2 take at most 2'],
    ])
  })

  it('regression: an approval that ends after the last wave any plan needs is no deadline', async () => {
    const far = zones.replace('2027-02-10', '2027-03-31')
    const {result, verification} = await plan({zones: far, links: 'zone_a,zone_b,approved_classes\n', systems: 'id,name,owner,zone,classes\np,P,o,legacy,personal\nq,Q,o,legacy,personal\n', flows: 'id,source,target,classes\npq,p,q,personal\nqp,q,p,personal\n'}, {maxSystems: [1, 1, 2], calendar: {start: '2027-01-04', waveDays: 7, blackouts: []}})
    expect(result.feasible).toBe(true)
    expect(verification.valid).toBe(true)
    expect(result.waves.map((w) => w.systems)).toEqual([[], [], ['p', 'q']])
  })

  it('regression: when greedy filling misses, a search finds the packing that meets every deadline', async () => {
    // Four systems due by wave 2, two per wave, 20 GB per wave: only {10, 10} + {0, 20} fits,
    // and the greedy order (less critical first) packs 0 + 10 first.
    const systems = `id,name,owner,zone,classes,storage_gb,criticality
s0,S0,o,legacy,personal,0,low
s1,S1,o,legacy,personal,10,low
s2,S2,o,legacy,personal,10,critical
s3,S3,o,legacy,personal,20,medium
`
    const {result, verification, waves} = await plan({zones, links, systems}, {maxSystems: [2], maxGb: [20], calendar})
    expect(result.feasible).toBe(true)
    expect(verification.valid).toBe(true)
    expect(waves.map((w) => w.length)).toEqual([2, 2])
  })
})

describe('environments: prod and non-prod never share a wave', () => {
  it('a group moves its non-prod first; the rest fills the waves of its environment', async () => {
    const systems = `id,name,owner,zone,classes,group,environment
crm,CRM,o,a,personal,crm,prod
crm-test,CRM test,o,a,internal,crm,test
sandbox,Sandbox,o,a,public,,dev
wiki,Wiki,o,a,public,,prod
`
    const {result, waves, verification} = await plan({systems})
    expect(verification.valid).toBe(true)
    expect(waves).toEqual([['crm-test', 'sandbox'], ['crm', 'wiki']])
    expect(result.lowerBound).toBe(2)
  })

  it('regression: the environment of a wave follows the longest chain, not a present violation (2 waves, not 3)', async () => {
    const zones = ZONES.replace('b,Zone B,KZ,source,personal,', 'b,Zone B,KZ,source,,')
    const systems = `id,name,owner,zone,classes,environment,after
t,T,o,a,public,test,
p,P,o,b,personal,prod,
q,Q,o,a,public,prod,t
`
    const {waves, result} = await plan({zones, systems})
    expect(waves).toEqual([['t'], ['p', 'q']])
    expect(result.lowerBound).toBe(2)
  })

  it('regression: a pin that fixes a later wave to prod leaves the earlier one to non-prod (2 waves, not 3)', async () => {
    const systems = `id,name,owner,zone,classes,environment,wave,criticality
pinned,Pinned,o,a,public,prod,2,low
dev,Dev,o,a,public,dev,,critical
free,Free,o,a,public,prod,,low
`
    const {waves} = await plan({systems})
    expect(waves).toEqual([['dev'], ['free', 'pinned']])
  })
})

describe('the wave calendar', () => {
  it('waves follow each other, never overlap a blackout, and know which ends by a date', () => {
    const calendar = new Calendar({start: '2027-01-04', waveDays: 14, blackouts: [{from: '2027-01-20', to: '2027-01-25'}, {from: '2027-02-20', to: '2027-02-20'}]})
    expect(calendar.dates(4)).toEqual([
      {start: '2027-01-04', end: '2027-01-17'},
      {start: '2027-01-26', end: '2027-02-08'},
      {start: '2027-02-21', end: '2027-03-06'},
      {start: '2027-03-07', end: '2027-03-20'},
    ])
    expect(calendar.lastWaveEndingBy('2027-01-16', 10)).toBe(0)
    expect(calendar.lastWaveEndingBy('2027-02-08', 10)).toBe(2)
    expect(calendar.lastWaveEndingBy('2027-12-31', 3)).toBe(3)
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
  })
})

describe('the lower bound', () => {
  const many = ['id,name,owner,zone,classes,storage_gb', ...Array.from({length: 7}, (_, i) => `s${i},S${i},o,a,public,10`)].join('\n') + '\n'

  it('the longest chain without capacity, and equal to the count', async () => {
    const {result} = await plan({systems: 'id,name,owner,zone,classes,after\na,A,o,a,public,\nb,B,o,a,public,a\nc,C,o,a,public,b\nd,D,o,a,public,\n'})
    expect(result.lowerBound).toBe(3)
    expect(result.waves).toHaveLength(3)
  })

  it('what the capacities allow: 7 systems at 2 per wave need 4; ramped 1,2,4 need 3; 70 GB at 30 GB need 3', async () => {
    expect((await plan({systems: many}, {maxSystems: [2]})).result.lowerBound).toBe(4)
    const ramped = await plan({systems: many}, {maxSystems: [1, 2, 4]})
    expect(ramped.result.lowerBound).toBe(3)
    expect(ramped.waves.map((w) => w.length)).toEqual([1, 2, 4])
    expect((await plan({systems: many}, {maxGb: [30]})).result.lowerBound).toBe(3)
  })
})

describe('reasons', () => {
  it('the precedence that sets a unit wave goes to the system that waits; the others move with it', async () => {
    const systems = `id,name,owner,zone,classes,after
w,W,o,a,public,
x,X,o,a,personal,
y,Y,o,b,personal,w
`
    const {result} = await plan({systems, flows: 'id,source,target,classes\nfxy,x,y,personal\n', links: 'zone_a,zone_b,approved_classes\na,b,personal\n'})
    expect(result.reasons.get('y')).toEqual([{code: 'after', system: 'w', wave: 1}, {code: 'together', flow: 'fxy', system: 'x'}])
    expect(result.reasons.get('x')).toEqual([{code: 'together', flow: 'fxy', system: 'y'}])
    expect(result.reasons.get('w')).toEqual([{code: 'ready'}])
  })
})

describe('infeasibility as terminal text', () => {
  it('one system per line, a long list cut after 20 (plan.json keeps it whole)', () => {
    const systems = Array.from({length: 25}, (_, i) => `s${String(i).padStart(2, '0')}`)
    const text = formatInfeasibility({kind: 'deadline', systems, message: '25 system(s) must move by wave 2', file: 'systems.csv', line: 7}, 'inv')
    const lines = text.split('\n')
    expect(lines[0]).toBe('inv/systems.csv:7: deadline: 25 system(s) must move by wave 2')
    expect(lines.slice(1, 3)).toEqual(['  s00', '  s01'])
    expect(lines).toHaveLength(22)
    expect(lines[21]).toBe('  ... and 5 more')
  })
})
