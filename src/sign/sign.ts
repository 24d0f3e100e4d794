/**
 * Integrity of a plan folder: a manifest and Ed25519 signatures.
 *
 * - `plan.sha256` lists the SHA-256 of every other plan file (plan.json,
 *   plan.md, plan.html, waves.csv) in `sha256sum` format, sorted by name, so
 *   `sha256sum -c plan.sha256` checks them with no kosh at hand. It is always
 *   written, signed or not.
 * - With a key, `plan.json.sig` is the Ed25519 signature over plan.json's
 *   exact bytes and `plan.sha256.sig` the one over the manifest's: raw 64-byte
 *   signatures, which is what `openssl pkeyutl -verify -rawin -sigfile` reads.
 *
 * plan.json.sig alone vouches for plan.json (the plan model); plan.sha256.sig
 * vouches for the manifest and, through its digests, for every file of the
 * plan. So a one-byte change to any plan file, to the manifest or to either
 * signature fails verification. Nothing here touches the file system except
 * reading a key file; the folder checks are in verify-folder.ts.
 */
import {createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject} from 'node:crypto'
import {readFile} from 'node:fs/promises'

import {KoshError} from '../cli/errors.js'
import {updateHash} from '../io/utf8.js'

export const MANIFEST = 'plan.sha256'
export const PLAN_SIGNATURE = 'plan.json.sig'
export const MANIFEST_SIGNATURE = 'plan.sha256.sig'
/** The files a manifest may list, in the order it lists them (by name). */
export const MANIFEST_FILES = ['plan.html', 'plan.json', 'plan.md', 'waves.csv'] as const

export type PlanFiles = Record<string, string | Uint8Array>

export function sha256Hex(data: string | Uint8Array): string {
  const hash = createHash('sha256')
  return (typeof data === 'string' ? updateHash(hash, data) : hash.update(data)).digest('hex')
}

/** `<hex>  <name>\n` per file present among MANIFEST_FILES, sorted by name: what `sha256sum -c` reads. */
export function renderManifest(files: PlanFiles): string {
  return MANIFEST_FILES.filter((name) => name in files).map((name) => `${sha256Hex(files[name])}  ${name}\n`).join('')
}

export interface ManifestEntry {
  name: string
  sha256: string
}

/** Parse a manifest; undefined when a line is not `<64 hex>  <name>` or names a file kosh does not write. */
export function parseManifest(text: string): ManifestEntry[] | undefined {
  const entries: ManifestEntry[] = []
  for (const line of text.split('\n')) {
    if (line === '') continue
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line)
    if (!match || !(MANIFEST_FILES as readonly string[]).includes(match[2])) return undefined
    entries.push({sha256: match[1], name: match[2]})
  }
  return entries
}

/** Ed25519 over the exact bytes: the raw 64-byte signature. */
export function signBytes(data: string | Uint8Array, privateKey: KeyObject): Buffer {
  return sign(null, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, privateKey)
}

/**
 * Check a signature made by `kosh plan --sign-key` (or by openssl) over
 * plan.json's exact bytes, with an Ed25519 public key in PEM (SPKI). Also
 * accepts the signature base64-encoded. False for anything that does not
 * verify, including a malformed key or signature; never throws.
 */
export function verifySignature(planJsonBytes: Uint8Array | string, sigBytes: Uint8Array, publicKeyPem: string | Uint8Array): boolean {
  try {
    const key = createPublicKey(typeof publicKeyPem === 'string' ? publicKeyPem : Buffer.from(publicKeyPem))
    if (key.asymmetricKeyType !== 'ed25519') return false
    const data = typeof planJsonBytes === 'string' ? Buffer.from(planJsonBytes, 'utf8') : planJsonBytes
    const signature = rawSignature(sigBytes)
    return signature !== undefined && verify(null, data, key, signature)
  } catch {
    return false
  }
}

/** The 64 raw bytes, whether the file holds them as they are or base64-encoded. */
function rawSignature(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length === 64) return bytes
  const text = Buffer.from(bytes).toString('ascii').trim()
  if (/^[A-Za-z0-9+/]{86}==$/.test(text)) return Buffer.from(text, 'base64')
  return undefined
}

/**
 * Seal a plan's files: add the manifest, and with a private key the two
 * signatures. `files` holds the rendered plan files by name; the result holds
 * them plus plan.sha256 (and plan.json.sig, plan.sha256.sig).
 */
export function sealPlanFiles(files: PlanFiles, privateKey?: KeyObject): PlanFiles {
  const manifest = renderManifest(files)
  const sealed: PlanFiles = {...files, [MANIFEST]: manifest}
  if (privateKey) {
    sealed[PLAN_SIGNATURE] = signBytes(files['plan.json'], privateKey)
    sealed[MANIFEST_SIGNATURE] = signBytes(manifest, privateKey)
  }
  return sealed
}

/** Read an Ed25519 private key (PEM, PKCS#8, unencrypted) for `--sign-key`. */
export async function readPrivateKey(file: string): Promise<KeyObject> {
  let pem: Buffer
  try {
    pem = await readFile(file)
  } catch (error) {
    throw new KoshError(`${file}: cannot read the signing key (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  let key: KeyObject
  try {
    key = createPrivateKey(pem)
  } catch (error) {
    const encrypted = /ENCRYPTED/.test(pem.toString('latin1'))
    throw new KoshError(`${file}: not a usable private key${encrypted ? ' (it is encrypted; kosh reads an unencrypted PKCS#8 key, as kosh keys generate writes)' : ` (${(error as Error).message})`}; make one with kosh keys generate --out DIR`)
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new KoshError(`${file}: a ${key.asymmetricKeyType ?? 'non-Ed25519'} key; plans are signed with Ed25519 (kosh keys generate --out DIR)`)
  }
  return key
}

/** A new Ed25519 key pair in PEM: the private key PKCS#8, the public key SPKI. */
export function generateKeyPair(): {privatePem: string; publicPem: string} {
  const {privateKey, publicKey} = generateKeyPairSync('ed25519')
  return {
    privatePem: privateKey.export({type: 'pkcs8', format: 'pem'}).toString(),
    publicPem: publicKey.export({type: 'spki', format: 'pem'}).toString(),
  }
}
