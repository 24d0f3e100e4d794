/**
 * Golden plan.md per language: each folder under test/fixtures/export holds an
 * inventory, the plan options (options.json) and expected/plan.<lang>.md.
 * `UPDATE_GOLDEN=1 npx vitest run test/export` rewrites the expected files.
 */
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {LANGS} from '../../src/export/i18n/index.js'
import {renderMarkdown} from '../../src/export/markdown.js'
import {FIXTURES, fixtureCases, fixtureDocument} from './fixtures.js'

const update = process.env.UPDATE_GOLDEN === '1'
const cases = await fixtureCases()

describe('plan.md golden files', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(0))
  for (const name of cases) {
    for (const lang of LANGS) {
      it(`${name}: plan.${lang}.md`, async () => {
        const actual = renderMarkdown(await fixtureDocument(name), lang)
        const file = join(FIXTURES, name, 'expected', `plan.${lang}.md`)
        if (update) {
          await mkdir(join(FIXTURES, name, 'expected'), {recursive: true})
          await writeFile(file, actual)
        }
        expect(actual).toBe(await readFile(file, 'utf8'))
      })
    }
  }
})
