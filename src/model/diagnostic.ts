/**
 * Diagnostics: every problem with the input, as data.
 *
 * The core collects them and returns them; only the command layer turns them
 * into an exit code (2 for errors). A diagnostic names the place
 * (`file:line:column`), what was found and what was expected.
 */

export type Severity = 'error' | 'warning'

export interface Diagnostic {
  severity: Severity
  /** Stable machine code, e.g. `KOSH-DUPLICATE-ID`. */
  code: string
  /** One sentence: what is wrong. */
  summary: string
  /** File name as the user knows it (relative to the inventory folder, or a path given on the command line). */
  file?: string
  line?: number
  /** 1-based character column on the line. */
  column?: number
  /** The CSV column (header name) the problem sits in. */
  field?: string
  found?: string
  expected?: string
  /** What to do about it. */
  hint?: string
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error')
}

/** `file:line:column`, as far as it is known. */
export function location(d: Pick<Diagnostic, 'file' | 'line' | 'column'>): string {
  if (!d.file) return ''
  let at = d.file
  if (d.line !== undefined) at += `:${d.line}`
  if (d.line !== undefined && d.column !== undefined) at += `:${d.column}`
  return at
}

/** One line for a terminal: `inventory/systems.csv:4:3: error KOSH-UNKNOWN-ZONE: ... (found "x", expected ...)`. */
export function formatDiagnostic(d: Diagnostic): string {
  const at = location(d)
  let text = `${at ? at + ': ' : ''}${d.severity} ${d.code}: ${d.summary}`
  const detail: string[] = []
  if (d.found !== undefined) detail.push(`found ${JSON.stringify(d.found)}`)
  if (d.expected !== undefined) detail.push(`expected ${d.expected}`)
  if (detail.length > 0) text += ` (${detail.join(', ')})`
  if (d.hint) text += `. ${d.hint}`
  return text
}

/** Order diagnostics by file, line, column, code so output is deterministic. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.code.localeCompare(b.code),
  )
}
