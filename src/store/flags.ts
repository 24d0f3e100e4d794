/**
 * The store's flags, for any command that reads an inventory (`--from-db`) or
 * saves a plan (`--save`), and the functions those commands call:
 *
 *   static flags = {inventory: inventoryFlag, ...fromDbFlags}
 *   const opened = await openInventorySource({inventory: flags.inventory, fromDb: flags['from-db'], databaseUrl: flags['database-url']})
 *   // opened.inventory, opened.diagnostics, opened.where (print diagnostics with it), opened.source
 *
 *   static flags = {..., ...fromDbFlags, save: saveFlag}
 *   if (flags.save) await savePlanToStore({databaseUrl: flags['database-url'], source: opened.source, planJson, inventoryDigest})
 */
import * as Flags from '@oclif/core/flags'

export const databaseUrlFlag = Flags.string({
  description: 'PostgreSQL connection URL (default: DATABASE_URL, then the PG* variables); never printed',
  helpValue: 'URL',
})

export const fromDbFlag = Flags.string({
  description: 'read the inventory from a database snapshot instead of --inventory: latest, its number (#3) or a digest prefix',
  helpValue: 'SNAPSHOT|latest',
})

export const saveFlag = Flags.boolean({
  description: 'also store the plan and its verification in the database (with the snapshot of its inventory); see kosh db plans',
})

/** `--from-db` and `--database-url`, for commands that read an inventory. */
export const fromDbFlags = {'from-db': fromDbFlag, 'database-url': databaseUrlFlag}

export {openInventorySource, savePlanToStore, type InventorySource, type OpenedSource, type SavedPlan} from './source.js'
