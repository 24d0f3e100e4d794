import * as Args from '@oclif/core/args'

import {KoshCommand} from '../cli/base.js'
import {EXIT} from '../cli/errors.js'
import {diffPlans, type PlanDiff} from '../verify/diff.js'
import {readPlanDocument} from '../verify/plan-files.js'

export default class Diff extends KoshCommand {
  static override summary = 'Compare two plans: systems that changed wave, appeared or vanished'
  static override examples = ['<%= config.bin %> diff plans/before plans/after', '<%= config.bin %> diff plans/before plans/after --json']
  static override args = {
    a: Args.string({description: 'first plan folder', required: true}),
    b: Args.string({description: 'second plan folder', required: true}),
  }

  async run(): Promise<PlanDiff> {
    const {args} = await this.parse(Diff)
    const [a, b] = await Promise.all([readPlanDocument(args.a), readPlanDocument(args.b)])
    const diff = diffPlans(a.document, b.document)
    if (!this.jsonEnabled()) {
      this.log(`waves: ${diff.waves.a} -> ${diff.waves.b}${diff.sameInventory ? '' : ' (made from different inventories)'}`)
      for (const m of diff.moved) this.log(`  moved     ${m.system}: wave ${m.from} -> ${m.to}`)
      for (const s of diff.appeared) this.log(`  appeared  ${s.system}: wave ${s.wave}`)
      for (const s of diff.vanished) this.log(`  vanished  ${s.system}: was in wave ${s.wave}`)
      if (diff.moved.length + diff.appeared.length + diff.vanished.length === 0) this.log('  no system changed wave')
    }
    return this.finish(diff, EXIT.ok)
  }
}
