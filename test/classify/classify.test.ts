/**
 * Effective classes (SPEC section 3): declared, datasets, inbound and outbound
 * flows, closed under implication, with a fixpoint over flows that leave
 * `classes` empty; and the provenance chain `kosh classify --explain` prints.
 */
import {describe, expect, it} from 'vitest'

import {explainClass} from '../../src/classify/classify.js'
import {classifyCsv, flowsCsv, systemsCsv} from './helpers.js'

describe('declared classes', () => {
  it('a system holds what it declares, and nothing else without flows', async () => {
    const k = await classifyCsv({systems: systemsCsv('a:personal;bank_secret', 'b:public', 'c:')})
    expect(k.classes('a')).toEqual(['personal', 'bank_secret'])
    expect(k.classes('b')).toEqual(['public'])
    expect(k.classes('c')).toEqual([])
  })

  it('a declared class explains itself in one step', async () => {
    const k = await classifyCsv({systems: systemsCsv('a:internal')})
    expect(k.explain('a', 'internal')).toBe('a holds internal <- systems.csv:2 a declares internal')
  })

  it('a class the system does not hold has no explanation', async () => {
    const k = await classifyCsv({systems: systemsCsv('a:internal')})
    expect(k.explain('a', 'health')).toBe('')
    expect(explainClass(k.compiled, k.classification, 0, 'health')).toEqual([])
  })
})

describe('unknown systems are gaps', () => {
  it('a system with no class declared and none inferred has an empty mask', async () => {
    const k = await classifyCsv({systems: systemsCsv('a:', 'b:public'), flows: flowsCsv('a>b')})
    // a sends b an empty-class flow: it carries what a holds, which is nothing.
    expect(k.classes('a')).toEqual([])
    expect(k.classes('b')).toEqual(['public'])
    expect(k.carried('f1')).toEqual([])
  })

  it('a cycle of empty-class flows among unknown systems stays unknown', async () => {
    const k = await classifyCsv({systems: systemsCsv('a:', 'b:', 'c:'), flows: flowsCsv('a>b', 'b>c', 'c>a')})
    for (const id of ['a', 'b', 'c']) expect(k.classes(id)).toEqual([])
  })

  it('declaring public is not a gap', async () => {
    const k = await classifyCsv({systems: systemsCsv('a:public')})
    expect(k.classification.effective[0]).not.toBe(0)
  })
})

describe('propagation along empty-class flows', () => {
  it('travels a chain to its end, and the explanation walks it back', async () => {
    const k = await classifyCsv({systems: systemsCsv('a:health', 'b:', 'c:', 'd:'), flows: flowsCsv('a>b', 'b>c', 'c>d')})
    for (const id of ['b', 'c', 'd']) expect(k.classes(id)).toEqual(['personal', 'health'])
    expect(k.explain('d', 'health')).toBe(
      'd holds health <- flows.csv:4 c->d (carries all) <- flows.csv:3 b->c (carries all) <- flows.csv:2 a->b (carries all) <- systems.csv:2 a declares health',
    )
    expect(k.carried('f3')).toEqual(['personal', 'health'])
  })

  it('does not flow backwards: an empty-class flow carries what its source holds, not its target', async () => {
    const k = await classifyCsv({systems: systemsCsv('a:', 'b:bank_secret'), flows: flowsCsv('a>b')})
    expect(k.classes('a')).toEqual([])
  })

  it('goes round a cycle and reaches every member, entering from outside', async () => {
    const k = await classifyCsv({
      systems: systemsCsv('x:personal', 'a:bank_secret', 'b:', 'c:'),
      flows: flowsCsv('a>b', 'b>c', 'c>a', 'x>b'),
    })
    for (const id of ['a', 'b', 'c']) expect(k.classes(id)).toEqual(['personal', 'bank_secret'])
    expect(k.classes('x')).toEqual(['personal'])
    // a's personal came round the cycle: x -> b -> c -> a.
    expect(k.explain('a', 'personal')).toBe(
      'a holds personal <- flows.csv:4 c->a (carries all) <- flows.csv:3 b->c (carries all) <- flows.csv:5 x->b (carries all) <- systems.csv:2 x declares personal',
    )
  })

  it('a self-loop changes nothing', async () => {
    const k = await classifyCsv({systems: systemsCsv('a:internal', 'b:'), flows: flowsCsv('a>a', 'b>b')})
    expect(k.classes('a')).toEqual(['internal'])
    expect(k.classes('b')).toEqual([])
  })

  it('a flow that declares classes carries those only, not all its source holds', async () => {
    const k = await classifyCsv({systems: systemsCsv('a:health;bank_secret', 'b:', 'c:'), flows: flowsCsv('a>b:bank_secret', 'b>c')})
    expect(k.classes('b')).toEqual(['bank_secret'])
    expect(k.carried('f1')).toEqual(['bank_secret'])
    // ...and what b then holds travels on along the empty-class flow.
    expect(k.classes('c')).toEqual(['bank_secret'])
  })

  it('classes a system gets late still reach systems it already fed', async () => {
    // b feeds c before b learns about health from a, declared further down the file.
    const k = await classifyCsv({systems: systemsCsv('b:internal', 'c:', 'a:health'), flows: flowsCsv('b>c', 'a>b')})
    expect(k.classes('c')).toEqual(['internal', 'personal', 'health'])
  })

  it('the documented example: a backup chain with other flows above it', async () => {
    const k = await classifyCsv({
      systems: systemsCsv('emr:health', 'backup:', 'archive:', 'portal:public', 'crm:personal'),
      flows: flowsCsv('portal>crm:public', 'crm>portal:internal', 'portal>crm', 'crm>crm', 'portal>portal', 'crm>portal:public', 'emr>backup', 'backup>archive'),
    })
    expect(k.explain('archive', 'health')).toBe(
      'archive holds health <- flows.csv:9 backup->archive (carries all) <- flows.csv:8 emr->backup (carries all) <- systems.csv:2 emr declares health',
    )
  })
})

describe('the outbound rule: a system holds what it sends', () => {
  it('a flow that declares classes makes its source hold them', async () => {
    const k = await classifyCsv({systems: systemsCsv('a:', 'b:'), flows: flowsCsv('a>b:personal;bank_secret')})
    expect(k.classes('a')).toEqual(['personal', 'bank_secret'])
    expect(k.explain('a', 'bank_secret')).toBe('a holds bank_secret <- flows.csv:2 a->b carries bank_secret out')
  })

  it('and its target too (it receives them)', async () => {
    const k = await classifyCsv({systems: systemsCsv('a:', 'b:public'), flows: flowsCsv('a>b:bank_secret')})
    expect(k.classes('b')).toEqual(['public', 'bank_secret'])
    expect(k.explain('b', 'bank_secret')).toBe('b holds bank_secret <- flows.csv:2 a->b carries bank_secret in')
  })

  it('what a source holds by the outbound rule travels on along its empty-class flows', async () => {
    const k = await classifyCsv({systems: systemsCsv('a:', 'b:', 'c:'), flows: flowsCsv('a>b:personal', 'a>c')})
    expect(k.classes('c')).toEqual(['personal'])
    expect(k.explain('c', 'personal')).toBe('c holds personal <- flows.csv:3 a->c (carries all) <- flows.csv:2 a->b carries personal out')
  })
})

describe('implication: health implies personal', () => {
  it('a declared health class implies personal, with provenance "implied"', async () => {
    const k = await classifyCsv({systems: systemsCsv('a:health')})
    expect(k.classes('a')).toEqual(['personal', 'health'])
    const steps = explainClass(k.compiled, k.classification, 0, 'personal')
    expect(steps.map((s) => s.reason)).toEqual(['implied', 'declared'])
    expect(k.explain('a', 'personal')).toBe('a holds personal <- systems.csv:2 a: health implies personal <- systems.csv:2 a declares health')
  })

  it('declaring both keeps both declared', async () => {
    const k = await classifyCsv({systems: systemsCsv('a:health;personal')})
    expect(explainClass(k.compiled, k.classification, 0, 'personal').map((s) => s.reason)).toEqual(['declared'])
  })

  it('health received on a flow that declares it implies personal at both ends, as an implication', async () => {
    const k = await classifyCsv({systems: systemsCsv('a:', 'b:'), flows: flowsCsv('a>b:health')})
    expect(k.classes('a')).toEqual(['personal', 'health'])
    expect(k.classes('b')).toEqual(['personal', 'health'])
    expect(k.carried('f1')).toEqual(['personal', 'health'])
    expect(k.explain('b', 'personal')).toBe('b holds personal <- systems.csv:3 b: health implies personal <- flows.csv:2 a->b carries health in')
    expect(k.explain('a', 'personal')).toBe('a holds personal <- systems.csv:2 a: health implies personal <- flows.csv:2 a->b carries health out')
  })

  it('a flow that declares personal as well as health is the reason for personal', async () => {
    const k = await classifyCsv({systems: systemsCsv('a:', 'b:'), flows: flowsCsv('a>b:health;personal')})
    expect(k.explain('b', 'personal')).toBe('b holds personal <- flows.csv:2 a->b carries personal in')
  })

  it('health from a dataset implies personal', async () => {
    const k = await classifyCsv({
      systems: systemsCsv('lab:'),
      datasets: 'system,dataset,column,classes,evidence\nlab,lis.results,icd10,health,icd10 40/50\n',
    })
    expect(k.classes('lab')).toEqual(['personal', 'health'])
    expect(k.explain('lab', 'personal')).toBe('lab holds personal <- systems.csv:2 lab: health implies personal <- datasets.csv:2 lab dataset lis.results.icd10 holds health')
  })
})

describe('datasets', () => {
  const datasets = 'system,dataset,column,classes,evidence\ncore,abs.clients,iin,personal,iin 98/100\ncore,abs.accounts,,bank_secret,iban\n'

  it('a system holds the classes its datasets show, each explained by its row', async () => {
    const k = await classifyCsv({systems: systemsCsv('core:internal'), datasets})
    expect(k.classes('core')).toEqual(['internal', 'personal', 'bank_secret'])
    expect(k.explain('core', 'personal')).toBe('core holds personal <- datasets.csv:2 core dataset abs.clients.iin holds personal')
    expect(k.explain('core', 'bank_secret')).toBe('core holds bank_secret <- datasets.csv:3 core dataset abs.accounts holds bank_secret')
  })

  it('a declared class stays declared when a dataset also shows it', async () => {
    const k = await classifyCsv({systems: systemsCsv('core:personal'), datasets})
    expect(k.explain('core', 'personal')).toBe('core holds personal <- systems.csv:2 core declares personal')
  })

  it('dataset classes travel along empty-class flows', async () => {
    const k = await classifyCsv({systems: systemsCsv('core:', 'dwh:'), flows: flowsCsv('core>dwh'), datasets})
    expect(k.classes('dwh')).toEqual(['personal', 'bank_secret'])
    expect(k.explain('dwh', 'bank_secret')).toBe('dwh holds bank_secret <- flows.csv:2 core->dwh (carries all) <- datasets.csv:3 core dataset abs.accounts holds bank_secret')
  })
})

describe('explain steps', () => {
  it('carry file, line and the flow for every step', async () => {
    const k = await classifyCsv({systems: systemsCsv('a:bank_secret', 'b:'), flows: flowsCsv('a>b')})
    expect(explainClass(k.compiled, k.classification, 1, 'bank_secret')).toEqual([
      {system: 'b', class: 'bank_secret', reason: 'carried', file: 'flows.csv', line: 2, flow: {id: 'f1', source: 'a', target: 'b'}},
      {system: 'a', class: 'bank_secret', reason: 'declared', file: 'systems.csv', line: 2},
    ])
  })

  it('point at the real line when the file has quoted multi-line cells above', async () => {
    const k = await classifyCsv({
      systems: 'id,name,owner,zone,classes\n"a","АБС ""Qazyna"",\nстарый контур",Bank,src,personal\nb,b,Bank,src,\n',
      flows: flowsCsv('a>b'),
    })
    expect(k.explain('b', 'personal')).toBe('b holds personal <- flows.csv:2 a->b (carries all) <- systems.csv:2 a declares personal')
    expect(explainClass(k.compiled, k.classification, 1, 'personal')).toHaveLength(2)
  })
})
