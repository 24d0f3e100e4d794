/**
 * Plan files are hashed and written a piece of about a million characters at
 * a time (src/io/utf8.ts): the bytes must be those of the whole string, also
 * when a surrogate pair or a lone surrogate sits at a piece boundary.
 */
import {createHash} from 'node:crypto'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {writeFileAtomic} from '../../src/io/atomic.js'
import {updateHash} from '../../src/io/utf8.js'
import {sha256Hex} from '../../src/sign/sign.js'

const PIECE = 1 << 20

/** A string longer than two pieces with `around` placed across the first boundary. */
function across(around: string, offset: number): string {
  return 'a'.repeat(PIECE - offset) + around + 'Жүйе — '.repeat(PIECE / 3) + around
}

const texts: [string, string][] = [
  ['short text', 'plan — жоспар'],
  ['empty', ''],
  ['ASCII over two pieces', 'x'.repeat(2 * PIECE + 17)],
  ['a surrogate pair across the boundary', across('😀', 1)],
  ['a surrogate pair just before the boundary', across('😀', 2)],
  ['a lone high surrogate at the boundary', across('\ud83d!', 1)],
  ['a lone low surrogate after the boundary', across('\ude00!', 0)],
]

describe('UTF-8 a piece at a time', () => {
  for (const [name, text] of texts) {
    it(`${name}: hashes and writes the bytes of Buffer.from`, async () => {
      const bytes = Buffer.from(text, 'utf8')
      const expected = createHash('sha256').update(bytes).digest('hex')
      expect(updateHash(createHash('sha256'), text).digest('hex')).toBe(expected)
      expect(sha256Hex(text)).toBe(expected)
      const dir = await mkdtemp(join(tmpdir(), 'kosh-utf8-'))
      try {
        await writeFileAtomic(join(dir, 'plan.json'), text)
        expect((await readFile(join(dir, 'plan.json'))).equals(bytes)).toBe(true)
      } finally {
        await rm(dir, {recursive: true, force: true})
      }
    })
  }
})
