/**
 * Small inventories for the classification tests: CSV text run through the
 * real loader and validator (so lines are the lines a user sees), plus a
 * direct builder for the property tests, where the loader would only slow
 * fast-check down.
 */
import {classify, explainClass, formatExplanation, type Classification} from '../../src/classify/classify.js'
import {classesOf, compile, type Compiled} from '../../src/graph/compile.js'
import {openInventoryFiles} from '../../src/load/open.js'
import {hasErrors, formatDiagnostic} from '../../src/model/diagnostic.js'
import type {DataClass, Inventory} from '../../src/model/inventory.js'

export const ZONES = 'id,name,country,role,approved_classes\nsrc,Source room,KZ,source,personal;health;bank_secret\ntier3,Tier-III,KZ,target,personal;health;bank_secret\n'

export interface CsvInventory {
  zones?: string
  systems: string
  flows?: string
  datasets?: string
}

/** Load CSV text (header included) through the real loader; throws on any error so a typo in a test is loud. */
export async function loadCsv(csv: CsvInventory): Promise<Inventory> {
  const files = {
    zones: Buffer.from(csv.zones ?? ZONES),
    systems: Buffer.from(csv.systems),
    flows: Buffer.from(csv.flows ?? 'id,source,target,classes\n'),
    ...(csv.datasets ? {datasets: Buffer.from(csv.datasets)} : {}),
  }
  const {inventory, diagnostics} = await openInventoryFiles('test', files)
  if (hasErrors(diagnostics)) throw new Error(diagnostics.map(formatDiagnostic).join('\n'))
  return inventory
}

/** A systems.csv with one row per `id:classes` (classes `;`-separated, may be empty), all in zone src. */
export function systemsCsv(...rows: string[]): string {
  const lines = rows.map((row) => {
    const [id, classes = ''] = row.split(':')
    return `${id},${id} system,owner-${id},src,${classes}`
  })
  return ['id,name,owner,zone,classes', ...lines].join('\n') + '\n'
}

/** A flows.csv with one row per `source>target:classes`, ids f1, f2... */
export function flowsCsv(...rows: string[]): string {
  const lines = rows.map((row, i) => {
    const [ends, classes = ''] = row.split(':')
    const [source, target] = ends.split('>')
    return `f${i + 1},${source},${target},${classes}`
  })
  return ['id,source,target,classes', ...lines].join('\n') + '\n'
}

export interface Classified {
  compiled: Compiled
  classification: Classification
  /** Effective classes of a system, by id. */
  classes(id: string): DataClass[]
  /** Classes a flow carries, by flow id. */
  carried(id: string): DataClass[]
  /** The one-line explanation of why `id` holds `c` ('' when it does not). */
  explain(id: string, c: DataClass): string
}

export function classified(inventory: Inventory): Classified {
  const compiled = compile(inventory)
  const classification = classify(compiled)
  const index = (id: string) => {
    const s = compiled.systemIndex.get(id)
    if (s === undefined) throw new Error(`no system ${id}`)
    return s
  }
  return {
    compiled,
    classification,
    classes: (id) => classesOf(classification.effective[index(id)]),
    carried: (id) => {
      const f = inventory.flows.findIndex((flow) => flow.id === id)
      if (f < 0) throw new Error(`no flow ${id}`)
      return classesOf(classification.carried[f])
    },
    explain: (id, c) => formatExplanation(explainClass(compiled, classification, index(id), c)),
  }
}

export async function classifyCsv(csv: CsvInventory): Promise<Classified> {
  return classified(await loadCsv(csv))
}
