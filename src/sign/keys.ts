/**
 * Writing a new signing key pair: private.pem (PKCS#8, mode 0600) and
 * public.pem (SPKI). Neither file is ever overwritten: both are created with
 * O_EXCL, and a pair half-written is removed again.
 */
import {chmod, mkdir, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {KoshError} from '../cli/errors.js'
import {generateKeyPair} from './sign.js'

export const PRIVATE_KEY_FILE = 'private.pem'
export const PUBLIC_KEY_FILE = 'public.pem'

export interface WrittenKeyPair {
  privateKey: string
  publicKey: string
  publicPem: string
}

export async function writeKeyPair(dir: string): Promise<WrittenKeyPair> {
  const {privatePem, publicPem} = generateKeyPair()
  const privateKey = join(dir, PRIVATE_KEY_FILE)
  const publicKey = join(dir, PUBLIC_KEY_FILE)
  await mkdir(dir, {recursive: true, mode: 0o700})
  const created: string[] = []
  try {
    await writeFile(privateKey, privatePem, {flag: 'wx', mode: 0o600})
    created.push(privateKey)
    await chmod(privateKey, 0o600)
    await writeFile(publicKey, publicPem, {flag: 'wx', mode: 0o644})
    created.push(publicKey)
  } catch (error) {
    for (const file of created) await rm(file, {force: true})
    const e = error as NodeJS.ErrnoException
    if (e.code === 'EEXIST') throw new KoshError(`${e.path ?? dir} already exists; kosh never overwrites a key (choose another --out or remove the old pair deliberately)`)
    throw new KoshError(`${dir}: cannot write the key pair (${e.code ?? e.message})`)
  }
  return {privateKey, publicKey, publicPem}
}
