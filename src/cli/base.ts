/**
 * The base of every kosh command: `--json` (oclif's `enableJsonFlag`), expected
 * errors as one line with their exit code, diagnostics printed one per line on
 * stderr (or as JSON on stdout), and progress on stderr.
 */
import {Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'
import {isAbsolute, join} from 'node:path'

import {formatDiagnostic, type Diagnostic} from '../model/diagnostic.js'
import {redactSecrets} from './redact.js'
import {EXIT, KoshError, type ExitCode} from './errors.js'

export const inventoryFlag = Flags.string({
  description: 'inventory folder',
  default: './inventory',
  helpValue: 'DIR',
})

const MAX_PRINTED = 200

export abstract class KoshCommand extends Command {
  static override enableJsonFlag = true

  /** Print diagnostics on stderr, one line each (capped, with the count of the rest). */
  protected printDiagnostics(diagnostics: readonly Diagnostic[], inventoryDir?: string): void {
    for (const d of diagnostics.slice(0, MAX_PRINTED)) {
      const shown = inventoryDir && d.file && !isAbsolute(d.file) && d.file !== inventoryDir ? {...d, file: join(inventoryDir, d.file)} : d
      this.logToStderr(redactSecrets(formatDiagnostic(shown)))
    }
    if (diagnostics.length > MAX_PRINTED) this.logToStderr(`... and ${diagnostics.length - MAX_PRINTED} more`)
  }

  /** Progress and notes: stderr, never stdout, so `--json` output stays clean. */
  protected progress(message: string): void {
    if (!this.jsonEnabled()) this.logToStderr(redactSecrets(message))
  }

  /** End with a result and a non-zero exit code: the JSON result is still printed under --json. */
  protected finish<T>(result: T, exitCode: ExitCode): T {
    if (exitCode === EXIT.ok) return result
    if (this.jsonEnabled()) this.logJson(result)
    this.exit(exitCode)
  }

  protected override async catch(error: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    if (error instanceof KoshError) {
      if (this.jsonEnabled()) {
        this.logJson({error: {message: redactSecrets(error.message), exitCode: error.exitCode}, diagnostics: error.diagnostics})
      } else {
        this.printDiagnostics(error.diagnostics, error.where)
        this.logToStderr(`kosh: ${redactSecrets(error.message)}`)
      }
      this.exit(error.exitCode)
    }
    // `this.exit()` throws oclif's exit error: pass it through untouched, so the
    // exit code stands and --json output gets no second, error document.
    if ((error as {code?: string}).code === 'EEXIT') throw error
    if (error.message) error.message = redactSecrets(error.message)
    return super.catch(error)
  }
}
