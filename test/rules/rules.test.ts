/**
 * One group per rule (SPEC 4), on tiny hand-made inventories: the per-subject
 * masks the verifier compares bit by bit, and the findings a person reads
 * (rule, subject, classes, zone or link, state, file and line).
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {CLASS_BIT} from '../../src/graph/compile.js'
import {
  approvedIn, destination, destinationFinding, FOREVER, LegalBasisFinding, legalBasis, policyFindings, residency, residencyFinding, transit, transitFinding,
} from '../../src/rules/rules.js'
import {load} from './helpers.js'

const {personal, health, bank_secret: bankSecret, public: open, internal} = CLASS_BIT

const ZONES = `id,name,country,role,approved_classes,approved_until
room,Server room,KZ,source,personal,2027-03-31
tier3,Tier-III,KZ,target,personal;health;bank_secret,
clinic,Clinic server room,KZ,source,health,
cloud,Cloud region,DE,external,personal;bank_secret,
bare,Bare region,US,external,,
`

describe('R1 residency: every sensitive class a system holds is approved in its zone', () => {
  const systems = `id,name,owner,zone,classes
crm,CRM,Retail,room,personal
ledger,Ledger,Finance,room,personal;bank_secret
wiki,Wiki,IT,bare,public;internal
his,Hospital system,Clinic,clinic,health
lab,Lab system,Clinic,room,
`
  const flows = `id,source,target,classes
his-to-lab,his,lab,health
`

  it('masks the classes the zone does not approve, and nothing else', async () => {
    const t = await load({zones: ZONES, systems, flows})
    const {compiled: c, classification: k} = t
    expect(residency(c, k, t.system('crm'), t.zone('room'), '')).toBe(0)
    expect(residency(c, k, t.system('ledger'), t.zone('room'), '')).toBe(bankSecret)
    expect(residency(c, k, t.system('ledger'), t.zone('tier3'), '')).toBe(0)
    expect(residency(c, k, t.system('ledger'), t.zone('bare'), '')).toBe(personal | bankSecret)
    // public and internal may reside anywhere.
    expect(residency(c, k, t.system('wiki'), t.zone('bare'), '')).toBe(0)
    expect(k.effective[t.system('wiki')] & (open | internal)).toBe(open | internal)
  })

  it('health implies personal: a health record needs both, and a zone approved for health takes personal', async () => {
    const t = await load({zones: ZONES, systems, flows})
    const {compiled: c, classification: k} = t
    expect(residency(c, k, t.system('his'), t.zone('room'), '')).toBe(health)
    expect(residency(c, k, t.system('his'), t.zone('bare'), '')).toBe(health | personal)
    expect(residency(c, k, t.system('his'), t.zone('clinic'), '')).toBe(0)
    expect(residency(c, k, t.system('crm'), t.zone('clinic'), '')).toBe(0)
  })

  it('counts what a system receives: lab declares nothing but holds the health its inbound flow carries', async () => {
    const t = await load({zones: ZONES, systems, flows})
    expect(residency(t.compiled, t.classification, t.system('lab'), t.zone('room'), '')).toBe(health)
  })

  it('an approval ends after its day: on a later date the zone approves nothing', async () => {
    const t = await load({zones: ZONES, systems, flows})
    const {compiled: c, classification: k} = t
    expect(approvedIn(c, t.zone('room'), '2027-03-31')).toBe(personal)
    expect(approvedIn(c, t.zone('room'), '2027-04-01')).toBe(0)
    expect(approvedIn(c, t.zone('room'), '')).toBe(personal)
    expect(approvedIn(c, t.zone('tier3'), FOREVER)).toBe(personal | health | bankSecret)
    expect(residency(c, k, t.system('crm'), t.zone('room'), '2027-03-31')).toBe(0)
    expect(residency(c, k, t.system('crm'), t.zone('room'), '2027-04-01')).toBe(personal)
  })

  it('a finding names the system, its zone, the classes, the state, systems.csv and the line', async () => {
    const t = await load({zones: ZONES, systems, flows})
    const finding = residencyFinding(t.compiled, t.system('ledger'), t.zone('room'), bankSecret, 2)
    expect(finding.toJSON()).toEqual({
      rule: 'R1', subject: 'ledger', subjectKind: 'system', classes: ['bank_secret'], zone: 'room', state: 2,
      message: 'ledger holds bank_secret in zone room, which is not approved for it', file: 'systems.csv', line: 3,
    })
    const expired = residencyFinding(t.compiled, t.system('crm'), t.zone('room'), personal, 1)
    expect(expired.message).toBe('crm holds personal in zone room, whose approval for it ended on 2027-03-31')
    expect(expired.line).toBe(2)
  })
})

describe('R2 destination: every sensitive class a flow carries is approved in its target zone', () => {
  const systems = `id,name,owner,zone,classes
crm,CRM,Retail,room,personal;bank_secret
mail,Mail relay,Retail,room,internal
scoring,Scoring,Risk,tier3,
`
  const flows = `id,source,target,classes
crm-to-mail,crm,mail,
crm-to-scoring,crm,scoring,personal
status,mail,crm,internal
`

  it('masks the carried classes the target zone does not approve; a flow with no classes carries all its source holds', async () => {
    const t = await load({zones: ZONES, systems, flows})
    const {compiled: c, classification: k} = t
    expect(destination(c, k, t.flow('crm-to-mail'), t.zone('room'), '')).toBe(bankSecret)
    expect(destination(c, k, t.flow('crm-to-mail'), t.zone('tier3'), '')).toBe(0)
    expect(destination(c, k, t.flow('crm-to-scoring'), t.zone('room'), '')).toBe(0)
    expect(destination(c, k, t.flow('crm-to-scoring'), t.zone('bare'), '')).toBe(personal)
    // Not sensitive: never an R2.
    expect(destination(c, k, t.flow('status'), t.zone('bare'), '')).toBe(0)
  })

  it('follows the target zone approval end date', async () => {
    const t = await load({zones: ZONES, systems, flows})
    const {compiled: c, classification: k} = t
    expect(destination(c, k, t.flow('crm-to-scoring'), t.zone('room'), '2027-03-31')).toBe(0)
    expect(destination(c, k, t.flow('crm-to-scoring'), t.zone('room'), '2027-04-01')).toBe(personal)
  })

  it('a finding names the flow, both ends, the target zone, flows.csv and the line', async () => {
    const t = await load({zones: ZONES, systems, flows})
    const finding = destinationFinding(t.compiled, t.flow('crm-to-mail'), t.zone('room'), bankSecret, 0)
    expect(finding.toJSON()).toEqual({
      rule: 'R2', subject: 'crm-to-mail', subjectKind: 'flow', classes: ['bank_secret'], zone: 'room', state: 0,
      message: 'flow crm-to-mail (crm -> mail) delivers bank_secret into zone room, which is not approved for it', file: 'flows.csv', line: 2,
    })
  })
})

describe('R3 transit: a sensitive flow between two zones needs a link approving what it carries', () => {
  const systems = `id,name,owner,zone,classes
crm,CRM,Retail,room,personal;bank_secret
scoring,Scoring,Risk,tier3,
his,Hospital system,Clinic,clinic,health
wiki,Wiki,IT,room,internal
`
  const flows = `id,source,target,classes
crm-to-scoring,crm,scoring,
his-to-scoring,his,scoring,health
wiki-to-scoring,wiki,scoring,internal
`
  const links = `zone_a,zone_b,approved_classes
tier3,room,personal
clinic,tier3,health
`

  it('masks what the link (either direction) does not approve; none within one zone; none for non-sensitive flows', async () => {
    const t = await load({zones: ZONES, systems, flows, links})
    const {compiled: c, classification: k} = t
    expect(transit(c, k, t.flow('crm-to-scoring'), t.zone('room'), t.zone('tier3'))).toBe(bankSecret)
    expect(transit(c, k, t.flow('crm-to-scoring'), t.zone('tier3'), t.zone('room'))).toBe(bankSecret)
    expect(transit(c, k, t.flow('crm-to-scoring'), t.zone('room'), t.zone('room'))).toBe(0)
    expect(transit(c, k, t.flow('crm-to-scoring'), t.zone('room'), t.zone('cloud'))).toBe(personal | bankSecret)
    expect(transit(c, k, t.flow('wiki-to-scoring'), t.zone('room'), t.zone('bare'))).toBe(0)
  })

  it('a link approved for health also carries the personal data health implies', async () => {
    const t = await load({zones: ZONES, systems, flows, links})
    const {compiled: c, classification: k} = t
    expect(k.carried[t.flow('his-to-scoring')]).toBe(health | personal)
    expect(transit(c, k, t.flow('his-to-scoring'), t.zone('clinic'), t.zone('tier3'))).toBe(0)
    expect(transit(c, k, t.flow('his-to-scoring'), t.zone('clinic'), t.zone('room'))).toBe(health | personal)
  })

  it('a finding names the flow, the two zones source side first, flows.csv and the line', async () => {
    const t = await load({zones: ZONES, systems, flows, links})
    const finding = transitFinding(t.compiled, t.flow('crm-to-scoring'), t.zone('room'), t.zone('tier3'), bankSecret, 1)
    expect(finding.toJSON()).toEqual({
      rule: 'R3', subject: 'crm-to-scoring', subjectKind: 'flow', classes: ['bank_secret'], link: ['room', 'tier3'], state: 1,
      message: 'flow crm-to-scoring (crm -> scoring) carries bank_secret from zone room to zone tier3 with no link approved for it', file: 'flows.csv', line: 2,
    })
  })
})

describe('R4 legal basis: a sensitive flow between different owners needs a basis other than empty or none', () => {
  const systems = `id,name,owner,zone,classes
crm,CRM,Bank — Retail,tier3,personal
scoring,Scoring,Bureau,tier3,
archive,Archive,Bank — Retail,tier3,
wiki,Wiki,IT,tier3,internal
`
  const flows = `id,source,target,classes,purpose,legal_basis
no-basis,crm,scoring,personal,scoring,
basis-none,crm,scoring,personal,scoring,none
consented,crm,scoring,personal,scoring,consent
same-owner,crm,archive,personal,archiving,
not-sensitive,wiki,scoring,internal,status,
`

  it('masks the sensitive classes of a flow between owners with no basis, whatever the state', async () => {
    const t = await load({zones: ZONES, systems, flows})
    const {compiled: c, classification: k} = t
    expect(legalBasis(c, k, t.flow('no-basis'))).toBe(personal)
    expect(legalBasis(c, k, t.flow('basis-none'))).toBe(personal)
    expect(legalBasis(c, k, t.flow('consented'))).toBe(0)
    expect(legalBasis(c, k, t.flow('same-owner'))).toBe(0)
    expect(legalBasis(c, k, t.flow('not-sensitive'))).toBe(0)
  })

  it('findings name the flow, both owners, the basis found, flows.csv and the line, with no state', async () => {
    const t = await load({zones: ZONES, systems, flows})
    const r4 = policyFindings(t.compiled, t.classification).filter((f) => f.rule === 'R4')
    const expected = [
      {rule: 'R4', subject: 'no-basis', subjectKind: 'flow', classes: ['personal'], message: 'flow no-basis carries personal from Bank — Retail to Bureau with no legal basis (empty)', file: 'flows.csv', line: 2},
      {rule: 'R4', subject: 'basis-none', subjectKind: 'flow', classes: ['personal'], message: 'flow basis-none carries personal from Bank — Retail to Bureau with no legal basis (none)', file: 'flows.csv', line: 3},
    ]
    // As read (the message is made when asked for) and as JSON.stringify writes it.
    expect(r4.map(({rule, subject, subjectKind, classes, message, file, line}) => ({rule, subject, subjectKind, classes, message, file, line}))).toEqual(expected)
    expect(JSON.parse(JSON.stringify(r4))).toEqual(expected)
  })
})

describe('R0 zone policy: a zone outside Kazakhstan approved for sensitive data', () => {
  const systems = `id,name,owner,zone,classes
wiki,Wiki,IT,tier3,public
`

  it('reports a foreign zone approved for personal or bank-secret data, citing the law, zones.csv and the line', async () => {
    const t = await load({zones: ZONES, systems})
    const r0 = policyFindings(t.compiled, t.classification).filter((f) => f.rule === 'R0')
    expect(r0).toHaveLength(1)
    expect(r0[0]).toMatchObject({rule: 'R0', subject: 'cloud', subjectKind: 'zone', classes: ['personal', 'bank_secret'], zone: 'cloud', file: 'zones.csv', line: 5})
    expect(r0[0].message).toContain('outside Kazakhstan (DE)')
    expect(r0[0].message).toContain('Law No. 94-V, art. 12 p. 2')
    expect(r0[0].state).toBeUndefined()
  })

  it('a foreign zone approved for nothing sensitive, and Kazakh zones, are not reported', async () => {
    const zones = `id,name,country,role,approved_classes
tier3,Tier-III,KZ,target,personal;health;bank_secret
docs,Docs region,US,external,public;internal
`
    const t = await load({zones, systems})
    expect(policyFindings(t.compiled, t.classification).filter((f) => f.rule === 'R0')).toEqual([])
  })

  it('a foreign zone approved only for health is reported for health and the personal it implies', async () => {
    const zones = `id,name,country,role,approved_classes
tier3,Tier-III,KZ,target,personal;health;bank_secret
med-cloud,Medical cloud,NL,external,health
`
    const t = await load({zones, systems})
    const r0 = policyFindings(t.compiled, t.classification).filter((f) => f.rule === 'R0')
    expect(r0.map((f) => [f.subject, f.classes, f.line])).toEqual([['med-cloud', ['personal', 'health'], 3]])
  })
})
