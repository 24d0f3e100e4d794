import {describe, expect, it} from 'vitest'

import {renderHtml} from '../../src/export/html.js'
import {LANGS, textFor} from '../../src/export/i18n/index.js'
import {fixtureCases, fixtureDocument} from './fixtures.js'
import {strayLatin} from './language.js'
import {syntheticDocument} from './synthetic.js'

/** Anything that could make a browser fetch: URLs, resource attributes, CSS imports and url(). */
function externalReferences(html: string): string[] {
  const found: string[] = []
  for (const pattern of [/https?:/gi, /\/\/[a-z0-9.-]+\.[a-z]{2,}/gi, /\bsrc\s*=/gi, /<link\b/gi, /<script\b/gi, /<iframe\b/gi, /<object\b/gi, /<embed\b/gi, /@import/gi, /url\(/gi, /@font-face/gi, /xlink:href/gi]) {
    for (const match of html.matchAll(pattern)) found.push(match[0])
  }
  for (const match of html.matchAll(/href="([^"]*)"/g)) if (!match[1].startsWith('#')) found.push(match[0])
  return found
}

describe('plan.html', () => {
  it('is self-contained: no URL, no external reference, a CSP that forbids fetching', async () => {
    for (const name of await fixtureCases()) {
      const doc = await fixtureDocument(name)
      for (const lang of LANGS) {
        const html = renderHtml(doc, lang)
        expect(externalReferences(html), `${name} ${lang}`).toEqual([])
        expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`)
        expect(html).toContain(`<html lang="${lang}">`)
        expect(html).toContain('@media print')
      }
    }
  })

  it('has a heading for every wave, the timeline and the zones x waves picture', async () => {
    const doc = await fixtureDocument('clinic-bank')
    for (const lang of LANGS) {
      const html = renderHtml(doc, lang)
      const {m, f} = textFor(lang)
      for (const w of doc.waves) expect(html).toMatch(new RegExp(`<h3><span class="swatch \\w+"></span>${m.waveTitle(String(w.wave))}</h3>`))
      expect(html).toContain(`aria-label="${m.html.timeline}"`)
      expect(html).toContain(`aria-label="${m.html.graph}"`)
    }
  })

  it('Russian and Kazakh hold no English', async () => {
    for (const name of await fixtureCases()) {
      const doc = await fixtureDocument(name)
      for (const lang of ['ru', 'kk'] as const) {
        const visible = renderHtml(doc, lang).replace(/<style>[\s\S]*?<\/style>/, '').replace(/<code[^>]*>[\s\S]*?<\/code>/g, ' ').replace(/<[^>]+>/g, ' ')
        expect(strayLatin(visible, doc), `${name} ${lang}`).toEqual([])
      }
    }
  })

  it('escapes inventory text', async () => {
    const html = renderHtml(await fixtureDocument('clinic-bank'), 'en')
    expect(html).toContain('АБС «Core» | Core banking')
    expect(html.replace('<!DOCTYPE html>', '')).not.toMatch(/<(?!\/?(?:html|head|meta|title|style|body|header|h[1-3]|p|nav|ol|ul|li|a|main|section|dl|dt|dd|div|table|thead|tbody|tr|th|td|code|span|strong|figure|svg|g|rect|text|title)\b)/)
  })

  it('stays under 5 MB at 100 000 systems and keeps the pictures small', () => {
    const html = renderHtml(syntheticDocument(100_000, 40), 'ru')
    expect(Buffer.byteLength(html)).toBeLessThan(5 * 1024 * 1024)
    expect(externalReferences(html)).toEqual([])
    expect(html).toContain('прочие зоны')
    expect(html).toContain('Волны 1–2')
  })

  it('at 30 000 waves stays under 5 MB: a section for each of the first 240 waves, an overview of 1 000', () => {
    const html = renderHtml(syntheticDocument(60_000, 30_000), 'en')
    const {m, f} = textFor('en')
    expect(Buffer.byteLength(html)).toBeLessThan(5 * 1024 * 1024)
    expect(html).toContain('id="wave-240"')
    expect(html).not.toContain('id="wave-241"')
    expect(html).not.toContain('href="#wave-241"')
    expect(html).toContain(m.shownOf(f.number(1000), f.number(30_000), 'plan.json'))
    expect(html).toContain(m.shownOf(f.number(240), f.number(30_000), 'waves.csv'))
  })
})
