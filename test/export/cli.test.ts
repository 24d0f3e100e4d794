/**
 * The command layer over the built binary (npm test builds dist/ first):
 * kosh keys generate, and kosh plan --lang --sign-key writing every file.
 */
import {execFile, spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdtemp, readFile, readdir, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {verifyPlanSignature} from '../../src/sign/verify-folder.js'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
const INVENTORY = join(REPO, 'test/fixtures/export/clinic-bank/inventory')
const OPENSSL = spawnSync('openssl', ['version'], {stdio: 'ignore'}).status === 0

function kosh(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  if (!existsSync(join(REPO, 'dist', 'commands'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)')
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO, 'bin', 'run.js'), ...args], {cwd: REPO, env: {...process.env, NO_COLOR: '1'}}, (error, stdout, stderr) => {
      resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr})
    })
  })
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kosh-cli-'))
})
afterAll(async () => {
  await rm(dir, {recursive: true, force: true})
})

describe('kosh keys generate and kosh plan --sign-key --lang', () => {
  it('makes a key pair once, then refuses to overwrite it (exit 2)', async () => {
    const first = await kosh('keys', 'generate', '--out', join(dir, 'keys'), '--json')
    expect(first.code).toBe(0)
    expect(JSON.parse(first.stdout)).toEqual({privateKey: join(dir, 'keys', 'private.pem'), publicKey: join(dir, 'keys', 'public.pem')})
    const again = await kosh('keys', 'generate', '--out', join(dir, 'keys'))
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/already exists; kosh never overwrites a key/)
  })

  it('writes plan.md and plan.html in the language asked, the manifest and both signatures', async () => {
    const out = join(dir, 'plan')
    const run = await kosh('plan', '--inventory', INVENTORY, '--out', out, '--lang', 'kk', '--sign-key', join(dir, 'keys', 'private.pem'), '--start', '2027-01-11', '--json')
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({lang: 'kk', signed: true, valid: true})
    expect((await readdir(out)).sort()).toEqual(['plan.html', 'plan.json', 'plan.json.sig', 'plan.md', 'plan.sha256', 'plan.sha256.sig', 'waves.csv'])
    expect(await readFile(join(out, 'plan.md'), 'utf8')).toMatch(/^# Көшіру жоспары: inventory\n/)
    expect(await readFile(join(out, 'plan.html'), 'utf8')).toContain('<html lang="kk">')
    expect(await verifyPlanSignature(out, join(dir, 'keys', 'public.pem'))).toMatchObject({ok: true})
    if (OPENSSL) {
      const check = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', join(dir, 'keys', 'public.pem'), '-rawin', '-in', 'plan.json', '-sigfile', 'plan.json.sig'], {cwd: out, encoding: 'utf8'})
      expect(check.stdout).toContain('Signature Verified Successfully')
    }

    // Planned again without a key: no signature is left over from the signed plan.
    const unsigned = await kosh('plan', '--inventory', INVENTORY, '--out', out, '--lang', 'ru', '--force')
    expect(unsigned.code).toBe(0)
    expect((await readdir(out)).sort()).toEqual(['plan.html', 'plan.json', 'plan.md', 'plan.sha256', 'waves.csv'])
    expect(await readFile(join(out, 'plan.md'), 'utf8')).toMatch(/^# План миграции: inventory\n/)
  })

  it('rejects an unknown language and an unreadable key before planning (exit 2)', async () => {
    const lang = await kosh('plan', '--inventory', INVENTORY, '--out', join(dir, 'x'), '--lang', 'de')
    expect(lang.code).toBe(2)
    const key = await kosh('plan', '--inventory', INVENTORY, '--out', join(dir, 'y'), '--sign-key', join(dir, 'none.pem'))
    expect(key.code).toBe(2)
    expect(key.stderr).toMatch(/cannot read the signing key/)
    expect(existsSync(join(dir, 'y'))).toBe(false)
  })
})
