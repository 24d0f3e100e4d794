/**
 * Verifying a plan folder: the plan's own digest, drift against the inventory
 * (a stale plan), waves.csv against plan.json, and every state re-checked by
 * the verifier on the inventory as it is now. Independent of the planner: only
 * the waves written in plan.json are used.
 */
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {classify} from '../classify/classify.js'
import {KoshError} from '../cli/errors.js'
import {compile} from '../graph/compile.js'
import {documentDigest, PLAN_FORMAT, type PlanDocument} from '../export/plan-document.js'
import {renderWavesCsv} from '../export/waves-csv.js'
import {inventoryDigest} from '../model/digest.js'
import type {Inventory} from '../model/inventory.js'
import {withPins} from '../plan/run.js'
import {verifyPlan, type Verification} from './verify.js'

export interface PlanCheck {
  check: 'format' | 'self-digest' | 'waves-csv' | 'inventory-digest' | 'states' | 'signature'
  ok: boolean
  message: string
}

export interface PlanFolderVerification {
  ok: boolean
  stale: boolean
  checks: PlanCheck[]
  verification?: Verification
  document?: PlanDocument
}

export async function readPlanDocument(dir: string): Promise<{bytes: Buffer; document: PlanDocument}> {
  let bytes: Buffer
  try {
    bytes = await readFile(join(dir, 'plan.json'))
  } catch {
    throw new KoshError(`${join(dir, 'plan.json')}: no plan here (run kosh plan --out ${dir})`)
  }
  try {
    return {bytes, document: JSON.parse(bytes.toString('utf8')) as PlanDocument}
  } catch (error) {
    throw new KoshError(`${join(dir, 'plan.json')}: not valid JSON (${(error as Error).message})`)
  }
}

export async function verifyPlanFolder(dir: string, inventory: Inventory): Promise<PlanFolderVerification> {
  const {document} = await readPlanDocument(dir)
  const checks: PlanCheck[] = []
  const add = (check: PlanCheck['check'], ok: boolean, message: string) => checks.push({check, ok, message})

  if (document.format !== PLAN_FORMAT) {
    add('format', false, `plan.json has format ${JSON.stringify(document.format)}, this kosh reads ${PLAN_FORMAT}`)
    return {ok: false, stale: false, checks, document}
  }
  add('format', true, PLAN_FORMAT)
  const digest = documentDigest(document)
  add('self-digest', digest === document.digest, digest === document.digest ? `plan.json digest ${digest}` : `plan.json was changed after it was written: its content hashes to ${digest}, it claims ${document.digest}`)

  const waves = await readFile(join(dir, 'waves.csv'), 'utf8').catch(() => undefined)
  if (waves === undefined) add('waves-csv', false, 'waves.csv is missing')
  else {
    const same = waves === renderWavesCsv(document)
    add('waves-csv', same, same ? 'waves.csv matches plan.json' : 'waves.csv differs from what plan.json says')
  }

  const current = inventoryDigest(inventory)
  const stale = current !== document.inventory.digest
  add('inventory-digest', !stale, stale ? `stale: the inventory changed since the plan was made (plan ${document.inventory.digest.slice(0, 12)}, inventory now ${current.slice(0, 12)})` : `inventory digest ${current}`)

  const compiled = compile(withPins(inventory, document.options.pins))
  const known = new Set(compiled.systemIds)
  const waveLists = document.waves.map((w) => w.systems.map((s) => s.id))
  const verification = verifyPlan(compiled, classify(compiled), {
    waves: waveLists,
    dates: document.waves.every((w) => w.dates) && document.waves.length > 0 ? document.waves.map((w) => w.dates!) : undefined,
    maxSystems: document.options.maxSystems,
    maxGb: document.options.maxGb,
  })
  const problems = verification.conditions.length + verification.introduced.length + verification.final.length
  const feasibleClaim = document.feasible
  const statesOk = feasibleClaim ? verification.valid : true
  add('states', statesOk, !feasibleClaim
    ? 'the plan records that no valid plan exists'
    : verification.valid
      ? `${verification.states.length} states re-checked: no state adds a violation, the final state has none`
      : `${problems} problem(s): ${[...verification.conditions.map((c) => c.message), ...verification.introduced.map((f) => `state ${f.state}: ${f.message}`), ...verification.final.map((f) => `final state: ${f.message}`)].slice(0, 5).join('; ')}`)
  void known
  return {ok: checks.every((c) => c.ok) && feasibleClaim, stale, checks, verification, document}
}
