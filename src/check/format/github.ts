/**
 * GitHub Actions workflow commands: one annotation per result, on the
 * inventory row it comes from (`::error file=inventory/flows.csv,line=12,title=R4 f1::...`).
 * Failing results are errors, present violations that do not fail are
 * warnings, waived findings are notices. Escaping follows @actions/core
 * (`toolkit/packages/core/src/command.ts`): in the message `%`, CR and LF; in
 * properties also `:` and `,`.
 * https://docs.github.com/actions/reference/workflows-and-actions/workflow-commands
 */
import type {CheckReport, CheckResult} from '../check.js'
import {lineChunks, noteOf} from './text.js'

const COMMAND = {fail: 'error', warn: 'warning', waived: 'notice'} as const

export function renderGithub(report: CheckReport): string {
  return [...githubChunks(report)].join('')
}

/** The annotations in chunks of whole lines; the verdict last, a plain line, not a command. */
export function githubChunks(report: CheckReport): Generator<string> {
  return lineChunks(report, annotation)
}

function annotation(r: CheckResult, strict: boolean): string {
  const properties: [string, string | number | undefined][] = [
    ['file', r.file],
    ['line', r.file ? r.line : undefined],
    ['col', r.file && r.line !== undefined ? r.column : undefined],
    ['title', `${r.rule} ${r.subject}${r.status === 'waived' ? ' (waived)' : ''}`],
  ]
  const props = properties.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')
  return `::${COMMAND[r.status]} ${props}::${escapeData(r.message + noteOf(r, strict))}`
}

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
