import {KoshCommand} from '../../cli/base.js'
import {withClient, describeTarget} from '../../store/connect.js'
import {databaseUrlFlag} from '../../store/flags.js'
import {migrate} from '../../store/migrate.js'

export interface MigrateCommandResult {
  database: string
  applied: {version: number; name: string}[]
  version: number
}

export default class DbMigrate extends KoshCommand {
  static override summary = 'Create or upgrade the kosh schema in the database'
  static override description = `Applies the migrations the database has not seen, each in its own transaction, and records them in kosh_migrations. Safe to run again, and from two places at once (an advisory lock makes the second wait, then find nothing to do).
The connection comes from --database-url, else DATABASE_URL, else the PG* variables (PGHOST, PGUSER, PGPASSWORD, PGDATABASE...).`
  static override examples = ['DATABASE_URL=postgres://kosh:secret@db.example.kz/kosh <%= config.bin %> db migrate']
  static override flags = {'database-url': databaseUrlFlag}

  async run(): Promise<MigrateCommandResult> {
    const {flags} = await this.parse(DbMigrate)
    return withClient({databaseUrl: flags['database-url']}, async (client, target) => {
      const result = await migrate(client, {log: (line) => this.progress(line)})
      const database = describeTarget(target)
      if (!this.jsonEnabled()) {
        this.log(result.applied.length === 0 ? `${database}: schema up to date (version ${result.version})` : `${database}: schema now at version ${result.version} (applied ${result.applied.map((m) => m.version).join(', ')})`)
      }
      return {database, ...result}
    })
  }
}
