/**
 * Expected failures that end a command: one clear line and an exit code, never a stack trace.
 * Exit codes: 0 success; 1 findings (violations, infeasible plan, failed verification);
 * 2 unusable input or usage (bad CSV, unknown reference, bad flag, unreachable database).
 */
import type {Diagnostic} from '../model/diagnostic.js'

export const EXIT = {ok: 0, findings: 1, input: 2} as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

export class KoshError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.input,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message)
    this.name = 'KoshError'
  }
}

export const EXIT_CODE_HELP = `EXIT CODES
  0  success
  1  findings: violations, an infeasible plan, a failed verification
  2  unusable input or usage: bad CSV, unknown reference, bad flag, unreachable database`
