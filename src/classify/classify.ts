/**
 * Effective classes: what each system really holds.
 *
 * A system holds what it declares, what its datasets show, every class its
 * inbound flows carry (it receives them) and every class its outbound flows
 * carry (it must hold what it sends), closed under implication (health implies
 * personal). A flow with no declared classes carries everything its source
 * holds, so classes travel along chains and cycles of such flows: a fixpoint.
 *
 * Worklist propagation: a system is queued when its classes grow, and a class
 * can only be added once, so each system is processed at most once per class
 * and the whole costs O((systems + flows) x classes), cycles included.
 *
 * Every class a system holds keeps the first reason it was added (the dataset
 * row, the flow, or the implication), so `explain` can walk the chain back to
 * the row that started it.
 */
import {CLASS_BIT, type Compiled} from '../graph/compile.js'
import {CLASSES, FILES, type DataClass} from '../model/inventory.js'

export const enum Reason {
  None = 0,
  Declared = 1,
  Dataset = 2,
  Inbound = 3,
  Outbound = 4,
  Carried = 5,
  Implied = 6,
}

const CLASS_COUNT = CLASSES.length
const BIT_INDEX: Record<number, number> = {1: 0, 2: 1, 4: 2, 8: 3, 16: 4}

export interface Classification {
  /** Effective classes per system (mask). 0: unknown, a gap. */
  effective: Uint8Array
  /** Classes each flow carries: its own, or (when it declares none) everything its source holds. */
  carried: Uint8Array
  /** Why system s holds class c: `reason[s * 5 + c]`, with `reasonRef` the dataset, flow or system index. */
  reason: Uint8Array
  reasonRef: Int32Array
}

export function classify(compiled: Compiled): Classification {
  const {inventory, flowSource, flowTarget, flowDeclared} = compiled
  const n = compiled.systemIds.length
  const m = flowSource.length
  const effective = new Uint8Array(n)
  const reason = new Uint8Array(n * CLASS_COUNT)
  const reasonRef = new Int32Array(n * CLASS_COUNT)

  /** Add classes to a system; returns whether it grew. Implied classes get their own reason. */
  const add = (s: number, mask: number, why: Reason, ref: number): boolean => {
    const fresh = mask & ~effective[s]
    if (fresh === 0) return false
    effective[s] |= fresh
    for (let bit = 1; bit <= 16; bit <<= 1) {
      if (fresh & bit) {
        const slot = s * CLASS_COUNT + BIT_INDEX[bit]
        reason[slot] = why
        reasonRef[slot] = ref
      }
    }
    if (effective[s] & CLASS_BIT.health && !(effective[s] & CLASS_BIT.personal)) {
      effective[s] |= CLASS_BIT.personal
      const slot = s * CLASS_COUNT + BIT_INDEX[CLASS_BIT.personal]
      reason[slot] = Reason.Implied
      reasonRef[slot] = s
    }
    return true
  }

  // 1. What systems and their datasets say.
  inventory.systems.forEach((system, s) => {
    let mask = 0
    for (const c of system.classes) mask |= CLASS_BIT[c]
    add(s, mask, Reason.Declared, s)
  })
  inventory.datasets.forEach((dataset, d) => {
    const s = compiled.systemIndex.get(dataset.system)
    if (s === undefined) return
    let mask = 0
    for (const c of dataset.classes) mask |= CLASS_BIT[c]
    add(s, mask, Reason.Dataset, d)
  })
  // 2. Flows that declare their classes: both ends hold them. The classes as
  // written, not `flowDeclared` (closed): a flow row that says `health` must not
  // be cited as the reason for `personal`; `add` records that as an implication.
  for (let f = 0; f < m; f++) {
    if (flowDeclared[f] === 0) continue
    let mask = 0
    for (const c of inventory.flows[f].classes) mask |= CLASS_BIT[c]
    add(flowTarget[f], mask, Reason.Inbound, f)
    add(flowSource[f], mask, Reason.Outbound, f)
  }
  // 3. Flows that declare none carry all their source holds, to a fixpoint.
  const outStart = new Int32Array(n + 1)
  for (let f = 0; f < m; f++) if (flowDeclared[f] === 0) outStart[flowSource[f] + 1]++
  for (let s = 0; s < n; s++) outStart[s + 1] += outStart[s]
  const out = new Int32Array(outStart[n])
  const fill = outStart.slice(0, n)
  for (let f = 0; f < m; f++) if (flowDeclared[f] === 0) out[fill[flowSource[f]]++] = f

  const queue = new Int32Array(n * CLASS_COUNT + n)
  const queued = new Uint8Array(n)
  let head = 0
  let tail = 0
  for (let s = 0; s < n; s++) {
    if (effective[s] !== 0 && outStart[s + 1] > outStart[s]) {
      queue[tail++] = s
      queued[s] = 1
    }
  }
  while (head < tail) {
    const s = queue[head++]
    queued[s] = 0
    for (let i = outStart[s]; i < outStart[s + 1]; i++) {
      const f = out[i]
      const t = flowTarget[f]
      if (add(t, effective[s], Reason.Carried, f) && !queued[t] && outStart[t + 1] > outStart[t]) {
        queue[tail++] = t
        queued[t] = 1
      }
    }
  }

  const carried = new Uint8Array(m)
  for (let f = 0; f < m; f++) carried[f] = flowDeclared[f] || effective[flowSource[f]]
  return {effective, carried, reason, reasonRef}
}

export interface ExplainStep {
  system: string
  class: DataClass
  reason: 'declared' | 'dataset' | 'inbound' | 'outbound' | 'carried' | 'implied'
  file: string
  line: number
  /** The flow, for flow reasons. */
  flow?: {id: string; source: string; target: string}
  /** The dataset, for dataset reasons. */
  dataset?: string
}

const REASON_NAMES = ['declared', 'declared', 'dataset', 'inbound', 'outbound', 'carried', 'implied'] as const

/** The chain of rows that made system `s` hold class `c`, from the system back to the row that started it. */
export function explainClass(compiled: Compiled, classification: Classification, s: number, c: DataClass): ExplainStep[] {
  const steps: ExplainStep[] = []
  const {inventory} = compiled
  let system = s
  let cls = c
  for (let guard = 0; guard <= compiled.systemIds.length * CLASS_COUNT; guard++) {
    const slot = system * CLASS_COUNT + CLASSES.indexOf(cls)
    const why = classification.reason[slot] as Reason
    if (why === Reason.None) break
    const ref = classification.reasonRef[slot]
    const base = {system: compiled.systemIds[system], class: cls, reason: REASON_NAMES[why]}
    if (why === Reason.Declared || why === Reason.Implied) {
      steps.push({...base, file: FILES.systems, line: inventory.systems[system].line})
      if (why === Reason.Declared) break
      cls = 'health'
      continue
    }
    if (why === Reason.Dataset) {
      const d = inventory.datasets[ref]
      steps.push({...base, file: FILES.datasets, line: d.line, dataset: d.column ? `${d.dataset}.${d.column}` : d.dataset})
      break
    }
    const flow = inventory.flows[ref]
    steps.push({...base, file: FILES.flows, line: flow.line, flow: {id: flow.id, source: flow.source, target: flow.target}})
    if (why !== Reason.Carried) break
    system = compiled.flowSource[ref]
  }
  return steps
}

/** `archive holds health <- flows.csv:9 backup->archive (carries all) <- systems.csv:2 emr declares health`. */
export function formatExplanation(steps: readonly ExplainStep[]): string {
  if (steps.length === 0) return ''
  const parts = [`${steps[0].system} holds ${steps[0].class}`]
  for (const step of steps) {
    const at = `${step.file}:${step.line}`
    switch (step.reason) {
      case 'declared':
        parts.push(`${at} ${step.system} declares ${step.class}`)
        break
      case 'implied':
        parts.push(`${at} ${step.system}: health implies personal`)
        break
      case 'dataset':
        parts.push(`${at} ${step.system} dataset ${step.dataset} holds ${step.class}`)
        break
      case 'inbound':
        parts.push(`${at} ${step.flow!.source}->${step.flow!.target} carries ${step.class} in`)
        break
      case 'outbound':
        parts.push(`${at} ${step.flow!.source}->${step.flow!.target} carries ${step.class} out`)
        break
      case 'carried':
        parts.push(`${at} ${step.flow!.source}->${step.flow!.target} (carries all)`)
        break
    }
  }
  return parts.join(' <- ')
}
