import {describe, expect, it} from 'vitest'

import {textFor} from '../../src/export/i18n/index.js'
import {renderMarkdown} from '../../src/export/markdown.js'
import {fixtureCases, fixtureDocument} from './fixtures.js'
import {strayLatin} from './language.js'
import {syntheticDocument} from './synthetic.js'

describe('plan.md', () => {
  it('Russian and Kazakh hold no English: every fixed string is translated', async () => {
    for (const name of await fixtureCases()) {
      const doc = await fixtureDocument(name)
      for (const lang of ['ru', 'kk'] as const) expect(strayLatin(renderMarkdown(doc, lang), doc), `${name} ${lang}`).toEqual([])
    }
  })

  it('draws a node per system in a small plan and groups by route in a large one', async () => {
    const small = renderMarkdown(await fixtureDocument('clinic-bank'), 'en')
    expect(small).toMatch(/\["core-db<br\/>bank-dc → tier3"\]/)
    const large = renderMarkdown(syntheticDocument(200, 4), 'en')
    const mermaid = large.slice(large.indexOf('```mermaid'), large.indexOf('```', large.indexOf('```mermaid') + 3))
    expect(mermaid).not.toMatch(/sys-\d+/)
    expect(mermaid).toMatch(/zone-00 → tier3<br\/>\d+ systems · [\d.,]+ GB/)
  })

  it('stays under 3 MB at 100 000 systems, lists part of each wave and points to waves.csv', () => {
    const doc = syntheticDocument(100_000, 40)
    for (const lang of ['en', 'ru', 'kk'] as const) {
      const md = renderMarkdown(doc, lang)
      expect(Buffer.byteLength(md)).toBeLessThan(3 * 1024 * 1024)
      const {m, f} = textFor(lang)
      for (const w of doc.waves) expect(md).toContain(`### ${m.waveTitle(String(w.wave))}\n`)
      expect(md).toContain(m.shownOfWave(f.number(100), f.number(2500)))
      expect(md.split('\n').filter((l) => l.startsWith('| `sys-')).length).toBe(40 * 100)
    }
  })

  it('at 1 000 waves gives the first 240 a section each and points to waves.csv for the rest', () => {
    const md = renderMarkdown(syntheticDocument(100_000, 1000), 'kk')
    const {m, f} = textFor('kk')
    expect(Buffer.byteLength(md)).toBeLessThan(3 * 1024 * 1024)
    expect(md).toContain(`### ${m.waveTitle('240')}\n`)
    expect(md).not.toContain(`### ${m.waveTitle('241')}\n`)
    expect(md).toMatch(/^\| 1000 \| /m)
    expect(md).toContain(m.shownOf(f.number(240), f.number(1000), 'waves.csv'))
  })

  it('at 30 000 waves (an `after` chain that long) stays under 3 MB: the overview lists 1 000 waves, plan.json the rest', () => {
    const md = renderMarkdown(syntheticDocument(60_000, 30_000), 'en')
    const {m, f} = textFor('en')
    expect(Buffer.byteLength(md)).toBeLessThan(3 * 1024 * 1024)
    expect(md).toMatch(/^\| 1000 \| /m)
    expect(md).not.toMatch(/^\| 1001 \| /m)
    expect(md).toContain(m.shownOf(f.number(1000), f.number(30_000), 'plan.json'))
    expect(md).toContain(m.shownOf(f.number(240), f.number(30_000), 'waves.csv'))
  })

  it('escapes Markdown in inventory text and keeps ids as code', async () => {
    const md = renderMarkdown(await fixtureDocument('clinic-bank'), 'en')
    expect(md).toContain('| `portal` | Customer portal \\*public\\* |')
    expect(md).toContain('АБС «Core» \\| Core banking')
  })

  it('explains an infeasible plan: the cycle one system per line, back to its start', async () => {
    const md = renderMarkdown(await fixtureDocument('after-cycle'), 'kk')
    expect(md).toContain('## Неліктен дұрыс жоспар құру мүмкін емес')
    expect(md).toContain('     - `billing`\n     - `payroll`\n     - `ledger`\n     - `billing`\n')
  })
})
