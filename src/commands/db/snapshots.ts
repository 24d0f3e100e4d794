import {KoshCommand} from '../../cli/base.js'
import {withClient} from '../../store/connect.js'
import {databaseUrlFlag} from '../../store/flags.js'
import {requireSchema} from '../../store/migrate.js'
import {listSnapshots, snapshotLabel, type SnapshotInfo} from '../../store/snapshots.js'

export interface SnapshotsCommandResult {
  snapshots: SnapshotInfo[]
}

export default class DbSnapshots extends KoshCommand {
  static override summary = 'List the inventory snapshots in the database'
  static override examples = ['<%= config.bin %> db snapshots', '<%= config.bin %> db snapshots --json']
  static override flags = {'database-url': databaseUrlFlag}

  async run(): Promise<SnapshotsCommandResult> {
    const {flags} = await this.parse(DbSnapshots)
    const snapshots = await withClient({databaseUrl: flags['database-url']}, async (client) => {
      await requireSchema(client)
      return listSnapshots(client)
    })
    if (!this.jsonEnabled()) {
      if (snapshots.length === 0) this.log('no snapshots yet (kosh db push)')
      for (const s of snapshots) {
        this.log(`${snapshotLabel(s)}  ${s.inventoryName}  ${s.counts.systems} systems, ${s.counts.flows} flows  ${s.createdAt} by ${s.createdBy}`)
      }
    }
    return {snapshots}
  }
}
