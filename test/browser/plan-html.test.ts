/**
 * plan.html in a real headless Chromium (Debian's `chromium`, driven by
 * playwright-core, which downloads no browser). For each language: the page
 * loads from file:// with no request other than file: or data:, no console
 * error, every wave's heading shows, nothing spills sideways on a laptop
 * screen, and it prints. Screenshots land in test/.tmp/browser/ (gitignored).
 *
 * Run with `npm run test:browser` (needs /usr/bin/chromium: apt-get install -y chromium).
 */
import {existsSync} from 'node:fs'
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'
import {chromium, type BrowserContext} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {renderHtml} from '../../src/export/html.js'
import {LANGS, textFor} from '../../src/export/i18n/index.js'
import type {PlanDocument} from '../../src/export/plan-document.js'
import {fixtureDocument} from '../export/fixtures.js'
import {syntheticDocument} from '../export/synthetic.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const OUT = resolve('test/.tmp/browser')
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
]

let context: BrowserContext
let profile: string

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`)
  await mkdir(OUT, {recursive: true})
  profile = await mkdtemp(join(tmpdir(), 'kosh-chromium-'))
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport: {width: 1366, height: 768}, offline: true,
  })
})

afterAll(async () => {
  await context?.close()
  if (profile) await rm(profile, {recursive: true, force: true})
})

interface Visit {
  requests: string[]
  errors: string[]
  headings: string[]
  scrollWidth: number
}

/** Open a rendered plan; `full` also takes full-page screen and print screenshots and a PDF (slow on huge pages). */
async function open(doc: PlanDocument, lang: (typeof LANGS)[number], name: string, full = true): Promise<Visit> {
  const file = join(OUT, `${name}.${lang}.html`)
  await writeFile(file, renderHtml(doc, lang))
  const page = await context.newPage()
  const requests: string[] = []
  const errors: string[] = []
  page.on('request', (r) => requests.push(r.url()))
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`)
  })
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`))
  try {
    await page.goto(pathToFileURL(file).href, {waitUntil: 'load'})
    const headings = await page.locator('section.wave h3').allInnerTexts()
    const scrollWidth = (await page.evaluate('document.documentElement.scrollWidth')) as number
    await page.screenshot({path: join(OUT, `${name}.${lang}.top.png`)})
    if (full) {
      await page.screenshot({path: join(OUT, `${name}.${lang}.png`), fullPage: true})
      await page.emulateMedia({media: 'print'})
      await page.screenshot({path: join(OUT, `${name}.${lang}.print.png`), fullPage: true})
      const pdf = await page.pdf({format: 'A4', landscape: true, printBackground: true})
      await writeFile(join(OUT, `${name}.${lang}.pdf`), pdf)
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    }
    return {requests, errors, headings: headings.map((h) => h.trim()), scrollWidth}
  } finally {
    await page.close()
  }
}

describe('plan.html in headless Chromium', () => {
  for (const lang of LANGS) {
    it(`clinic-bank (${lang}): offline, no errors, every wave shown`, async () => {
      const doc = await fixtureDocument('clinic-bank')
      const visit = await open(doc, lang, 'clinic-bank')
      expect(visit.errors).toEqual([])
      expect(visit.requests.length).toBeGreaterThan(0)
      for (const url of visit.requests) expect(url).toMatch(/^(file|data):/)
      const {m, f} = textFor(lang)
      expect(visit.headings).toEqual(doc.waves.map((w) => m.waveTitle(String(w.wave))))
      expect(visit.scrollWidth).toBeLessThanOrEqual(1366)
    })
  }

  it('the sample-sized infeasible plan and a 100 000-system plan open too', async () => {
    for (const [name, doc, full] of [['after-cycle', await fixtureDocument('after-cycle'), true], ['large', syntheticDocument(100_000, 40), false]] as const) {
      const visit = await open(doc, 'ru', name, full)
      expect(visit.errors).toEqual([])
      for (const url of visit.requests) expect(url).toMatch(/^(file|data):/)
      const {m, f} = textFor('ru')
      expect(visit.headings).toEqual(doc.waves.map((w) => m.waveTitle(String(w.wave))))
      expect(visit.scrollWidth).toBeLessThanOrEqual(1366)
    }
  })
})
