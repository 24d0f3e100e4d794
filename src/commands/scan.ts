import * as Flags from '@oclif/core/flags'

import {KoshCommand} from '../cli/base.js'
import {EXIT, KoshError} from '../cli/errors.js'
import {redactSecrets} from '../cli/redact.js'
import {writeFileAtomic} from '../io/atomic.js'
import {datasetRows, mergeDatasets, readDatasetsFile, renderDatasets} from '../scan/datasets.js'
import {renderScanReport, scanReport, type ScanReport} from '../scan/report.js'
import {SCAN_DEFAULTS, scanDatabase, type ScanProgress} from '../scan/scan.js'

/** Progress on stderr at most this often, or every PROGRESS_EVERY relations. */
const PROGRESS_MS = 1000
const PROGRESS_EVERY = 10

export default class Scan extends KoshCommand {
  static override summary = 'Find personal, health and bank-secret columns in a PostgreSQL database'
  static override description = `Lists the tables, views and columns of the database (every non-system schema, or those given with --schema), samples up to --sample rows of each relation in a read-only transaction with a statement timeout, and runs the detectors: IIN and BIN checksums, KZ IBAN (mod 97), payment cards (Luhn), Kazakh phone numbers, e-mail, ICD-10 codes (in a health context) and column names in Kazakh, Russian and English.
Prints the columns found; with --out, merges them into a datasets.csv as rows of --system (rows of other systems are kept, rows of this system replaced). A raw sampled value never appears in any output; neither does the password.
A relation that fails or times out is skipped and named on stderr, the rest goes on, and the exit code is 1. See docs/scan.md.`

  static override examples = [
    '<%= config.bin %> scan --database-url postgres://auditor@abs-db.bank.kz/abs --system core-db',
    {
      description: 'One schema, the password in PGPASSWORD, merged into the inventory',
      command: '<%= config.bin %> scan --database-url postgres://auditor@abs-db.bank.kz/abs --system core-db --schema abs --out inventory/datasets.csv',
    },
    '<%= config.bin %> scan --database-url postgres://auditor@mis-db/mis --system onco-mis --sample 500 --concurrency 2 --timeout-ms 5000 --json',
  ]

  static override flags = {
    'database-url': Flags.string({description: 'the database to scan (postgres://USER@HOST:PORT/DATABASE; keep the password in PGPASSWORD or ~/.pgpass)', required: true, helpValue: 'URL'}),
    system: Flags.string({description: 'the system (systems.csv id) the database belongs to', required: true, helpValue: 'ID'}),
    schema: Flags.string({description: 'scan only this schema (repeatable; default: every non-system schema)', multiple: true, helpValue: 'S'}),
    sample: Flags.integer({description: 'rows sampled per table', default: SCAN_DEFAULTS.sample, min: 1, max: 100_000, helpValue: 'N'}),
    concurrency: Flags.integer({description: 'connections at most', default: SCAN_DEFAULTS.concurrency, min: 1, max: 64, helpValue: 'N'}),
    'timeout-ms': Flags.integer({description: 'statement timeout per table, in milliseconds', default: SCAN_DEFAULTS.timeoutMs, min: 1, helpValue: 'N'}),
    out: Flags.string({description: 'datasets.csv to merge the rows into (written atomically)', helpValue: 'FILE'}),
  }

  async run(): Promise<ScanReport> {
    const {flags} = await this.parse(Scan)
    const system = flags.system.trim()
    if (system === '') throw new KoshError('--system must name a system id from systems.csv')
    // Read the file to merge into first: a file that cannot be merged stops the scan before it starts.
    const existing = flags.out ? await readDatasetsFile(flags.out) : undefined

    const scan = await scanDatabase({
      databaseUrl: flags['database-url'],
      schemas: flags.schema,
      sample: flags.sample,
      concurrency: flags.concurrency,
      timeoutMs: flags['timeout-ms'],
      onProgress: this.progressReporter(),
      onSkip: (r) => this.logToStderr(redactSecrets(`kosh scan: skipped ${r.dataset} (${r.kind}): ${r.reason}`)),
    })

    const rows = datasetRows(system, scan.columns)
    let out: ScanReport['out']
    if (flags.out) {
      const skipped = new Set(scan.relations.filter((r) => r.status === 'skipped').map((r) => r.dataset))
      const merged = mergeDatasets(existing, rows, {system, schemas: scan.schemas, skipped})
      await writeFileAtomic(flags.out, renderDatasets(merged)).catch((error: NodeJS.ErrnoException) => {
        throw new KoshError(`cannot write ${flags.out} (${error.code ?? 'error'}); the scan found ${rows.length} row(s), nothing was written`)
      })
      out = {file: flags.out, written: merged.written, replaced: merged.replaced, kept: merged.kept}
    }

    const report = scanReport(system, scan, rows, out)
    if (!this.jsonEnabled()) this.log(renderScanReport(report))
    return this.finish(report, report.complete ? EXIT.ok : EXIT.findings)
  }

  /** `scanned 20/130 relations (1 skipped)` on stderr, every PROGRESS_EVERY relations or PROGRESS_MS, whichever comes first. */
  private progressReporter(): (p: ScanProgress) => void {
    let last = Date.now()
    return ({done, total, skipped}) => {
      const now = Date.now()
      if (done === total || (done % PROGRESS_EVERY !== 0 && now - last < PROGRESS_MS)) return
      last = now
      this.progress(`kosh scan: ${done}/${total} relations${skipped > 0 ? ` (${skipped} skipped)` : ''}`)
    }
  }
}
