/**
 * Checking a plan folder's Ed25519 signature: `plan.json.sig` holds the raw
 * 64-byte signature over the exact bytes of plan.json, so a reviewer can check
 * it with openssl alone:
 *   openssl pkeyutl -verify -pubin -inkey public.pem -rawin -in plan.json -sigfile plan.json.sig
 */
import {createPublicKey, verify} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {KoshError} from '../cli/errors.js'
import type {PlanCheck} from '../verify/plan-files.js'

export async function verifyPlanSignature(dir: string, publicKeyFile: string): Promise<PlanCheck> {
  let key
  try {
    key = createPublicKey(await readFile(publicKeyFile))
  } catch (error) {
    throw new KoshError(`${publicKeyFile}: not a readable public key (${(error as Error).message})`)
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new KoshError(`${publicKeyFile}: an ${key.asymmetricKeyType} key; kosh signs plans with Ed25519`)
  const signature = await readFile(join(dir, 'plan.json.sig')).catch(() => undefined)
  if (!signature) return {check: 'signature', ok: false, message: 'plan.json.sig is missing: the plan is not signed'}
  const plan = await readFile(join(dir, 'plan.json'))
  const ok = verify(null, plan, key, signature)
  return {check: 'signature', ok, message: ok ? 'plan.json.sig is a valid Ed25519 signature of plan.json' : 'plan.json.sig does not match plan.json and this public key'}
}
