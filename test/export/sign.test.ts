/**
 * Plan integrity: the plan.sha256 manifest and Ed25519 signatures. Round trip,
 * a one-byte change to any plan file fails, openssl and sha256sum check what
 * kosh wrote (skipped when the tools are missing), and kosh keys generate.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {createPrivateKey} from 'node:crypto'
import {mkdtemp, readFile, readdir, rm, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {KoshError} from '../../src/cli/errors.js'
import {renderHtml} from '../../src/export/html.js'
import {renderMarkdown} from '../../src/export/markdown.js'
import {serializePlan} from '../../src/export/plan-document.js'
import {renderWavesCsv} from '../../src/export/waves-csv.js'
import {writeKeyPair} from '../../src/sign/keys.js'
import {generateKeyPair, parseManifest, readPrivateKey, renderManifest, sealPlanFiles, verifySignature} from '../../src/sign/sign.js'
import {checkManifest, verifyPlanSignature} from '../../src/sign/verify-folder.js'
import {fixtureDocument} from './fixtures.js'

const has = (tool: string, ...args: string[]) => spawnSync(tool, args, {stdio: 'ignore'}).status === 0
const OPENSSL = has('openssl', 'version')
const SHA256SUM = has('sha256sum', '--version')

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kosh-sign-'))
})
afterEach(async () => {
  await rm(dir, {recursive: true, force: true})
})

async function signedPlan(): Promise<{plan: string; keys: string}> {
  const keys = join(dir, 'keys')
  const {privateKey} = await writeKeyPair(keys)
  const doc = await fixtureDocument('clinic-bank')
  const files = sealPlanFiles({
    'plan.json': serializePlan(doc), 'waves.csv': renderWavesCsv(doc), 'plan.md': renderMarkdown(doc, 'kk'), 'plan.html': renderHtml(doc, 'kk'),
  }, await readPrivateKey(privateKey))
  const plan = join(dir, 'plan')
  await (await import('node:fs/promises')).mkdir(plan)
  for (const [name, content] of Object.entries(files)) await writeFile(join(plan, name), content)
  return {plan, keys}
}

describe('signatures', () => {
  it('round trip: a signature made over plan.json verifies with the public key, and only with it', () => {
    const {privatePem, publicPem} = generateKeyPair()
    const other = generateKeyPair()
    const files = sealPlanFiles({'plan.json': '{"a":1}\n', 'waves.csv': 'wave\n'}, createPrivateKey(privatePem))
    const sig = files['plan.json.sig'] as Buffer
    expect(sig.length).toBe(64)
    expect(verifySignature(Buffer.from('{"a":1}\n'), sig, publicPem)).toBe(true)
    expect(verifySignature('{"a":1}\n', Buffer.from(sig.toString('base64') + '\n'), publicPem)).toBe(true)
    expect(verifySignature(Buffer.from('{"a":2}\n'), sig, publicPem)).toBe(false)
    expect(verifySignature(Buffer.from('{"a":1}\n'), sig, other.publicPem)).toBe(false)
    expect(verifySignature(Buffer.from('{"a":1}\n'), sig.subarray(0, 63), publicPem)).toBe(false)
    expect(verifySignature(Buffer.from('{"a":1}\n'), sig, 'not a key')).toBe(false)
    expect(verifySignature(Buffer.from('{"a":1}\n'), files['plan.sha256.sig'] as Buffer, publicPem)).toBe(false)
  })

  it('the manifest lists every plan file in sha256sum format, sorted by name', () => {
    const manifest = renderManifest({'waves.csv': 'w', 'plan.json': 'j', 'plan.md': 'm', 'plan.html': 'h', 'other.txt': 'x'})
    expect(manifest.split('\n').filter(Boolean).map((l) => l.slice(66))).toEqual(['plan.html', 'plan.json', 'plan.md', 'waves.csv'])
    expect(parseManifest(manifest)?.map((e) => e.name)).toEqual(['plan.html', 'plan.json', 'plan.md', 'waves.csv'])
    expect(parseManifest('abc  plan.json\n')).toBeUndefined()
    expect(parseManifest(`${'0'.repeat(64)}  ../etc/passwd\n`)).toBeUndefined()
  })

  it('a signed plan folder verifies', async () => {
    const {plan, keys} = await signedPlan()
    expect((await readdir(plan)).sort()).toEqual(['plan.html', 'plan.json', 'plan.json.sig', 'plan.md', 'plan.sha256', 'plan.sha256.sig', 'waves.csv'])
    const check = await verifyPlanSignature(plan, join(keys, 'public.pem'))
    expect(check).toMatchObject({check: 'signature', ok: true})
    expect(check.message).toMatch(/^signed with key SHA256:/)
    expect(await checkManifest(plan)).toMatchObject({check: 'manifest', ok: true})
  })

  for (const file of ['plan.json', 'plan.md', 'plan.html', 'waves.csv', 'plan.sha256', 'plan.json.sig', 'plan.sha256.sig']) {
    it(`a one-byte change to ${file} fails verification`, async () => {
      const {plan, keys} = await signedPlan()
      const path = join(plan, file)
      const bytes = await readFile(path)
      for (const at of [0, bytes.length >> 1, bytes.length - 1]) {
        const changed = Buffer.from(bytes)
        changed[at] ^= 0x01
        await writeFile(path, changed)
        const check = await verifyPlanSignature(plan, join(keys, 'public.pem'))
        expect(check.ok, `${file} byte ${at}`).toBe(false)
      }
      await writeFile(path, bytes)
      expect((await verifyPlanSignature(plan, join(keys, 'public.pem'))).ok).toBe(true)
    })
  }

  it('a missing file, an added file or a missing signature fails', async () => {
    const {plan, keys} = await signedPlan()
    const pub = join(keys, 'public.pem')
    const md = await readFile(join(plan, 'plan.md'))
    await rm(join(plan, 'plan.md'))
    expect(await verifyPlanSignature(plan, pub)).toMatchObject({ok: false, message: expect.stringContaining('plan.md (missing)')})
    await writeFile(join(plan, 'plan.md'), md)
    const manifest = await readFile(join(plan, 'plan.sha256'), 'utf8')
    // A manifest re-made without plan.html, re-signed by someone else, still fails; unsigned, plan.html is "not covered".
    await writeFile(join(plan, 'plan.sha256'), manifest.split('\n').filter((l) => !l.endsWith('plan.html')).join('\n'))
    expect((await checkManifest(plan)).message).toContain('not covered by plan.sha256: plan.html')
    expect((await verifyPlanSignature(plan, pub)).ok).toBe(false)
    await writeFile(join(plan, 'plan.sha256'), manifest)
    await rm(join(plan, 'plan.sha256.sig'))
    expect(await verifyPlanSignature(plan, pub)).toMatchObject({ok: false, message: expect.stringContaining('plan.sha256.sig is missing')})
    await rm(join(plan, 'plan.json.sig'))
    expect(await verifyPlanSignature(plan, pub)).toMatchObject({ok: false, message: expect.stringContaining('not signed')})
  })

  it('another key does not verify; an unusable key file is an input error', async () => {
    const {plan} = await signedPlan()
    const other = await writeKeyPair(join(dir, 'other'))
    expect((await verifyPlanSignature(plan, other.publicKey)).ok).toBe(false)
    await expect(verifyPlanSignature(plan, join(dir, 'nope.pem'))).rejects.toBeInstanceOf(KoshError)
    await writeFile(join(dir, 'garbage.pem'), 'hello')
    await expect(verifyPlanSignature(plan, join(dir, 'garbage.pem'))).rejects.toBeInstanceOf(KoshError)
  })

  it.skipIf(!OPENSSL)('openssl verifies both signatures kosh made, with the public key alone', async () => {
    const {plan, keys} = await signedPlan()
    const pub = join(keys, 'public.pem')
    for (const [data, sig] of [['plan.json', 'plan.json.sig'], ['plan.sha256', 'plan.sha256.sig']]) {
      const out = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-in', data, '-sigfile', sig], {cwd: plan, encoding: 'utf8'})
      expect(out).toContain('Signature Verified Successfully')
    }
    const bad = Buffer.from(await readFile(join(plan, 'plan.json')))
    bad[10] ^= 1
    await writeFile(join(plan, 'plan.json'), bad)
    const failed = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-in', 'plan.json', '-sigfile', 'plan.json.sig'], {cwd: plan})
    expect(failed.status).not.toBe(0)
  })

  it.skipIf(!OPENSSL)('a key made by openssl signs plans kosh verifies', async () => {
    execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', join(dir, 'k.pem')])
    execFileSync('openssl', ['pkey', '-in', join(dir, 'k.pem'), '-pubout', '-out', join(dir, 'k.pub.pem')])
    await writeFile(join(dir, 'plan.json'), '{"x":1}\n')
    execFileSync('openssl', ['pkeyutl', '-sign', '-inkey', 'k.pem', '-rawin', '-in', 'plan.json', '-out', 'plan.json.sig'], {cwd: dir})
    expect(verifySignature(await readFile(join(dir, 'plan.json')), await readFile(join(dir, 'plan.json.sig')), await readFile(join(dir, 'k.pub.pem'), 'utf8'))).toBe(true)
    await expect(readPrivateKey(join(dir, 'k.pem'))).resolves.toBeDefined()
  })

  it.skipIf(!SHA256SUM)('sha256sum -c checks the manifest', async () => {
    const {plan} = await signedPlan()
    expect(spawnSync('sha256sum', ['-c', '--strict', 'plan.sha256'], {cwd: plan}).status).toBe(0)
    await writeFile(join(plan, 'waves.csv'), (await readFile(join(plan, 'waves.csv'), 'utf8')) + ' ')
    expect(spawnSync('sha256sum', ['-c', '--strict', 'plan.sha256'], {cwd: plan, stdio: 'ignore'}).status).not.toBe(0)
  })
})

describe('keys', () => {
  it('writes private.pem (PKCS#8, 0600) and public.pem (SPKI), and never overwrites', async () => {
    const {privateKey, publicKey} = await writeKeyPair(join(dir, 'k'))
    expect(await readFile(privateKey, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
    expect(await readFile(publicKey, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----\n/)
    if (process.platform !== 'win32') expect((await stat(privateKey)).mode & 0o777).toBe(0o600)
    const before = await readFile(privateKey, 'utf8')
    await expect(writeKeyPair(join(dir, 'k'))).rejects.toThrow(/already exists/)
    expect(await readFile(privateKey, 'utf8')).toBe(before)
    // Only public.pem there: refused too, and no stray private.pem is left behind.
    await rm(privateKey)
    await expect(writeKeyPair(join(dir, 'k'))).rejects.toThrow(/public.pem already exists/)
    expect((await readdir(join(dir, 'k'))).sort()).toEqual(['public.pem'])
  })

  it('--sign-key refuses a key that is not Ed25519', async () => {
    const {generateKeyPairSync} = await import('node:crypto')
    const {privateKey} = generateKeyPairSync('ec', {namedCurve: 'P-256'})
    await writeFile(join(dir, 'ec.pem'), privateKey.export({type: 'pkcs8', format: 'pem'}))
    await expect(readPrivateKey(join(dir, 'ec.pem'))).rejects.toThrow(/a ec key; plans are signed with Ed25519/)
    await expect(readPrivateKey(join(dir, 'missing.pem'))).rejects.toThrow(/cannot read the signing key/)
  })
})
