/**
 * SARIF 2.1.0, for GitHub code scanning (github/codeql-action/upload-sarif)
 * and any other SARIF viewer. One run; the driver declares every rule kosh can
 * report, not only those that fired, so code scanning can tell a rule that ran
 * clean from one that does not exist, and close a fixed alert. Each result
 * points at its inventory row (relative URI, forward slashes, `region.startLine`,
 * `startColumn` when known); a waived finding is a note with an accepted
 * external suppression, which code scanning shows as a closed alert.
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import {isAbsolute} from 'node:path'
import {pathToFileURL} from 'node:url'

import type {CheckReport, CheckResult} from '../check.js'
import {CHECK_RULES, INPUT_CODES, describeRule} from '../catalog.js'
import {noteOf} from './text.js'

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'

export interface ToolInfo {
  version: string
  informationUri?: string
}

const LEVEL = {fail: 'error', warn: 'warning', waived: 'note'} as const

export function renderSarif(report: CheckReport, tool: ToolInfo): string {
  return JSON.stringify(sarifLog(report, tool), null, 2) + '\n'
}

export function sarifLog(report: CheckReport, tool: ToolInfo): object {
  const ids = [...CHECK_RULES, ...Object.keys(INPUT_CODES).sort()]
  for (const r of report.results) if (!ids.includes(r.rule)) ids.push(r.rule)
  const index = new Map(ids.map((id, i) => [id, i]))
  const rules = ids.map((id) => {
    const d = describeRule(id)
    return {
      id, name: d.name,
      shortDescription: {text: d.short},
      fullDescription: {text: d.full},
      help: {text: d.help, markdown: `${d.full}\n\n**What to do:** ${d.help}`},
      defaultConfiguration: {level: /^R[123]$/.test(id) ? 'warning' : 'error'},
      properties: {tags: id.startsWith('KOSH-') ? ['kosh', 'input'] : ['kosh', 'data-protection']},
    }
  })
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {driver: {name: 'kosh', version: tool.version, semanticVersion: tool.version, ...(tool.informationUri ? {informationUri: tool.informationUri} : {}), rules}},
      invocations: [{executionSuccessful: report.exitCode !== 2, exitCode: report.exitCode}],
      results: report.results.map((r) => result(r, index.get(r.rule)!, report.strict)),
    }],
  }
}

function result(r: CheckResult, ruleIndex: number, strict: boolean): object {
  return {
    ruleId: r.rule,
    ruleIndex,
    level: LEVEL[r.status],
    message: {text: r.message + noteOf(r, strict)},
    locations: r.file ? [{physicalLocation: {artifactLocation: artifact(r.file), region: {startLine: r.line ?? 1, ...(r.line !== undefined && r.column !== undefined ? {startColumn: r.column} : {})}}}] : [],
    // The identity of a finding is its rule and subject (SPEC 5), not the text of its row.
    partialFingerprints: {'koshFinding/v1': `${r.rule}/${r.subject}`},
    ...(r.waiver ? {suppressions: [{kind: 'external', status: 'accepted', justification: `waived by ${r.waiver.owner || 'no owner named'} until ${r.waiver.expires} (${r.waiver.file}:${r.waiver.line})${r.waiver.justification ? `: ${r.waiver.justification}` : ''}`}]} : {}),
    properties: {
      subject: r.subject, status: r.status,
      ...(r.classes ? {classes: r.classes} : {}),
      ...(r.removedInWave !== undefined ? {removedInWave: r.removedInWave} : {}),
      ...(r.waiver ? {waiver: r.waiver} : {}),
    },
  }
}

/** A relative path as a relative URI reference (each segment percent-encoded); an absolute one as a file: URI. */
function artifact(file: string): {uri: string; uriBaseId?: string} {
  if (isAbsolute(file)) return {uri: pathToFileURL(file).href}
  return {uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%'}
}
