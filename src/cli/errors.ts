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
    /** The inventory folder (or snapshot) the diagnostics' files sit in, for printing their paths. */
    readonly where?: string,
  ) {
    super(message)
    this.name = 'KoshError'
  }
}

export const EXIT_CODE_HELP = `EXIT CODES
  0  success
  1  findings: violations, an infeasible plan, a failed verification
  2  unusable input or usage: bad CSV, unknown reference, bad flag, unreachable database`

/** The end of a command that cannot go on: the inventory has errors, printed with their paths. */
export function invalidInventory(where: string, diagnostics: Diagnostic[]): KoshError {
  return new KoshError(`${where}: the inventory has errors; fix them first (kosh validate)`, EXIT.input, diagnostics, where)
}
