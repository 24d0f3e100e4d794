/**
 * Each --format of `kosh check`, read back with a real parser: JSON against
 * schemas/check.schema.json, JUnit with fast-xml-parser, SARIF as JSON against
 * what GitHub code scanning needs, GitHub workflow commands by their grammar.
 * Every result's file and line, and the counts.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {describe, expect, it} from 'vitest'

import {CHECK_RULES} from '../../src/check/catalog.js'
import type {CheckReport, CheckResult} from '../../src/check/check.js'
import {renderText, textChunks} from '../../src/check/format/text.js'
import {REPO, TODAY, fixture, kosh} from './helpers.js'
import {validate} from './json-schema.js'

const schema = JSON.parse(readFileSync(join(REPO, 'schemas', 'check.schema.json'), 'utf8')) as Record<string, unknown>
const LEGAL = fixture('missing-legal-basis')
const OWNER = 'Dala & "Partners" <Bureau>, Ltd: 100%'

const check = (...args: string[]) => kosh(['check', '--today', TODAY, ...args])

describe('--format json', () => {
  it('validates against schemas/check.schema.json, with file and line per result', async () => {
    const run = await check('--inventory', LEGAL, '--format', 'json')
    expect(run.code).toBe(1)
    const report = JSON.parse(run.stdout)
    expect(validate(schema, report)).toEqual([])
    expect(report.summary).toEqual({failed: 2, warnings: 0, waived: 0})
    expect(report.results.map((r: {rule: string; file: string; line: number}) => `${r.rule} ${r.file}:${r.line}`)).toEqual([
      `R4 ${LEGAL}/flows.csv:3`,
      `R4 ${LEGAL}/flows.csv:4`,
    ])
  })

  it('the sample inventory: valid, and --json prints the same document', async () => {
    const [format, json] = await Promise.all([check('--format', 'json'), check('--json')])
    expect(format.code).toBe(0)
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(format.stdout))
    const report = JSON.parse(format.stdout)
    expect(validate(schema, report)).toEqual([])
    expect(report.summary).toEqual({failed: 0, warnings: 11, waived: 1})
  })

  it('unusable input and usage errors validate too', async () => {
    for (const args of [['--inventory', fixture('bad-csv')], ['--plan', 'no/such/plan'], ['--max-systems', 'x']]) {
      const run = await check(...args, '--format', 'json')
      expect(run.code).toBe(2)
      expect(validate(schema, JSON.parse(run.stdout))).toEqual([])
    }
  })

  it('the schema names exactly the rules kosh checks', () => {
    const defs = schema.$defs as Record<string, {enum?: string[]}>
    expect(defs.checkRule.enum).toEqual([...CHECK_RULES])
  })

  it('the tiny validator does reject what the schema forbids', () => {
    expect(validate(schema, {format: 'kosh-check/1'})).toContain('$: missing required property "results"')
    const bad = {format: 'kosh-check/1', ok: true, exitCode: 3, strict: false, inventory: 'i', checked: ['R9'], summary: {failed: 0, warnings: 0, waived: 0}, results: [{rule: 'X', subject: 's', status: 'ok', message: 'm', line: 0, extra: 1}]}
    expect(validate(schema, bad)).toEqual([
      '$.exitCode: 3 is not one of [0,1,2]',
      '$.checked[0]: "R9" is not one of ["R0","R1","R2","R3","R4","GAP","WAIVER-EXPIRED","PLAN-INFEASIBLE","PLAN-STALE","PLAN-INVALID"]',
      '$.results[0].rule: "X" does not match ^(R[0-4]|GAP|WAIVER-EXPIRED|PLAN-INFEASIBLE|PLAN-STALE|PLAN-INVALID|KOSH-[A-Z0-9]+(-[A-Z0-9]+)*)$',
      '$.results[0].status: "ok" is not one of ["fail","warn","waived"]',
      '$.results[0].line: 0 is below 1',
      '$.results[0]: unexpected property "extra"',
    ])
  })
})

interface TestCase {
  classname: string
  name: string
  file?: string
  line?: string
  failure?: {message: string; type: string; '#text': string}
  skipped?: {message: string}
  'system-out'?: string
}
interface Suite {
  name: string
  tests: string
  failures: string
  skipped: string
  testcase: TestCase[]
}

function parseJunit(xml: string): {testsuites: Suite & {testsuite: Suite[]}} {
  expect(XMLValidator.validate(xml)).toBe(true)
  // fast-xml-parser's validator lets `<` in an attribute pass: XML does not.
  for (const [, value] of xml.matchAll(/="([^"]*)"/g)) {
    expect(value).not.toMatch(/[<\n\r\t]|&(?!(amp|lt|gt|quot|apos|#\d+);)/)
  }
  const parser = new XMLParser({
    ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, trimValues: false,
    htmlEntities: true, isArray: (name) => name === 'testsuite' || name === 'testcase',
  })
  return parser.parse(xml)
}

describe('--format junit', () => {
  it('well-formed; a case per rule and subject; failures counted; XML special characters round-trip', async () => {
    const run = await check('--inventory', LEGAL, '--format', 'junit')
    expect(run.code).toBe(1)
    const {testsuites} = parseJunit(run.stdout)
    expect(testsuites).toMatchObject({name: 'kosh check', tests: '9', failures: '2', errors: '0', skipped: '0'})
    const r4 = testsuites.testsuite.find((s) => s.name.startsWith('R4 '))!
    expect(r4).toMatchObject({tests: '2', failures: '2'})
    expect(r4.testcase.map((c) => [c.classname, c.name, c.file, c.line])).toEqual([
      ['kosh.R4', 'crm-to-bureau-none', `${LEGAL}/flows.csv`, '3'],
      ['kosh.R4', 'crm:bureau,nightly', `${LEGAL}/flows.csv`, '4'],
    ])
    expect(r4.testcase[0].failure!.type).toBe('R4')
    expect(r4.testcase[0].failure!.message).toContain(`to ${OWNER} with no legal basis`)
    expect(r4.testcase[0].failure!['#text']).toContain(`${LEGAL}/flows.csv:3: flow crm-to-bureau-none carries personal from Qazyna Bank — IT to ${OWNER}`)
    // Every other rule checked is one passing case.
    const passing = testsuites.testsuite.filter((s) => s !== r4)
    expect(passing.map((s) => s.testcase.length)).toEqual([1, 1, 1, 1, 1, 1, 1])
    expect(passing.every((s) => s.testcase[0].failure === undefined)).toBe(true)
  })

  it('the sample: warnings pass with their text in system-out, the waived finding is skipped with owner and expiry', async () => {
    const run = await check('--format', 'junit')
    expect(run.code).toBe(0)
    const {testsuites} = parseJunit(run.stdout)
    expect(testsuites).toMatchObject({tests: '17', failures: '0', skipped: '1'})
    const cases = testsuites.testsuite.flatMap((s) => s.testcase)
    const keys = cases.map((c) => `${c.classname}/${c.name}`)
    expect(new Set(keys).size).toBe(keys.length)
    const waived = cases.find((c) => c.skipped)!
    expect(waived).toMatchObject({classname: 'kosh.R3', name: 'onco-to-sapa', file: 'inventory/flows.csv', line: '60'})
    expect(waived.skipped!.message).toBe('waived by Денсаулық сақтау министрлігі — ақпараттық қауіпсіздік басқармасы until 2027-12-31')
    expect(cases.filter((c) => c['system-out'] && !c.skipped)).toHaveLength(11)
  })

  it('--strict: the present violations are failures', async () => {
    const {testsuites} = parseJunit((await check('--format', 'junit', '--strict')).stdout)
    expect(testsuites).toMatchObject({tests: '17', failures: '11', skipped: '1'})
  })

  it('a multi-line message (an after cycle) keeps its lines', async () => {
    const run = await check('--inventory', fixture('after-cycle'), '--format', 'junit')
    const {testsuites} = parseJunit(run.stdout)
    const suite = testsuites.testsuite.find((s) => s.name.startsWith('PLAN-INFEASIBLE'))!
    expect(suite.testcase[0]).toMatchObject({name: 'alpha-payroll, mid-billing, zeta-ledger', line: '4'})
    expect(suite.testcase[0].failure!['#text']).toContain('in a cycle:\n  alpha-payroll\n  mid-billing\n  zeta-ledger\n  alpha-payroll')
  })
})

interface SarifResult {
  ruleId: string
  ruleIndex: number
  level: string
  message: {text: string}
  locations: {physicalLocation: {artifactLocation: {uri: string; uriBaseId?: string}; region: {startLine: number; startColumn?: number}}}[]
  suppressions?: {kind: string; status: string; justification: string}[]
}

describe('--format sarif', () => {
  it('SARIF 2.1.0: schema, version, the kosh driver with every rule described', async () => {
    const run = await check('--inventory', LEGAL, '--format', 'sarif')
    expect(run.code).toBe(1)
    const log = JSON.parse(run.stdout)
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json')
    expect(log.version).toBe('2.1.0')
    expect(log.runs).toHaveLength(1)
    const driver = log.runs[0].tool.driver
    expect(driver.name).toBe('kosh')
    expect(driver.version).toBe(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version)
    const ids = driver.rules.map((r: {id: string}) => r.id)
    expect(ids.slice(0, 10)).toEqual(['R0', 'R1', 'R2', 'R3', 'R4', 'GAP', 'WAIVER-EXPIRED', 'PLAN-INFEASIBLE', 'PLAN-STALE', 'PLAN-INVALID'])
    expect(ids).toEqual(expect.arrayContaining(['KOSH-BAD-NUMBER', 'KOSH-CSV-SYNTAX', 'KOSH-USAGE']))
    expect(new Set(ids).size).toBe(ids.length)
    for (const rule of driver.rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(0)
      expect(rule.fullDescription.text.length).toBeGreaterThan(rule.shortDescription.text.length)
      expect(rule.help.text.length).toBeGreaterThan(0)
    }
  })

  it('results: ruleId and ruleIndex agree, level, message, a relative forward-slash URI and the start line', async () => {
    const log = JSON.parse((await check('--inventory', LEGAL, '--format', 'sarif')).stdout)
    const rules = log.runs[0].tool.driver.rules
    const results: SarifResult[] = log.runs[0].results
    expect(results).toHaveLength(2)
    for (const r of results) expect(rules[r.ruleIndex].id).toBe(r.ruleId)
    expect(results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine])).toEqual([
      ['R4', 'error', `${LEGAL}/flows.csv`, 3],
      ['R4', 'error', `${LEGAL}/flows.csv`, 4],
    ])
    expect(results[0].message.text).toContain(OWNER)
  })

  it('input errors carry the start column; waived findings are notes with an accepted suppression', async () => {
    const bad = JSON.parse((await check('--inventory', fixture('bad-csv'), '--format', 'sarif')).stdout)
    expect(bad.runs[0].results.map((r: SarifResult) => [r.ruleId, r.locations[0].physicalLocation.region])).toEqual([
      ['KOSH-BAD-NUMBER', {startLine: 3, startColumn: 27}],
      ['KOSH-UNKNOWN-ZONE', {startLine: 4, startColumn: 20}],
    ])
    const sample = JSON.parse((await check('--format', 'sarif')).stdout)
    const results: SarifResult[] = sample.runs[0].results
    expect(results.filter((r) => r.level === 'warning')).toHaveLength(11)
    const waived = results.filter((r) => r.suppressions)
    expect(waived).toHaveLength(1)
    expect(waived[0]).toMatchObject({ruleId: 'R3', level: 'note', locations: [{physicalLocation: {artifactLocation: {uri: 'inventory/flows.csv'}, region: {startLine: 60}}}]})
    expect(waived[0].suppressions![0]).toMatchObject({kind: 'external', status: 'accepted'})
    expect(waived[0].suppressions![0].justification).toContain('until 2027-12-31 (inventory/waivers.csv:2)')
  })

  it('a path with spaces or non-ASCII letters is a valid URI reference', async () => {
    const {workspace} = await import('./helpers.js')
    const dir = await workspace(LEGAL)
    const {rename} = await import('node:fs/promises')
    await rename(join(dir, 'inventory'), join(dir, 'тізім 1'))
    const run = await kosh(['check', '--inventory', 'тізім 1', '--format', 'sarif'], dir)
    const uri = JSON.parse(run.stdout).runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri
    expect(uri).toBe('%D1%82%D1%96%D0%B7%D1%96%D0%BC%201/flows.csv')
    expect(decodeURIComponent(uri)).toBe('тізім 1/flows.csv')
  })
})

/** `::command key=value,...::message`, unescaped as the runner does. */
function parseCommand(line: string): {command: string; properties: Record<string, string>; message: string} {
  const match = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line)
  if (!match) throw new Error(`not a workflow command: ${line}`)
  const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%')
  const properties = Object.fromEntries((match[2] ?? '').split(',').filter(Boolean).map((pair) => {
    const at = pair.indexOf('=')
    return [pair.slice(0, at), unescape(pair.slice(at + 1))]
  }))
  return {command: match[1], properties, message: unescape(match[3])}
}

describe('--format github', () => {
  it('one ::error per failing result at its file and line; properties escape , and :, the message escapes %', async () => {
    const run = await check('--inventory', LEGAL, '--format', 'github')
    expect(run.code).toBe(1)
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[1]).toContain(`::error file=${LEGAL}/flows.csv,line=4,title=R4 crm%3Abureau%2Cnightly::`)
    expect(lines[1]).toContain('Ltd: 100%25 with no legal basis')
    const commands = lines.slice(0, 2).map(parseCommand)
    expect(commands.map((c) => [c.command, c.properties])).toEqual([
      ['error', {file: `${LEGAL}/flows.csv`, line: '3', title: 'R4 crm-to-bureau-none'}],
      ['error', {file: `${LEGAL}/flows.csv`, line: '4', title: 'R4 crm:bureau,nightly'}],
    ])
    expect(commands[1].message).toContain(`to ${OWNER} with no legal basis (empty)`)
    expect(lines[2]).toMatch(/^kosh check: failed: 2 failing/)
  })

  it('the sample: warnings for present violations, a notice for the waived one', async () => {
    const run = await check('--format', 'github')
    expect(run.code).toBe(0)
    const commands = run.stdout.trimEnd().split('\n').filter((l) => l.startsWith('::')).map(parseCommand)
    expect(commands.filter((c) => c.command === 'warning')).toHaveLength(11)
    const notice = commands.filter((c) => c.command === 'notice')
    expect(notice).toHaveLength(1)
    expect(notice[0].properties).toEqual({file: 'inventory/flows.csv', line: '60', title: 'R3 onco-to-sapa (waived)'})
    expect(notice[0].message).toContain('waived by Денсаулық сақтау министрлігі — ақпараттық қауіпсіздік басқармасы until 2027-12-31, inventory/waivers.csv:2')
  })

  it('a multi-line message stays one command line (%0A); input errors carry col', async () => {
    const cycle = await check('--inventory', fixture('after-cycle'), '--format', 'github')
    const line = cycle.stdout.split('\n')[0]
    expect(line).toContain('in a cycle:%0A  alpha-payroll%0A')
    expect(parseCommand(line).properties).toEqual({file: `${fixture('after-cycle')}/systems.csv`, line: '4', title: 'PLAN-INFEASIBLE alpha-payroll, mid-billing, zeta-ledger'})
    const bad = await check('--inventory', fixture('bad-csv'), '--format', 'github')
    expect(bad.code).toBe(2)
    expect(parseCommand(bad.stdout.split('\n')[0]).properties).toMatchObject({file: `${fixture('bad-csv')}/systems.csv`, line: '3', col: '27'})
  })
})

describe('--format text', () => {
  it('file:line: status rule subject: message, then the verdict', async () => {
    const run = await check('--inventory', fixture('unknown-class'))
    expect(run.code).toBe(1)
    expect(run.stdout.split('\n')[0]).toBe(`${fixture('unknown-class')}/systems.csv:3: error GAP mystery: mystery holds no known class: none is declared, no dataset shows one, no flow brings or takes one. Hint: declare its classes in systems.csv (public if it holds nothing sensitive)`)
    expect(run.stdout.split('\n')[1]).toBe('kosh check: failed: 1 failing, 0 warning(s), 0 waived; checked R0, R1, R2, R3, R4, GAP, WAIVER-EXPIRED, PLAN-INFEASIBLE')
  })
})

describe('the text report in chunks', () => {
  it('writes every result on one whole line, across chunks of 10,000, the verdict last', () => {
    const results: CheckResult[] = Array.from({length: 25_001}, (_, i) => ({
      rule: 'R4', subject: `flow-${i}`, status: i % 2 ? 'fail' : 'waived', message: `flow flow-${i} carries personal with no legal basis`, file: 'inventory/flows.csv', line: i + 2,
      ...(i % 2 ? {} : {waiver: {owner: 'Risk', expires: '2030-01-01', justification: 'until the move', file: 'inventory/waivers.csv', line: 2}}),
    }))
    const report: CheckReport = {
      format: 'kosh-check/1', ok: false, exitCode: 1, strict: false, inventory: 'inventory', checked: ['R4'], summary: {failed: 12_500, warnings: 0, waived: 12_501}, results,
    }
    const chunks = [...textChunks(report)]
    expect(chunks).toHaveLength(4)
    for (const chunk of chunks) expect(chunk.endsWith('\n')).toBe(true)
    const lines = chunks.join('').split('\n')
    expect(lines).toHaveLength(25_003)
    expect(lines[10_000]).toBe('inventory/flows.csv:10002: waived R4 flow-10000: flow flow-10000 carries personal with no legal basis (waived by Risk until 2030-01-01, inventory/waivers.csv:2: until the move)')
    expect(lines[25_000]).toBe('inventory/flows.csv:25002: waived R4 flow-25000: flow flow-25000 carries personal with no legal basis (waived by Risk until 2030-01-01, inventory/waivers.csv:2: until the move)')
    expect(lines[25_001]).toBe('kosh check: failed: 12500 failing, 0 warning(s), 12501 waived; checked R4')
    expect(renderText(report)).toBe(chunks.join(''))
  })
})
