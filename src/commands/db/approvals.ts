import * as Args from '@oclif/core/args'

import {KoshCommand} from '../../cli/base.js'
import {withClient} from '../../store/connect.js'
import {databaseUrlFlag} from '../../store/flags.js'
import {requireSchema} from '../../store/migrate.js'
import {listApprovals, resolvePlan, type ApprovalRecord, type PlanRecord} from '../../store/plans.js'

export interface ApprovalsCommandResult {
  plan: PlanRecord
  approvals: ApprovalRecord[]
}

export default class DbApprovals extends KoshCommand {
  static override summary = 'Show the approval log of a saved plan'
  static override examples = ['<%= config.bin %> db approvals latest', '<%= config.bin %> db approvals 7 --json']
  static override args = {plan: Args.string({description: 'latest, a plan number (#7) or a plan digest prefix', required: true})}
  static override flags = {'database-url': databaseUrlFlag}

  async run(): Promise<ApprovalsCommandResult> {
    const {args, flags} = await this.parse(DbApprovals)
    const result = await withClient({databaseUrl: flags['database-url']}, async (client) => {
      await requireSchema(client)
      const plan = await resolvePlan(client, args.plan)
      return {plan, approvals: await listApprovals(client, plan)}
    })
    if (!this.jsonEnabled()) {
      this.log(`plan #${result.plan.id} ${result.plan.digest}`)
      if (result.approvals.length === 0) this.log('  no decisions yet')
      for (const a of result.approvals) this.log(`  ${a.createdAt}  ${a.decision}  ${a.reviewer} (${a.createdBy}): ${a.comment}`)
    }
    return result
  }
}
