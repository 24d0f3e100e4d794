/**
 * JUnit XML, as GitLab (`artifacts:reports:junit`) and Jenkins (`junit`) read
 * it: a suite per rule checked, a test case per rule and subject, failing
 * results as `<failure>`, waived findings as `<skipped>` (with the owner and
 * expiry), warnings as passing cases with the warning in `<system-out>`. A
 * rule that was checked and found nothing is one passing case, so a clean run
 * still shows what it checked. No timestamps: the same input, the same bytes.
 */
import type {CheckReport, CheckResult} from '../check.js'
import {describeRule} from '../catalog.js'
import {noteOf, placeOf} from './text.js'

interface Case {
  rule: string
  subject: string
  results: CheckResult[]
}

export function renderJunit(report: CheckReport): string {
  const rules = [...report.checked, ...[...new Set(report.results.map((r) => r.rule))].filter((r) => !(report.checked as string[]).includes(r)).sort()]
  const suites = rules.map((rule) => {
    const cases = new Map<string, Case>()
    for (const r of report.results) {
      if (r.rule !== rule) continue
      const existing = cases.get(r.subject)
      if (existing) existing.results.push(r)
      else cases.set(r.subject, {rule, subject: r.subject, results: [r]})
    }
    return {rule, cases: [...cases.values()]}
  })

  let tests = 0
  let failures = 0
  let skipped = 0
  const body: string[] = []
  for (const {rule, cases} of suites) {
    const d = describeRule(rule)
    const lines: string[] = []
    let suiteFailures = 0
    let suiteSkipped = 0
    if (cases.length === 0) lines.push(`    <testcase ${attrs({classname: `kosh.${rule}`, name: d.passName, time: '0'})}/>`)
    for (const c of cases) {
      const first = c.results[0]
      const head = `    <testcase ${attrs({classname: `kosh.${rule}`, name: c.subject, file: first.file, line: first.line, time: '0'})}>`
      const text = c.results.map((r) => `${placeOf(r) ? placeOf(r) + ': ' : ''}${r.message}${noteOf(r, report.strict)}`).join('\n')
      const failing = c.results.filter((r) => r.status === 'fail')
      if (failing.length > 0) {
        suiteFailures++
        lines.push(head, `      <failure ${attrs({message: firstLine(failing[0].message), type: rule})}>${xmlText(text)}</failure>`, '    </testcase>')
      } else if (c.results.every((r) => r.status === 'waived')) {
        suiteSkipped++
        const w = first.waiver
        const message = w ? `waived by ${w.owner || 'no owner named'} until ${w.expires}` : 'waived'
        lines.push(head, `      <skipped ${attrs({message})}/>`, `      <system-out>${xmlText(text)}</system-out>`, '    </testcase>')
      } else {
        lines.push(head, `      <system-out>${xmlText(text)}</system-out>`, '    </testcase>')
      }
    }
    const suiteTests = Math.max(cases.length, 1)
    tests += suiteTests
    failures += suiteFailures
    skipped += suiteSkipped
    body.push(`  <testsuite ${attrs({name: `${rule} ${d.short}`, tests: suiteTests, failures: suiteFailures, errors: 0, skipped: suiteSkipped, time: '0'})}>`, ...lines, '  </testsuite>')
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attrs({name: 'kosh check', tests, failures, errors: 0, skipped, time: '0'})}>`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n')
}

const firstLine = (s: string) => s.split('\n', 1)[0]

function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}="${xmlAttr(String(v))}"`).join(' ')
}

/** Characters XML 1.0 cannot hold at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD. */
function legal(s: string): string {
  return s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
}

export function xmlText(s: string): string {
  return legal(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;')
}

/** In an attribute also quotes, and line breaks and tabs as references so a parser keeps them. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;')
}
