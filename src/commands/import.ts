import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {KoshCommand} from '../cli/base.js'
import {EXIT, KoshError} from '../cli/errors.js'
import {OutputExistsError, outputState} from '../generate/write.js'
import type {Diagnostic} from '../model/diagnostic.js'
import {readImportInput, UnreadableInputError, writeImportedFolder} from '../import/files.js'
import {FORMATS, importInventory, type ImportFormat, type ImportStatus, type ImportSummary} from '../import/import.js'

export interface ImportResult {
  out: string
  written: boolean
  status: ImportStatus
  summary: ImportSummary
  diagnostics: Diagnostic[]
}

export default class Import extends KoshCommand {
  static override summary = 'Make an inventory from the files other tools export'
  static override description = `Reads an Azure Migrate dependency export (--from azure-migrate-deps), an AWS Cloud Migration Factory intake form (--from aws-cmf) or any CSV through a column map (--from generic --map FILE), and writes an inventory folder: the given zones.csv (and the links.csv beside it), systems.csv and flows.csv. Every row names the source file and line it came from (imported_from) and every system the zone-map line that placed it (zone_from).
The zone map is a CSV "match,zone" read top to bottom, first match wins: an address block (10.10.0.0/16, fd00::/8), a host-name glob (callrec*, *.bank.kz) or column=value. A system no line places is named with its file:line and the import exits 1 without writing anything.
Data classes are left empty (a gap) unless mapped: the summary counts them and shows the kosh scan command that finds them. See docs/import.md.`

  static override examples = [
    '<%= config.bin %> import --from azure-migrate-deps export.csv --zones zones/zones.csv --zone-map zone-map.csv --owner "Qazyna Bank — IT" --out inventory',
    '<%= config.bin %> import --from aws-cmf intake.csv --zones zones/zones.csv --zone-map zone-map.csv --owner "Qazyna Bank — IT" --out inventory --force',
    '<%= config.bin %> import --from generic cmdb.csv --map cmdb-map.csv --zones zones/zones.csv --zone-map zone-map.csv --out inventory --json',
  ]

  static override strict = false
  static override args = {file: Args.string({description: 'the exported file(s) to import, all of the --from format', required: true})}

  static override flags = {
    from: Flags.string({description: 'format of the files', options: [...FORMATS], required: true}),
    zones: Flags.string({description: 'zones.csv to copy into the inventory (links.csv beside it is copied too)', required: true, helpValue: 'FILE'}),
    'zone-map': Flags.string({description: 'CSV match,zone: which zone each system runs in today', helpValue: 'FILE'}),
    map: Flags.string({description: 'CSV target,source: the systems.csv column each source column fills (generic; optional for aws-cmf)', helpValue: 'FILE'}),
    owner: Flags.string({description: 'owner of the systems whose source names none', helpValue: 'ORG'}),
    out: Flags.string({description: 'inventory folder to write', required: true, helpValue: 'DIR'}),
    force: Flags.boolean({description: 'replace the folder if it exists and is not empty', default: false}),
  }

  async run(): Promise<ImportResult> {
    const {argv, flags} = await this.parse(Import)
    const state = await outputState(flags.out)
    if (state === 'not-a-folder' || (state === 'non-empty' && !flags.force)) throw new KoshError(new OutputExistsError(flags.out, state).message)

    let input
    try {
      input = await readImportInput({from: flags.from as ImportFormat, sources: argv as string[], zones: flags.zones, zoneMap: flags['zone-map'], map: flags.map, owner: flags.owner, out: flags.out})
    } catch (error) {
      if (error instanceof UnreadableInputError) throw new KoshError(error.message)
      throw error
    }
    const outcome = await importInventory(input)
    if (outcome.status === 'ok') {
      try {
        await writeImportedFolder(flags.out, outcome.files, flags.force)
      } catch (error) {
        if (error instanceof OutputExistsError) throw new KoshError(error.message)
        throw error
      }
    }

    const result: ImportResult = {out: flags.out, written: outcome.status === 'ok', status: outcome.status, summary: outcome.summary, diagnostics: outcome.diagnostics}
    if (!this.jsonEnabled()) this.report(result)
    return this.finish(result, outcome.status === 'ok' ? EXIT.ok : outcome.status === 'unplaced' ? EXIT.findings : EXIT.input)
  }

  /** Diagnostics and the summary on stderr; the one-line result on stdout. */
  private report({out, written, summary: s, diagnostics}: ImportResult): void {
    this.printDiagnostics(diagnostics)
    if (!written) {
      const errors = diagnostics.filter((d) => d.severity === 'error').length
      this.logToStderr(`kosh: ${errors} error(s); nothing was written to ${out}`)
      return
    }
    for (const n of s.notes) this.logToStderr(`note: ${n.message}${n.subjects.length > 0 ? `: ${preview(n.subjects)}` : ''}`)
    const zones = Object.entries(s.zones).map(([zone, n]) => `${zone} ${n}`).join(', ')
    this.log(`${out}: ${s.systems} systems (${s.externalSystems} external), ${s.flows} flows from ${s.sources.map((f) => `${f.file} (${f.rows} rows)`).join(', ')}. Zones: ${zones}`)
    if (s.unclassified.count > 0) {
      this.logToStderr(`${s.unclassified.count} of ${s.systems} systems have no classes yet (kosh check reports them as gaps): ${preview(s.unclassified.systems)}`)
      this.logToStderr(`Declare them in ${out}/systems.csv ("public" when nothing sensitive), or find them in each system's database: ${s.unclassified.scan}`)
    }
  }
}

function preview(items: readonly string[], limit = 8): string {
  return items.length <= limit ? items.join(', ') : `${items.slice(0, limit).join(', ')} and ${items.length - limit} more`
}
