import {KoshCommand} from '../../cli/base.js'
import {withClient} from '../../store/connect.js'
import {databaseUrlFlag} from '../../store/flags.js'
import {requireSchema} from '../../store/migrate.js'
import {listApprovals, listPlans, type ApprovalRecord, type PlanRecord} from '../../store/plans.js'

export interface PlansCommandResult {
  plans: (PlanRecord & {approvals: ApprovalRecord[]})[]
}

export default class DbPlans extends KoshCommand {
  static override summary = 'List the plans saved in the database, with their approvals'
  static override description = 'Oldest first: number, plan digest, the snapshot it was made from, whether it verified, its waves, and the latest review decision. --json gives every approval.'
  static override examples = ['<%= config.bin %> db plans', '<%= config.bin %> db plans --json']
  static override flags = {'database-url': databaseUrlFlag}

  async run(): Promise<PlansCommandResult> {
    const {flags} = await this.parse(DbPlans)
    const plans = await withClient({databaseUrl: flags['database-url']}, async (client) => {
      await requireSchema(client)
      const [plans, approvals] = [await listPlans(client), await listApprovals(client)]
      return plans.map((plan) => ({...plan, approvals: approvals.filter((a) => a.planId === plan.id)}))
    })
    if (!this.jsonEnabled()) {
      if (plans.length === 0) this.log('no plans yet (kosh plan --save)')
      for (const p of plans) {
        const from = p.snapshot ? `snapshot #${p.snapshot.id} ${p.snapshot.short}` : `inventory ${p.inventoryDigest.slice(0, 12)}`
        const state = !p.feasible ? 'infeasible' : p.valid ? `${p.summary.waves} waves` : 'failed verification'
        const last = p.approvals[p.approvals.length - 1]
        const review = last ? `${last.decision === 'approve' ? 'approved' : 'rejected'} by ${last.reviewer}` : 'not reviewed'
        this.log(`#${p.id} ${p.short}  ${p.inventoryName} (${from})  ${state}  ${review}  ${p.createdAt}`)
      }
    }
    return {plans}
  }
}
