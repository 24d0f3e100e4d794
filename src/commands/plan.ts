import * as Flags from '@oclif/core/flags'
import {rm} from 'node:fs/promises'
import {join} from 'node:path'

import {KoshCommand, inventoryFlag} from '../cli/base.js'
import {EXIT, KoshError, invalidInventory} from '../cli/errors.js'
import {assertPinsKnown, planFlags, planOptions} from '../cli/plan-flags.js'
import {renderHtml} from '../export/html.js'
import {LANGS, type Lang} from '../export/i18n/index.js'
import {renderMarkdown} from '../export/markdown.js'
import {findingCounts, type PlanDocument} from '../export/plan-document.js'
import {renderWavesCsvBytes} from '../export/waves-csv.js'
import {writeSealedPlanFolder} from '../export/write-plan.js'
import {hasErrors} from '../model/diagnostic.js'
import {formatInfeasibility} from '../plan/explain.js'
import {runPlanAwaitingDigest} from '../plan/run.js'
import {startDigest} from '../model/digest-thread.js'
import {MANIFEST_SIGNATURE, readPrivateKey} from '../sign/sign.js'
import {fromDbFlags, openInventorySource, saveFlag, savePlanToStore} from '../store/flags.js'

/**
 * From this many systems or flows, `kosh plan` says on stderr what it has done
 * so far: at national scale each stage takes seconds.
 */
const PROGRESS_SYSTEMS = 20_000
const PROGRESS_FLOWS = 200_000

export interface PlanCommandResult {
  out: string
  files: string[]
  feasible: boolean
  valid: boolean
  waves: number
  lowerBound: number
  inventoryDigest: string
  planDigest: string
  lang: Lang
  signed: boolean
  infeasible: PlanDocument['infeasible']
  /** With --save: the plan's record in the database. */
  saved?: {id: number; digest: string; created: boolean; snapshot: string}
}

export default class Plan extends KoshCommand {
  static override summary = 'Plan the migration waves, verify every state, export the plan'
  static override description = `Orders the systems into waves so that no state adds a violation and the final state has none, then writes plan.json, waves.csv, plan.md and plan.html (in --lang) and plan.sha256 (the SHA-256 of each) to --out; with --sign-key also plan.json.sig and plan.sha256.sig (Ed25519).
Exits 1 when no valid plan exists, naming the smallest cause: an after cycle, a group larger than a wave, a retained system that would have to move, a violation no wave removes.`
  static override examples = [
    '<%= config.bin %> plan',
    '<%= config.bin %> plan --max-systems 5,10,20 --out plans/bank',
    '<%= config.bin %> plan --start 2027-01-11 --wave-days 14 --blackout 2027-03-20..2027-03-23',
    '<%= config.bin %> plan --pins plans/inventory/waves.csv --force',
    '<%= config.bin %> plan --lang kk --sign-key keys/private.pem --force',
    '<%= config.bin %> plan --from-db latest --save --force',
  ]
  static override flags = {
    inventory: inventoryFlag,
    ...fromDbFlags,
    save: saveFlag,
    out: Flags.string({description: 'plan folder (default plans/<inventory folder name>)', helpValue: 'DIR'}),
    ...planFlags,
    lang: Flags.string({description: 'language of plan.md and plan.html', options: [...LANGS], default: 'en'}),
    'sign-key': Flags.string({description: 'Ed25519 private key (PEM, from kosh keys generate): sign plan.json and plan.sha256', helpValue: 'FILE'}),
    force: Flags.boolean({description: 'overwrite an existing plan'}),
  }

  async run(): Promise<PlanCommandResult> {
    const started = performance.now()
    const {flags} = await this.parse(Plan)
    const options = await planOptions(flags)
    const lang = flags.lang as Lang
    const key = flags['sign-key'] ? await readPrivateKey(flags['sign-key']) : undefined
    const opened = await openInventorySource({inventory: flags.inventory, fromDb: flags['from-db'], databaseUrl: flags['database-url']})
    const {inventory, diagnostics, where} = opened
    if (hasErrors(diagnostics)) throw invalidInventory(where, diagnostics)
    assertPinsKnown(flags.pins, options, inventory)
    const large = inventory.systems.length >= PROGRESS_SYSTEMS || inventory.flows.length >= PROGRESS_FLOWS
    const say = (message: string) => large && this.progress(`kosh plan: ${message} (${((performance.now() - started) / 1000).toFixed(1)} s)`)
    say(`read ${count(inventory.systems.length, 'system')} and ${count(inventory.flows.length, 'flow')} from ${where}`)

    // The digest is made on a second thread while this one plans.
    const {document, json} = await runPlanAwaitingDigest(inventory, options, startDigest(inventory, opened.files?.flows))
    const out = flags.out ?? join('plans', inventory.name)
    const verified = document.verification.valid ? 'every state verified' : 'the verification found problems'
    say(`${document.feasible ? `${count(document.waveCount, 'wave')} planned, ${verified}` : 'no valid plan exists'}; writing ${out}`)
    // Each file encoded once: hashed, signed and written as these bytes, each on the thread pool
    // as soon as it is made, while this thread makes the next.
    const utf8 = (text: string) => Buffer.from(text, 'utf8')
    const written = await writeSealedPlanFolder(out, flags.force, [
      ['plan.json', () => json],
      ['waves.csv', () => renderWavesCsvBytes(document)],
      ['plan.md', () => utf8(renderMarkdown(document, lang))],
      ['plan.html', () => utf8(renderHtml(document, lang))],
    ], key)
    // Unsigned now: a manifest signature left from an earlier plan would not match.
    if (!key) await rm(join(out, MANIFEST_SIGNATURE), {force: true})

    const result: PlanCommandResult = {
      out, files: written, feasible: document.feasible, valid: document.verification.valid, waves: document.waveCount,
      lowerBound: document.lowerBound, inventoryDigest: document.inventory.digest, planDigest: document.digest, lang, signed: key !== undefined, infeasible: document.infeasible,
    }
    if (flags.save) {
      const saved = await savePlanToStore({databaseUrl: flags['database-url'], source: opened.source, planJson: json.toString('utf8'), inventoryDigest: document.inventory.digest})
      result.saved = {id: saved.plan.id, digest: saved.plan.digest, created: saved.created, snapshot: `#${saved.snapshot.id} ${saved.snapshot.short}`}
    }
    if (!this.jsonEnabled()) {
      if (!document.feasible) {
        this.logToStderr('No valid plan exists:')
        for (const item of document.infeasible) this.logToStderr(formatInfeasibility(item, where))
      } else {
        const {present, removed} = findingCounts(document)
        this.log(`${document.waveCount} waves (lower bound ${document.lowerBound}) for ${document.waves.reduce((n, w) => n + w.systems.length, 0)} systems; ${present} violation(s) present today, ${removed} removed by the plan`)
        for (const wave of document.waves) {
          this.log(`  wave ${wave.wave}${wave.dates ? ` (${wave.dates.start}..${wave.dates.end})` : ''}: ${wave.totals.systems} systems, ${wave.totals.storageGb} GB${wave.removes ? `, removes ${wave.removes} present violation(s)` : ''}`)
        }
        this.log(`Wrote ${written.join(', ')}`)
      }
      if (result.saved) this.log(`${result.saved.created ? 'Saved' : 'Already saved:'} plan #${result.saved.id} (${result.saved.digest.slice(0, 12)}) with snapshot ${result.saved.snapshot}`)
    }
    return this.finish(result, document.feasible && document.verification.valid ? EXIT.ok : EXIT.findings)
  }
}

/** `1 wave`, `100,000 systems`. */
const count = (n: number, noun: string) => `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`
