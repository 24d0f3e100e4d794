/** The report for a terminal: one line per result (where, status, rule, subject, message), then a summary. */
import type {CheckReport, CheckResult} from '../check.js'

const WORD = {fail: 'error', warn: 'warning', waived: 'waived'} as const

export function renderText(report: CheckReport): string {
  return [...textChunks(report)].join('')
}

/** Results a chunk of the report holds: a million results are written a chunk at a time, never as one string. */
const CHUNK = 10_000

/** The text report in chunks of whole lines, each ending with a line break, the summary last. */
export function textChunks(report: CheckReport): Generator<string> {
  return lineChunks(report, lineOf)
}

/** A report of a line per result (`line`), then the summary, in chunks of whole lines. */
export function* lineChunks(report: CheckReport, line: (r: CheckResult, strict: boolean) => string): Generator<string> {
  const {results, strict} = report
  for (let from = 0; from < results.length; from += CHUNK) {
    let chunk = ''
    for (let i = from; i < Math.min(from + CHUNK, results.length); i++) chunk += line(results[i], strict) + '\n'
    yield chunk
  }
  yield summaryLine(report) + '\n'
}

function lineOf(r: CheckResult, strict: boolean): string {
  const where = placeOf(r)
  // An input result's subject is its place: printed once.
  const subject = r.subject === where ? '' : ` ${r.subject}`
  return `${where ? where + ': ' : ''}${WORD[r.status]} ${r.rule}${subject}: ${r.message}${noteOf(r, strict)}`
}

/** `inventory/flows.csv:12:5`, as far as it is known. */
export function placeOf(r: CheckResult): string {
  if (!r.file) return ''
  return [r.file, r.line, r.line !== undefined ? r.column : undefined].filter((x) => x !== undefined).join(':')
}

/** What follows the message: the waiver, the wave that removes a present violation, the hint. */
export function noteOf(r: CheckResult, strict: boolean): string {
  let note = ''
  if (r.waiver) note += ` (waived by ${r.waiver.owner || 'no owner named'} until ${r.waiver.expires}, ${r.waiver.file}:${r.waiver.line}${r.waiver.justification ? `: ${r.waiver.justification}` : ''})`
  if (/^R[123]$/.test(r.rule)) {
    note += r.removedInWave !== undefined ? ` [present today; the plan removes it in wave ${r.removedInWave}]` : ' [present today]'
    if (r.status === 'warn' && !strict) note += ' [fails with --strict]'
  }
  if (r.hint) note += `. Hint: ${r.hint}`
  return note
}

export function summaryLine(report: CheckReport): string {
  const {failed, warnings, waived} = report.summary
  const verdict = report.exitCode === 0 ? 'passed' : report.exitCode === 1 ? 'failed' : 'the input cannot be used'
  const checked = report.checked.length > 0 ? `; checked ${report.checked.join(', ')}${report.strict ? ' (strict)' : ''}` : ''
  return `kosh check: ${verdict}: ${failed} failing, ${warnings} warning(s), ${waived} waived${checked}`
}
