/**
 * The middle of the pipeline, from a valid inventory to a plan document:
 * compile -> classify -> plan -> verify -> document. No files are touched.
 */
import {classify, type Classification} from '../classify/classify.js'
import {compile, type Compiled} from '../graph/compile.js'
import {inventoryDigest} from '../model/digest.js'
import type {Inventory} from '../model/inventory.js'
import {buildPlan, type PlanDocument, type PlanOptionsRecord} from '../export/plan-document.js'
import {policyFindings, type Finding} from '../rules/rules.js'
import {verifyPlan, type Verification} from '../verify/verify.js'
import {planWaves, type PlanResult} from './plan.js'

export interface PlanRun {
  compiled: Compiled
  classification: Classification
  plan: PlanResult
  verification: Verification
  document: PlanDocument
  /** plan.json's bytes. */
  json: Buffer
  /** R0 and R4, the findings that do not depend on where systems sit (the document groups them), made when first read. */
  findings: Finding[]
}

/** Apply `--pins` (system id -> wave) on top of the inventory's own pins. */
export function withPins(inventory: Inventory, pins: Record<string, number> | undefined): Inventory {
  if (!pins || Object.keys(pins).length === 0) return inventory
  return {...inventory, systems: inventory.systems.map((s) => (pins[s.id] !== undefined ? {...s, wave: pins[s.id]} : s))}
}

export function runPlan(inventory: Inventory, options: PlanOptionsRecord, digest = inventoryDigest(inventory)): PlanRun {
  return documented(planned(inventory, options), options, digest)
}

/** runPlan with a digest that is still being made (digest-thread.ts): awaited only for the document. */
export async function runPlanAwaitingDigest(inventory: Inventory, options: PlanOptionsRecord, digest: () => Promise<string>): Promise<PlanRun> {
  const run = planned(inventory, options)
  return documented(run, options, await digest())
}

type Planned = Omit<PlanRun, 'document' | 'json' | 'findings'>

/**
 * The plan and its verification without the plan document: what `kosh check`
 * reads. At national scale the document (plan.json's bytes, tens of
 * megabytes) costs as much as the plan itself.
 */
export function planWithoutDocument(inventory: Inventory, options: PlanOptionsRecord): Planned & {findings: Finding[]} {
  const run = planned(inventory, options)
  let findings: Finding[] | undefined
  return {
    ...run,
    get findings() {
      return (findings ??= policyFindings(run.compiled, run.classification))
    },
  }
}

function planned(inventory: Inventory, options: PlanOptionsRecord): Planned {
  const compiled = compile(withPins(inventory, options.pins))
  const classification = classify(compiled)
  const calendar = options.start ? {start: options.start, waveDays: options.waveDays ?? 14, blackouts: options.blackouts ?? []} : undefined
  const plan = planWaves(compiled, classification, {maxSystems: options.maxSystems, maxGb: options.maxGb, calendar})
  const verification = verifyPlan(compiled, classification, {
    waves: plan.waves.map((w) => w.systems),
    dates: calendar ? plan.waves.map((w) => w.dates!) : undefined,
    maxSystems: options.maxSystems,
    maxGb: options.maxGb,
  })
  return {compiled, classification, plan, verification}
}

function documented(run: Planned, options: PlanOptionsRecord, digest: string): PlanRun {
  const built = buildPlan({...run, inventoryDigest: digest, options})
  // The findings are made only when read: the document has them in groups.
  return {
    ...run,
    document: built.document,
    json: built.json,
    get findings() {
      return built.findings
    },
  }
}
