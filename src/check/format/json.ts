/** The report as JSON (`kosh-check/1`, schemas/check.schema.json): the same document `--json` prints. */
import type {CheckReport} from '../check.js'

export function renderJson(report: CheckReport): string {
  return JSON.stringify(report, null, 2) + '\n'
}
