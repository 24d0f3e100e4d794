import * as Flags from '@oclif/core/flags'

import {KoshCommand, inventoryFlag} from '../cli/base.js'
import {EXIT, KoshError, invalidInventory} from '../cli/errors.js'
import {classify, explainClass, formatExplanation, type Classification, type ExplainStep} from '../classify/classify.js'
import {classesOf, compile, type Compiled} from '../graph/compile.js'
import {hasErrors} from '../model/diagnostic.js'
import {maxOf} from '../model/lists.js'
import {fromDbFlags, openInventorySource} from '../store/flags.js'
import {CLASSES, type DataClass} from '../model/inventory.js'

export interface ClassifiedSystem {
  id: string
  name: string
  zone: string
  /** Classes as declared in systems.csv. */
  declared: DataClass[]
  /** Declared, plus datasets, plus what its flows carry in and out, closed under implication. */
  effective: DataClass[]
  /** Effective classes it does not declare: each has a chain of rows (`--explain`). */
  inferred: DataClass[]
  /** No class declared or inferred: a gap (`kosh check` fails on it), never a pass. */
  unknown: boolean
}

export interface ClassExplanation {
  class: DataClass
  /** `archive holds health <- flows.csv:9 backup->archive (carries all) <- systems.csv:2 emr declares health`. */
  text: string
  /** The same chain as data, from the system back to the row that started it. */
  steps: ExplainStep[]
}

/** `kosh classify --json`. */
export interface ClassifyResult {
  inventory: string
  counts: {
    systems: number
    /** Systems with no class at all. */
    gaps: number
    /** Systems holding each class. */
    holding: Record<DataClass, number>
  }
  /** Ids of the unknown systems, sorted. */
  gaps: string[]
  /** Every system, sorted by id. */
  systems: ClassifiedSystem[]
  /** With `--explain ID`: why the system holds each class it does not declare. */
  explain?: {system: string; declared: DataClass[]; inferred: ClassExplanation[]}
}

export default class Classify extends KoshCommand {
  static override summary = 'Effective classes of every system, with the rows they come from'
  static override description = `A system holds what it declares, what its datasets show, every class its flows carry in or out, and personal wherever it holds health. A flow with empty classes carries everything its source holds, so classes travel along chains and cycles of such flows.
A system with no class declared or inferred is unknown: a gap, listed and counted (declare "public" for a system that holds nothing sensitive).
--explain ID prints, for each class ID holds but does not declare, the chain of rows that put it there, with file:line.`

  static override examples = ['<%= config.bin %> classify', '<%= config.bin %> classify --explain etl', '<%= config.bin %> classify --json']
  static override flags = {
    inventory: inventoryFlag,
    ...fromDbFlags,
    explain: Flags.string({description: 'show why this system holds each class it does not declare', helpValue: 'ID'}),
  }

  async run(): Promise<ClassifyResult> {
    const {flags} = await this.parse(Classify)
    const {inventory, diagnostics, where} = await openInventorySource({inventory: flags.inventory, fromDb: flags['from-db'], databaseUrl: flags['database-url']})
    if (hasErrors(diagnostics)) throw invalidInventory(where, diagnostics)
    const compiled = compile(inventory)
    const classification = classify(compiled)
    const result = classifyResult(where, compiled, classification)
    if (flags.explain !== undefined) {
      const s = compiled.systemIndex.get(flags.explain)
      if (s === undefined) throw new KoshError(unknownSystem(flags.explain, compiled.systemIds, where))
      result.explain = explainSystem(compiled, classification, s)
    }

    if (!this.jsonEnabled()) {
      if (result.explain) this.printExplanation(result)
      else this.printTable(result)
    }
    return result
  }

  private printTable(result: ClassifyResult): void {
    const rows = result.systems.map((s) => [
      s.id,
      s.zone,
      s.declared.join(', ') || '-',
      s.unknown ? 'UNKNOWN (gap)' : s.effective.map((c) => (s.inferred.includes(c) ? `${c}*` : c)).join(', '),
    ])
    const table = [['SYSTEM', 'ZONE', 'DECLARED', 'EFFECTIVE'], ...rows]
    const widths = table[0].map((_, i) => maxOf(table.map((row) => row[i].length)))
    for (const row of table) this.log(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '))
    this.log('')
    this.log('* inferred from datasets, flows or implication: kosh classify --explain ID shows the rows')
    const {systems, gaps} = result.counts
    const held = CLASSES.filter((c) => result.counts.holding[c] > 0).map((c) => `${c} ${result.counts.holding[c]}`)
    this.log(`${systems} systems${held.length > 0 ? ` (${held.join(', ')})` : ''}; ${gaps} gap(s)${gaps > 0 ? `: no class declared or inferred (declare "public" if a system holds nothing sensitive)` : ''}`)
  }

  private printExplanation(result: ClassifyResult): void {
    const {system, declared, inferred} = result.explain!
    const row = result.systems.find((s) => s.id === system)!
    if (row.unknown) {
      this.log(`${system} holds no class: unknown, a gap (declare its classes in systems.csv, or "public" if it holds nothing sensitive)`)
      return
    }
    this.log(`${system} declares ${declared.join(', ') || 'nothing'}; holds ${row.effective.join(', ')}`)
    if (inferred.length === 0) this.log('Every class it holds is declared.')
    for (const item of inferred) this.log(item.text)
  }
}

/** The result without `explain`: every system with its declared, effective and inferred classes, and the gaps. */
export function classifyResult(inventory: string, compiled: Compiled, classification: Classification): ClassifyResult {
  const holding = Object.fromEntries(CLASSES.map((c) => [c, 0])) as Record<DataClass, number>
  const systems: ClassifiedSystem[] = compiled.inventory.systems.map((system, s) => {
    const effective = classesOf(classification.effective[s])
    for (const c of effective) holding[c]++
    const declared = CLASSES.filter((c) => system.classes.includes(c))
    return {id: system.id, name: system.name, zone: system.zone, declared, effective, inferred: effective.filter((c) => !declared.includes(c)), unknown: effective.length === 0}
  })
  systems.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const gaps = systems.filter((s) => s.unknown).map((s) => s.id)
  return {inventory, counts: {systems: systems.length, gaps: gaps.length, holding}, gaps, systems}
}

/** Why system `s` holds each class it does not declare. */
export function explainSystem(compiled: Compiled, classification: Classification, s: number): NonNullable<ClassifyResult['explain']> {
  const system = compiled.inventory.systems[s]
  const declared = CLASSES.filter((c) => system.classes.includes(c))
  const inferred = classesOf(classification.effective[s])
    .filter((c) => !declared.includes(c))
    .map((c) => {
      const steps = explainClass(compiled, classification, s, c)
      return {class: c, text: formatExplanation(steps), steps}
    })
  return {system: system.id, declared, inferred}
}

function unknownSystem(id: string, ids: readonly string[], dir: string): string {
  const needle = id.toLowerCase()
  const near = ids.filter((x) => x.toLowerCase().includes(needle) || needle.includes(x.toLowerCase())).sort().slice(0, 3)
  return `--explain: there is no system "${id}" in ${dir}/systems.csv${near.length > 0 ? `; did you mean ${near.join(', ')}?` : ''}`
}
