import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {KoshCommand} from '../../cli/base.js'
import {withClient} from '../../store/connect.js'
import {databaseUrlFlag} from '../../store/flags.js'
import {requireSchema} from '../../store/migrate.js'
import {writeInventoryFolder} from '../../store/pull.js'
import {openSnapshot, snapshotLabel, type SnapshotInfo} from '../../store/snapshots.js'

export interface PullCommandResult {
  snapshot: SnapshotInfo
  out: string
  files: string[]
}

export default class DbPull extends KoshCommand {
  static override summary = 'Write a snapshot back as an inventory folder'
  static override description = `Writes the snapshot's CSV files to --out, every row on the line it had when it was pushed, so the folder validates and gives the same digest. The folder is written whole (temporary folder, rename); a folder that is not empty is replaced only with --force.`
  static override examples = ['<%= config.bin %> db pull latest --out ./inventory-from-db', '<%= config.bin %> db pull 3f9a0c --out ./inventory --force']
  static override args = {snapshot: Args.string({description: 'latest, a snapshot number (#3) or a digest prefix', required: true})}
  static override flags = {
    out: Flags.string({description: 'folder to write', required: true, helpValue: 'DIR'}),
    force: Flags.boolean({description: 'replace a folder that is not empty'}),
    'database-url': databaseUrlFlag,
  }

  async run(): Promise<PullCommandResult> {
    const {args, flags} = await this.parse(DbPull)
    const opened = await withClient({databaseUrl: flags['database-url']}, async (client) => {
      await requireSchema(client)
      return openSnapshot(client, args.snapshot)
    })
    const files = await writeInventoryFolder(flags.out, opened.files, flags.force)
    if (!this.jsonEnabled()) this.log(`snapshot ${snapshotLabel(opened.snapshot)} written to ${flags.out} (${files.length} files)`)
    return {snapshot: opened.snapshot, out: flags.out, files}
  }
}
