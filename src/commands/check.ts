import {once} from 'node:events'

import * as Flags from '@oclif/core/flags'

import {KoshCommand, inventoryFlag} from '../cli/base.js'
import {KoshError} from '../cli/errors.js'
import {assertPinsKnown, planFlags, planOptions} from '../cli/plan-flags.js'
import {runCheck, usageReport, type CheckContext, type CheckReport} from '../check/check.js'
import {CHECK_FORMATS, checkChunks, renderCheck, type CheckFormat} from '../check/format/index.js'
import {summaryLine} from '../check/format/text.js'
import {writeFileAtomic} from '../io/atomic.js'
import {isIsoDate} from '../load/rows.js'
import {fromDbFlags, openInventorySource} from '../store/flags.js'
import {hasErrors} from '../model/diagnostic.js'
import {verifyPlanFolder} from '../verify/plan-files.js'

export default class Check extends KoshCommand {
  static override summary = 'The CI gate: R0 and R4, unknown classes, waivers, a valid plan, the given plan current'
  static override description = `Fails (exit 1) when a rule that holds whatever the plan is broken (R0 zone policy, R4 legal basis), a system holds no known class (a gap), a waiver has expired, no valid plan can be made with the planning flags given, or the plan given with --plan is stale or fails verification. Violations present today (R1-R3) are reported and fail only with --strict. A finding accepted by an unexpired row of waivers.csv (same rule and subject) is reported as waived, with its owner and expiry, and does not fail.
Every result points at the inventory row it comes from (inventory/flows.csv:12). Formats: text, json (schemas/check.schema.json; the same as --json), junit (GitLab, Jenkins), sarif (SARIF 2.1.0, GitHub code scanning), github (workflow-command annotations). Unusable input exits 2 and is reported in the chosen format too.
--today (default: today's UTC date) is only compared with waiver expiry dates and never written into the report.`
  static override examples = [
    '<%= config.bin %> check',
    '<%= config.bin %> check --plan plans/inventory --strict',
    '<%= config.bin %> check --format sarif --out kosh.sarif',
    '<%= config.bin %> check --format junit --out kosh-junit.xml --max-systems 5,10,20',
    '<%= config.bin %> check --format github --today 2026-11-25',
  ]
  static override flags = {
    inventory: inventoryFlag,
    plan: Flags.string({description: 'a plan folder that must be current (made from this inventory) and pass verification', helpValue: 'DIR'}),
    format: Flags.string({description: 'report format', options: [...CHECK_FORMATS], default: 'text'}),
    strict: Flags.boolean({description: 'also fail on violations present today (R1-R3), unless waived'}),
    out: Flags.string({description: 'write the report to this file instead of stdout (a one-line verdict goes to stderr)', helpValue: 'FILE'}),
    today: Flags.string({description: 'the date waivers expire against (default: today, UTC)', helpValue: 'DATE'}),
    ...planFlags,
    ...fromDbFlags,
  }

  async run(): Promise<CheckReport> {
    const {flags} = await this.parse(Check)
    const context: CheckContext = {inventoryDir: flags.inventory, cwd: process.cwd(), strict: flags.strict === true, planDir: flags.plan}
    let report: CheckReport
    try {
      report = await this.check(context, flags)
    } catch (error) {
      if (!(error instanceof KoshError)) throw error
      report = usageReport(context, error.message, error.diagnostics, error.exitCode)
    }
    if (this.jsonEnabled()) return this.finish(report, report.exitCode)

    const {homepage} = this.config.pjson as {homepage?: string}
    const tool = {version: this.config.version, ...(homepage ? {informationUri: homepage} : {})}
    if (flags.out) {
      await writeFileAtomic(flags.out, renderCheck(report, flags.format as CheckFormat, tool))
      this.logToStderr(`${summaryLine(report)}; report in ${flags.out}`)
    } else {
      // A national inventory can have a million results: written as they are made.
      for (const chunk of checkChunks(report, flags.format as CheckFormat, tool)) if (!process.stdout.write(chunk)) await once(process.stdout, 'drain')
    }
    if (report.exitCode !== 0) this.exit(report.exitCode)
    return report
  }

  private async check(context: CheckContext, flags: Parameters<typeof planOptions>[0] & {today?: string; plan?: string; 'from-db'?: string; 'database-url'?: string}): Promise<CheckReport> {
    const today = flags.today ?? new Date().toISOString().slice(0, 10)
    if (!isIsoDate(today)) throw new KoshError(`--today takes an ISO date YYYY-MM-DD (found "${today}")`)
    const options = await planOptions(flags)
    const {inventory, diagnostics} = await openInventorySource({inventory: context.inventoryDir, fromDb: flags['from-db'], databaseUrl: flags['database-url']})
    if (hasErrors(diagnostics)) return runCheck({...context, inventory, diagnostics, options, today})
    assertPinsKnown(flags.pins, options, inventory)
    const plan = flags.plan !== undefined ? await verifyPlanFolder(flags.plan, inventory) : undefined
    return runCheck({...context, inventory, diagnostics, options, today, plan})
  }
}
