/**
 * Plan history and the approval log.
 *
 * A saved plan is the exact plan.json bytes, keyed by the plan's own digest, so
 * saving the same plan again returns the existing record. A plan is linked to
 * the snapshot of its inventory when the database holds one. Approvals are
 * appended, never changed: the database refuses UPDATE, DELETE and TRUNCATE on
 * both tables (trigger `kosh_append_only`, migration 2), whoever asks.
 */
import type pg from 'pg'

import {EXIT, KoshError} from '../cli/errors.js'
import {documentDigest, findingCounts, type PlanDocument} from '../export/plan-document.js'
import {shortDigest} from './snapshots.js'

export interface PlanSummary {
  waves: number
  lowerBound: number
  systems: number
  /** Violations present today, and how many of them the plan removes. */
  present: number
  removed: number
  findings: number
  counts: PlanDocument['inventory']['counts']
}

export interface PlanRecord {
  id: number
  digest: string
  short: string
  format: string
  inventoryName: string
  inventoryDigest: string
  /** The snapshot of its inventory, when the database holds one. */
  snapshot?: {id: number; short: string}
  feasible: boolean
  valid: boolean
  summary: PlanSummary
  options: PlanDocument['options']
  createdAt: string
  createdBy: string
}

export interface ApprovalRecord {
  id: number
  planId: number
  planDigest: string
  reviewer: string
  decision: Decision
  comment: string
  createdAt: string
  createdBy: string
}

export const DECISIONS = ['approve', 'reject'] as const
export type Decision = (typeof DECISIONS)[number]

export interface SavePlanInput {
  /** plan.json exactly as written (canonical bytes; its `digest` covers the rest). */
  planJson: string
}

/** The summary `db plans` shows, taken from the plan itself. */
export function summarize(doc: PlanDocument): PlanSummary {
  const count = findingCounts(doc)
  return {
    waves: doc.waveCount,
    lowerBound: doc.lowerBound,
    systems: doc.waves.reduce((n, w) => n + w.systems.length, 0),
    present: count.present,
    removed: count.removed,
    findings: count.findings,
    counts: doc.inventory.counts,
  }
}

/** Parse plan.json and check its self digest. */
export function readPlanJson(planJson: string): PlanDocument {
  let doc: PlanDocument
  try {
    doc = JSON.parse(planJson) as PlanDocument
  } catch (error) {
    throw new KoshError(`the plan is not JSON: ${(error as Error).message}`, EXIT.input)
  }
  if (typeof doc?.digest !== 'string' || typeof doc.format !== 'string' || !doc.inventory?.digest) {
    throw new KoshError('the plan is not a kosh plan (no format, digest or inventory digest)', EXIT.input)
  }
  if (documentDigest(doc) !== doc.digest) throw new KoshError('the plan does not match its own digest; it was changed after kosh wrote it', EXIT.input)
  return doc
}

interface PlanRow {
  id: string
  plan_digest: string
  inventory_digest: string
  snapshot_id: string | null
  format: string
  feasible: boolean
  valid: boolean
  summary: PlanSummary & {inventoryName?: string}
  options: PlanDocument['options']
  created_at: Date
  created_by: string
  snapshot_digest: string | null
}

const PLAN_SELECT = `SELECT p.id, p.plan_digest, p.inventory_digest, p.snapshot_id, p.format, p.feasible, p.valid, p.summary, p.options,
  p.created_at, p.created_by, s.inventory_digest AS snapshot_digest
  FROM kosh_plan p LEFT JOIN kosh_snapshot s ON s.id = p.snapshot_id`

function planOf(row: PlanRow): PlanRecord {
  const {inventoryName, ...summary} = row.summary
  return {
    id: Number(row.id),
    digest: row.plan_digest,
    short: shortDigest(row.plan_digest),
    format: row.format,
    inventoryName: inventoryName ?? '',
    inventoryDigest: row.inventory_digest,
    snapshot: row.snapshot_id !== null && row.snapshot_digest ? {id: Number(row.snapshot_id), short: shortDigest(row.snapshot_digest)} : undefined,
    feasible: row.feasible,
    valid: row.valid,
    summary,
    options: row.options,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
  }
}

/**
 * Store a plan and its verification, or return the record that already holds
 * it (same digest). `created` tells which.
 */
export async function savePlan(client: pg.Client, input: SavePlanInput): Promise<{plan: PlanRecord; created: boolean}> {
  const doc = readPlanJson(input.planJson)
  const summary = {...summarize(doc), inventoryName: doc.inventory.name}
  const {rows} = await client.query<{id: string}>(
    `INSERT INTO kosh_plan (plan_digest, inventory_digest, snapshot_id, format, plan_json, feasible, valid, summary, options)
     VALUES ($1, $2, (SELECT id FROM kosh_snapshot WHERE inventory_digest = $2), $3, $4, $5, $6, $7, $8)
     ON CONFLICT (plan_digest) DO NOTHING RETURNING id`,
    [doc.digest, doc.inventory.digest, doc.format, input.planJson, doc.feasible, doc.verification.valid, JSON.stringify(summary), JSON.stringify(doc.options ?? {})],
  )
  const plan = await findPlan(client, doc.digest)
  return {plan: plan!, created: rows.length > 0}
}

async function findPlan(client: pg.Client, digest: string): Promise<PlanRecord | undefined> {
  const {rows} = await client.query<PlanRow>(`${PLAN_SELECT} WHERE p.plan_digest = $1`, [digest])
  return rows[0] ? planOf(rows[0]) : undefined
}

/** Every saved plan, oldest first. */
export async function listPlans(client: pg.Client): Promise<PlanRecord[]> {
  const {rows} = await client.query<PlanRow>(`${PLAN_SELECT} ORDER BY p.id`)
  return rows.map(planOf)
}

/** A plan by reference: `latest`, its number (`7` or `#7`), or at least 6 hex digits of its digest. */
export async function resolvePlan(client: pg.Client, ref: string): Promise<PlanRecord> {
  const wanted = ref.trim()
  if (wanted === 'latest') {
    const {rows} = await client.query<PlanRow>(`${PLAN_SELECT} ORDER BY p.id DESC LIMIT 1`)
    if (!rows[0]) throw new KoshError('the database holds no plan yet; save one with `kosh plan --save`', EXIT.input)
    return planOf(rows[0])
  }
  const serial = /^#?(\d{1,15})$/.exec(wanted)
  const prefix = /^[0-9a-f]{6,64}$/i.test(wanted) ? wanted.toLowerCase() : undefined
  if (!serial && !prefix) throw new KoshError(`"${ref}" is not a plan: use latest, a number (#7) or at least 6 hex digits of its digest`, EXIT.input)
  const {rows} =
    serial && (wanted.startsWith('#') || !prefix)
      ? await client.query<PlanRow>(`${PLAN_SELECT} WHERE p.id = $1`, [serial[1]])
      : await client.query<PlanRow>(`${PLAN_SELECT} WHERE left(p.plan_digest, $2) = $1 ${serial ? 'OR p.id = $3' : ''} ORDER BY p.id LIMIT 5`, serial ? [prefix, prefix!.length, serial[1]] : [prefix, prefix!.length])
  if (rows.length === 0) throw new KoshError(`no plan ${ref} in the database (kosh db plans lists them)`, EXIT.input)
  if (rows.length > 1) {
    throw new KoshError(`"${ref}" names more than one plan (${rows.map((r) => `#${r.id} ${shortDigest(r.plan_digest)}`).join(', ')}); write #N for a number or more digits of the digest`, EXIT.input)
  }
  return planOf(rows[0])
}

/** plan.json of a saved plan, exactly as it was saved. */
export async function planJsonOf(client: pg.Client, plan: Pick<PlanRecord, 'id'>): Promise<string> {
  const {rows} = await client.query<{plan_json: string}>('SELECT plan_json FROM kosh_plan WHERE id = $1', [plan.id])
  return rows[0].plan_json
}

interface ApprovalRow {
  id: string
  plan_id: string
  plan_digest: string
  reviewer: string
  decision: Decision
  comment: string
  created_at: Date
  created_by: string
}

function approvalOf(row: ApprovalRow): ApprovalRecord {
  return {
    id: Number(row.id),
    planId: Number(row.plan_id),
    planDigest: row.plan_digest,
    reviewer: row.reviewer,
    decision: row.decision,
    comment: row.comment,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
  }
}

export interface ApproveInput {
  reviewer: string
  decision: Decision
  comment: string
}

/**
 * Append a decision to the plan's approval log. A plan that failed its
 * verification (or has no feasible waves) can be rejected, never approved.
 */
export async function approvePlan(client: pg.Client, plan: PlanRecord, input: ApproveInput): Promise<ApprovalRecord> {
  const reviewer = input.reviewer.trim()
  if (reviewer === '') throw new KoshError('--reviewer must name the reviewer', EXIT.input)
  if (!DECISIONS.includes(input.decision)) throw new KoshError(`--decision must be approve or reject (found "${input.decision}")`, EXIT.input)
  if (input.decision === 'approve' && !(plan.valid && plan.feasible)) {
    throw new KoshError(`plan #${plan.id} ${plan.short} failed its verification; it can be rejected, not approved`, EXIT.input)
  }
  const {rows} = await client.query<ApprovalRow>(
    `INSERT INTO kosh_approval (plan_id, plan_digest, reviewer, decision, comment) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, plan_id, plan_digest, reviewer, decision, comment, created_at, created_by`,
    [plan.id, plan.digest, reviewer, input.decision, input.comment],
  )
  return approvalOf(rows[0])
}

/** The approval log of a plan (or of every plan), oldest first. */
export async function listApprovals(client: pg.Client, plan?: Pick<PlanRecord, 'id'>): Promise<ApprovalRecord[]> {
  const {rows} = await client.query<ApprovalRow>(
    `SELECT id, plan_id, plan_digest, reviewer, decision, comment, created_at, created_by FROM kosh_approval
     ${plan ? 'WHERE plan_id = $1' : ''} ORDER BY id`,
    plan ? [plan.id] : [],
  )
  return rows.map(approvalOf)
}
