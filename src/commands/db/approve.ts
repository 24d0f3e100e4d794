import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {KoshCommand} from '../../cli/base.js'
import {withClient} from '../../store/connect.js'
import {databaseUrlFlag} from '../../store/flags.js'
import {requireSchema} from '../../store/migrate.js'
import {approvePlan, DECISIONS, resolvePlan, type ApprovalRecord, type Decision, type PlanRecord} from '../../store/plans.js'

export interface ApproveCommandResult {
  plan: PlanRecord
  approval: ApprovalRecord
}

export default class DbApprove extends KoshCommand {
  static override summary = "Record a reviewer's decision on a saved plan"
  static override description = `Appends to the plan's approval log, bound to the plan's digest. The log is append-only in the database itself: UPDATE, DELETE and TRUNCATE on it fail, whoever runs them. A plan that failed its verification can be rejected but not approved.`
  static override examples = [
    '<%= config.bin %> db approve 7 --reviewer "A. Nurlanovna" --decision approve --comment "Waves 1-3 agreed with the DPC"',
    '<%= config.bin %> db approve 3f9a0c --reviewer security --decision reject --comment "R3 transit via the partner link"',
  ]
  static override args = {plan: Args.string({description: 'latest, a plan number (#7) or a plan digest prefix', required: true})}
  static override flags = {
    reviewer: Flags.string({description: 'who decides', required: true, helpValue: 'NAME'}),
    decision: Flags.string({description: 'the decision', required: true, options: [...DECISIONS]}),
    comment: Flags.string({description: 'why', required: true, helpValue: 'TEXT'}),
    'database-url': databaseUrlFlag,
  }

  async run(): Promise<ApproveCommandResult> {
    const {args, flags} = await this.parse(DbApprove)
    const result = await withClient({databaseUrl: flags['database-url']}, async (client) => {
      await requireSchema(client)
      const plan = await resolvePlan(client, args.plan)
      const approval = await approvePlan(client, plan, {reviewer: flags.reviewer, decision: flags.decision as Decision, comment: flags.comment})
      return {plan, approval}
    })
    if (!this.jsonEnabled()) {
      this.log(`plan #${result.plan.id} ${result.plan.short}: ${result.approval.decision === 'approve' ? 'approved' : 'rejected'} by ${result.approval.reviewer} (log entry ${result.approval.id})`)
    }
    return result
  }
}
