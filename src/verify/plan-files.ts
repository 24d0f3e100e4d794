/**
 * Verifying a plan folder: the plan's own digest, drift against the inventory
 * (a stale plan), waves.csv against plan.json, and every state re-checked by
 * the verifier on the inventory as it is now. Independent of the planner: only
 * the waves written in plan.json are used.
 */
import {existsSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {classify} from '../classify/classify.js'
import {KoshError} from '../cli/errors.js'
import {compile} from '../graph/compile.js'
import {checkPlanBytes, PLAN_FORMAT, type PlanDocument} from '../export/plan-document.js'
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

/**
 * What the checks below read from plan.json, or why it cannot be read: a plan
 * edited by hand (or damaged) is a failed verification, never a crash.
 */
function shapeProblem(document: unknown): string | undefined {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return 'plan.json does not hold a JSON object'
  const doc = document as Record<string, unknown>
  if (doc.format !== PLAN_FORMAT) return `plan.json has format ${JSON.stringify(doc.format)}, this kosh reads ${PLAN_FORMAT}`
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)
  if (!isObject(doc.inventory) || typeof doc.inventory.digest !== 'string') return 'plan.json has no inventory digest'
  if (!isObject(doc.options)) return 'plan.json has no options'
  const numbers = (x: unknown) => x === undefined || (Array.isArray(x) && x.every((n) => typeof n === 'number'))
  if (!numbers(doc.options.maxSystems) || !numbers(doc.options.maxGb)) return 'plan.json has capacities that are not lists of numbers'
  if (doc.options.pins !== undefined && (!isObject(doc.options.pins) || !Object.values(doc.options.pins).every((w) => typeof w === 'number'))) return 'plan.json has pins that are not wave numbers'
  if (typeof doc.digest !== 'string') return 'plan.json has no digest of itself'
  if (typeof doc.feasible !== 'boolean') return 'plan.json does not say whether it is feasible'
  if (!Array.isArray(doc.waves)) return 'plan.json has no list of waves'
  for (const [i, wave] of doc.waves.entries()) {
    if (!isObject(wave) || !Array.isArray(wave.systems) || !wave.systems.every((s) => isObject(s) && typeof s.id === 'string')) return `plan.json: wave ${i + 1} has no list of systems`
    if (wave.dates !== undefined && (!isObject(wave.dates) || typeof wave.dates.start !== 'string' || typeof wave.dates.end !== 'string')) return `plan.json: wave ${i + 1} has dates without a start and an end`
  }
  return undefined
}

export async function verifyPlanFolder(dir: string, inventory: Inventory): Promise<PlanFolderVerification> {
  const checks: PlanCheck[] = []
  const add = (check: PlanCheck['check'], ok: boolean, message: string) => checks.push({check, ok, message})
  let document: PlanDocument
  let bytes: Buffer
  try {
    ;({document, bytes} = await readPlanDocument(dir))
  } catch (error) {
    // No plan.json at all is a usage error; one that no longer parses failed verification.
    if (!existsSync(join(dir, 'plan.json'))) throw error
    add('format', false, (error as Error).message)
    return {ok: false, stale: false, checks}
  }

  const problem = shapeProblem(document)
  if (problem) {
    add('format', false, problem)
    return {ok: false, stale: false, checks, document}
  }
  add('format', true, PLAN_FORMAT)
  // The digest covers the content; the canonical bytes cover the rest (an edit to spacing or key order).
  const {digest, canonical} = checkPlanBytes(document, bytes)
  add('self-digest', canonical, canonical
    ? `plan.json digest ${digest}`
    : digest !== document.digest
      ? `plan.json was changed after it was written: its content hashes to ${digest}, it claims ${document.digest}`
      : 'plan.json was changed after it was written: its bytes are not the canonical form kosh writes')

  const waves = await readFile(join(dir, 'waves.csv'), 'utf8').catch(() => undefined)
  if (waves === undefined) add('waves-csv', false, 'waves.csv is missing')
  else {
    let expected: string | undefined
    try {
      expected = renderWavesCsv(document)
    } catch {
      expected = undefined
    }
    const same = waves === expected
    add('waves-csv', same, same ? 'waves.csv matches plan.json' : expected === undefined ? 'plan.json cannot be rendered as waves.csv (it was edited)' : 'waves.csv differs from what plan.json says')
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
