import {KoshCommand, inventoryFlag} from '../cli/base.js'
import {EXIT} from '../cli/errors.js'
import {hasErrors, type Diagnostic} from '../model/diagnostic.js'
import {fromDbFlags, openInventorySource} from '../store/flags.js'
import {countInventory, type InventoryCounts} from '../validate/validate.js'

export interface ValidateResult {
  valid: boolean
  inventory: string
  counts: InventoryCounts
  diagnostics: Diagnostic[]
}

export default class Validate extends KoshCommand {
  static override summary = 'Load the inventory, check every file and reference, print counts'
  static override description = `Reads zones.csv, links.csv, systems.csv, flows.csv, datasets.csv and waivers.csv from the inventory folder.
Every problem is reported with file:line:column, what was found and what was expected; all problems of a file are reported, not just the first.`
  static override examples = [
    '<%= config.bin %> validate',
    '<%= config.bin %> validate --inventory ./inventory --json',
    '<%= config.bin %> validate --from-db latest',
  ]
  static override flags = {inventory: inventoryFlag, ...fromDbFlags}

  async run(): Promise<ValidateResult> {
    const {flags} = await this.parse(Validate)
    const {inventory, diagnostics, where} = await openInventorySource({inventory: flags.inventory, fromDb: flags['from-db'], databaseUrl: flags['database-url']})
    const valid = !hasErrors(diagnostics)
    const result: ValidateResult = {valid, inventory: where, counts: countInventory(inventory), diagnostics}
    if (!this.jsonEnabled()) {
      this.printDiagnostics(diagnostics, where)
      const c = result.counts
      const counts = `${c.zones} zones, ${c.links} links, ${c.systems} systems, ${c.flows} flows, ${c.datasets} datasets, ${c.waivers} waivers`
      if (valid) this.log(`${where}: valid. ${counts}`)
      else this.logToStderr(`${where}: ${diagnostics.filter((d) => d.severity === 'error').length} error(s). Read: ${counts}`)
    }
    return this.finish(result, valid ? EXIT.ok : EXIT.input)
  }
}
