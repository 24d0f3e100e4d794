/** `kosh check --format`: the same report in each format CI reads. */
import type {CheckReport} from '../check.js'
import {githubChunks, renderGithub} from './github.js'
import {renderJson} from './json.js'
import {renderJunit} from './junit.js'
import {renderSarif, type ToolInfo} from './sarif.js'
import {renderText, textChunks} from './text.js'

export const CHECK_FORMATS = ['text', 'json', 'junit', 'sarif', 'github'] as const
export type CheckFormat = (typeof CHECK_FORMATS)[number]
export type {ToolInfo}

/**
 * The report in pieces to write one after another: the formats of a line per
 * result (text, github) a chunk of lines at a time, a million results never
 * one string; the others whole.
 */
export function checkChunks(report: CheckReport, format: CheckFormat, tool: ToolInfo): Iterable<string> {
  if (format === 'text') return textChunks(report)
  if (format === 'github') return githubChunks(report)
  return [renderCheck(report, format, tool)]
}

export function renderCheck(report: CheckReport, format: CheckFormat, tool: ToolInfo): string {
  switch (format) {
    case 'json': return renderJson(report)
    case 'junit': return renderJunit(report)
    case 'sarif': return renderSarif(report, tool)
    case 'github': return renderGithub(report)
    case 'text': return renderText(report)
  }
}
