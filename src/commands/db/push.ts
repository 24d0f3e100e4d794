import {KoshCommand, inventoryFlag} from '../../cli/base.js'
import {databaseUrlFlag} from '../../store/flags.js'
import {snapshotLabel, type SnapshotInfo} from '../../store/snapshots.js'
import {pushInventoryFolder} from '../../store/source.js'

export interface PushCommandResult {
  snapshot: SnapshotInfo
  created: boolean
  records: number
}

/** Below this many records a push is quick enough to need no progress lines. */
const PROGRESS_FROM = 100_000

export default class DbPush extends KoshCommand {
  static override summary = 'Store the inventory in the database as a snapshot'
  static override description = `Loads every file of the inventory in one transaction (COPY), as a snapshot keyed by the inventory's digest. Pushing content the database already holds returns that snapshot and writes nothing, also when two pushes run at once; a push that fails leaves nothing behind. An inventory with errors is refused (run kosh validate).
Read it back with --from-db on validate, classify, plan and check, or with kosh db pull.`
  static override examples = ['<%= config.bin %> db push', '<%= config.bin %> db push --inventory ./inventory --json']
  static override flags = {inventory: inventoryFlag, 'database-url': databaseUrlFlag}

  async run(): Promise<PushCommandResult> {
    const {flags} = await this.parse(DbPush)
    const started = Date.now()
    const result = await pushInventoryFolder({
      dir: flags.inventory,
      databaseUrl: flags['database-url'],
      progressEvery: PROGRESS_FROM,
      onProgress: (sent, total) => {
        if (total >= PROGRESS_FROM) this.progress(`  stored ${sent.toLocaleString('en')} of ${total.toLocaleString('en')} records`)
      },
    })
    if (!this.jsonEnabled()) {
      const label = snapshotLabel(result.snapshot)
      this.log(
        result.created
          ? `${flags.inventory}: stored as snapshot ${label} (${result.records} records, ${((Date.now() - started) / 1000).toFixed(1)} s)`
          : `${flags.inventory}: the database already holds this inventory as snapshot ${label}; nothing written`,
      )
    }
    return {snapshot: result.snapshot, created: result.created, records: result.records}
  }
}
