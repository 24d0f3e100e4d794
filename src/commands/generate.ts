import * as Flags from '@oclif/core/flags'

import {KoshCommand} from '../cli/base.js'
import {KoshError} from '../cli/errors.js'
import {generateInventory} from '../generate/generate.js'
import {OutputExistsError, writeInventoryFolder} from '../generate/write.js'

export interface GenerateResult {
  out: string
  systems: number
  flows: number
  seed: number
}

/** Files with this many rows report progress on stderr. */
const PROGRESS_ROWS = 100_000

export default class Generate extends KoshCommand {
  static override summary = 'Write a synthetic inventory for benchmarks and tests'
  static override description = `The same --seed always gives the same bytes. The inventory looks like a bank and a health ministry moving into the state Tier-III centre: source server rooms, the Tier-III zone, four partner zones in Kazakhstan whose systems are retained, and a foreign cloud zone where a handful of systems hold personal data today (the violations a plan removes).
Systems sit in layers and move groups, some tight-coupled, some with test/dev systems; there are a few "after" chains, wave-1 pins and retirements. About a fifth of the flows leave "classes" empty. A valid plan always exists.
The folder is written into a temporary folder and renamed into place; an existing non-empty folder is replaced only with --force.`

  static override examples = [
    '<%= config.bin %> generate --systems 2000 --flows 10000 --seed 1 --out ./generated',
    '<%= config.bin %> generate --systems 100000 --flows 1000000 --seed 7 --out /tmp/big --force --json',
  ]

  static override flags = {
    systems: Flags.integer({description: 'number of systems', required: true, min: 1, helpValue: 'N'}),
    flows: Flags.integer({description: 'number of flows', required: true, min: 0, helpValue: 'M'}),
    seed: Flags.integer({description: 'random seed (0 to 4294967295): the same seed gives the same inventory', default: 1, min: 0, max: 0xffffffff, helpValue: 'S'}),
    out: Flags.string({description: 'folder to write the inventory into', required: true, helpValue: 'DIR'}),
    force: Flags.boolean({description: 'replace the folder if it exists and is not empty', default: false}),
  }

  async run(): Promise<GenerateResult> {
    const {flags} = await this.parse(Generate)
    if (flags.flows > 0 && flags.systems < 2) throw new KoshError('--flows needs --systems 2 or more (a flow joins two systems)')
    const inventory = generateInventory({systems: flags.systems, flows: flags.flows, seed: flags.seed})

    // Progress for big files only: a line at each fifth of the way.
    let reported = ''
    const onProgress = (file: string, rows: number, total: number) => {
      const fifth = Math.floor((rows * 5) / Math.max(total, 1))
      if (total < PROGRESS_ROWS || fifth === 0 || `${file}${fifth}` === reported) return
      reported = `${file}${fifth}`
      this.progress(`generate: ${file} ${rows}/${total} rows`)
    }
    try {
      await writeInventoryFolder(flags.out, inventory, {force: flags.force, onProgress})
    } catch (error) {
      if (error instanceof OutputExistsError) throw new KoshError(error.message)
      throw error
    }

    const result: GenerateResult = {out: flags.out, systems: flags.systems, flows: flags.flows, seed: flags.seed}
    if (!this.jsonEnabled()) {
      const {foreign, pinned, chains} = inventory.summary
      this.log(`${flags.out}: ${flags.systems} systems, ${flags.flows} flows (seed ${flags.seed})`)
      if (foreign.length > 0) this.log(`In the foreign cloud with personal data today (moved to the Tier-III zone by the plan): ${foreign.join(', ')}`)
      this.log(`${chains.length} "after" chain(s), the longest ${Math.max(0, ...chains.map((c) => c.length))} systems; ${pinned.length} pinned to wave 1`)
    }
    return result
  }
}
