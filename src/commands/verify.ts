import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {KoshCommand, inventoryFlag} from '../cli/base.js'
import {EXIT, KoshError, invalidInventory} from '../cli/errors.js'
import {openInventoryFolder} from '../load/open.js'
import {hasErrors} from '../model/diagnostic.js'
import {verifyPlanFolder, type PlanCheck} from '../verify/plan-files.js'

export interface VerifyResult {
  plan: string
  ok: boolean
  stale: boolean
  checks: PlanCheck[]
}

export default class Verify extends KoshCommand {
  static override summary = 'Check a plan: integrity, drift against the inventory, every state re-checked'
  static override description = `Re-checks a plan folder without trusting the planner: plan.json's own digest, waves.csv against plan.json, the inventory digest (a changed inventory makes the plan stale), and every state S0..Sn on the inventory as it is now.
With --public-key, also checks the Ed25519 signature plan.json.sig.`
  static override examples = ['<%= config.bin %> verify plans/inventory', '<%= config.bin %> verify plans/inventory --public-key keys/public.pem --json']
  static override args = {plan: Args.string({description: 'plan folder', required: true})}
  static override flags = {
    inventory: inventoryFlag,
    'public-key': Flags.string({description: 'Ed25519 public key (PEM) to check plan.json.sig with', helpValue: 'FILE'}),
  }

  async run(): Promise<VerifyResult> {
    const {args, flags} = await this.parse(Verify)
    const {inventory, diagnostics} = await openInventoryFolder(flags.inventory)
    if (hasErrors(diagnostics)) throw invalidInventory(flags.inventory, diagnostics)
    const outcome = await verifyPlanFolder(args.plan, inventory)
    if (flags['public-key']) outcome.checks.push(await this.checkSignature(args.plan, flags['public-key']))
    const ok = outcome.checks.every((c) => c.ok) && outcome.ok
    const result: VerifyResult = {plan: args.plan, ok, stale: outcome.stale, checks: outcome.checks}
    if (!this.jsonEnabled()) {
      for (const c of outcome.checks) this.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.check}: ${c.message}`)
      this.log(ok ? `${args.plan}: verified` : `${args.plan}: verification failed`)
    }
    return this.finish(result, ok ? EXIT.ok : EXIT.findings)
  }

  private async checkSignature(dir: string, publicKey: string): Promise<PlanCheck> {
    const {verifyPlanSignature} = await import('../sign/verify-folder.js')
    return verifyPlanSignature(dir, publicKey)
  }
}
