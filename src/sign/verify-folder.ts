/**
 * Checking a plan folder's integrity (for `kosh verify`): the manifest
 * plan.sha256 against every plan file, and with a public key the two Ed25519
 * signatures. See sign.ts for the design.
 */
import {createHash, createPublicKey, type KeyObject} from 'node:crypto'
import {readFile, readdir} from 'node:fs/promises'
import {join} from 'node:path'

import {KoshError} from '../cli/errors.js'
import {MANIFEST, MANIFEST_FILES, MANIFEST_SIGNATURE, PLAN_SIGNATURE, parseManifest, sha256Hex, verifySignature} from './sign.js'

export interface IntegrityCheck<Kind extends 'signature' | 'manifest' = 'signature' | 'manifest'> {
  check: Kind
  ok: boolean
  message: string
}

const read = (path: string) => readFile(path).catch(() => undefined)

/**
 * plan.sha256 against the files beside it: every listed file has its digest,
 * plan.json is listed, and no plan file is present that the manifest leaves out.
 */
export async function checkManifest(dir: string): Promise<IntegrityCheck<'manifest'>> {
  const fail = (message: string): IntegrityCheck<'manifest'> => ({check: 'manifest', ok: false, message})
  const text = await read(join(dir, MANIFEST))
  if (text === undefined) return fail(`${MANIFEST} is missing: the plan files are not covered by a manifest`)
  const entries = parseManifest(text.toString('utf8'))
  if (!entries) return fail(`${MANIFEST} is not a manifest kosh wrote (expected "<sha256>  <file>" lines naming ${MANIFEST_FILES.join(', ')})`)
  if (!entries.some((e) => e.name === 'plan.json')) return fail(`${MANIFEST} does not list plan.json`)
  const changed: string[] = []
  for (const entry of entries) {
    const bytes = await read(join(dir, entry.name))
    if (bytes === undefined) changed.push(`${entry.name} (missing)`)
    else if (sha256Hex(bytes) !== entry.sha256) changed.push(entry.name)
  }
  const present = await readdir(dir).catch(() => [] as string[])
  const unlisted = MANIFEST_FILES.filter((name) => present.includes(name) && !entries.some((e) => e.name === name))
  if (changed.length > 0) return fail(`changed since the plan was written: ${changed.join(', ')}`)
  if (unlisted.length > 0) return fail(`not covered by ${MANIFEST}: ${unlisted.join(', ')} (added after the plan was written)`)
  return {check: 'manifest', ok: true, message: `${MANIFEST} matches ${entries.map((e) => e.name).join(', ')}`}
}

/**
 * The signatures of a plan folder with an Ed25519 public key (PEM file):
 * plan.json.sig over plan.json, plan.sha256.sig over the manifest, and the
 * manifest over every other file. One check, ok only when all three hold.
 * A key file that cannot be read or is not Ed25519 is unusable input: a
 * KoshError (exit 2), not a failed check.
 */
export async function verifyPlanSignature(dir: string, publicKeyFile: string): Promise<IntegrityCheck<'signature'>> {
  const fail = (message: string): IntegrityCheck<'signature'> => ({check: 'signature', ok: false, message})
  const pem = await readFile(publicKeyFile).catch((error: NodeJS.ErrnoException) => {
    throw new KoshError(`${publicKeyFile}: cannot read the public key (${error.code ?? error.message})`)
  })
  let key: KeyObject
  try {
    key = createPublicKey(pem)
  } catch (error) {
    throw new KoshError(`${publicKeyFile}: not a PEM public key (${(error as Error).message})`)
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new KoshError(`${publicKeyFile}: a ${key.asymmetricKeyType ?? 'non-Ed25519'} key; kosh signs plans with Ed25519`)
  const fingerprint = keyFingerprint(key.export({type: 'spki', format: 'der'}))

  const plan = await read(join(dir, 'plan.json'))
  const planSig = await read(join(dir, PLAN_SIGNATURE))
  if (plan === undefined) return fail('plan.json is missing')
  if (planSig === undefined) return fail(`${PLAN_SIGNATURE} is missing: the plan is not signed (kosh plan --sign-key FILE)`)
  if (!verifySignature(plan, planSig, pem)) return fail(`${PLAN_SIGNATURE} does not verify plan.json with key ${fingerprint}: plan.json or its signature was changed, or another key signed it`)

  const manifest = await read(join(dir, MANIFEST))
  const manifestSig = await read(join(dir, MANIFEST_SIGNATURE))
  if (manifest === undefined) return fail(`${MANIFEST} is missing: plan.md, plan.html and waves.csv are not covered by the signature`)
  if (manifestSig === undefined) return fail(`${MANIFEST_SIGNATURE} is missing: plan.md, plan.html and waves.csv are not covered by the signature`)
  if (!verifySignature(manifest, manifestSig, pem)) return fail(`${MANIFEST_SIGNATURE} does not verify ${MANIFEST} with key ${fingerprint}: the manifest or its signature was changed, or another key signed it`)

  const files = await checkManifest(dir)
  if (!files.ok) return fail(files.message)
  return {check: 'signature', ok: true, message: `signed with key ${fingerprint}: ${PLAN_SIGNATURE} and ${MANIFEST_SIGNATURE} verify; ${files.message}`}
}

/** SHA256:<base64> of the key's DER SubjectPublicKeyInfo, as ssh-keygen -l prints fingerprints. */
export function keyFingerprint(spkiDer: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(spkiDer).digest('base64').replace(/=+$/, '')}`
}
