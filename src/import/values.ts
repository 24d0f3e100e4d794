/**
 * Other tools' words for kosh's values: `Production` and `UAT` for the
 * environments, the migration "R" names for the strategies. Each reader
 * returns the kosh value, `''` for "not given", or an error naming what it
 * accepts; a word it does not know is an error, never a guess.
 */
import {CLASSES, CRITICALITIES, type Environment, type Strategy} from '../model/inventory.js'

export type ValueRead = {value: string; undecided?: boolean} | {error: string; expected: string}

const ENVIRONMENTS: Readonly<Record<string, Environment>> = {
  prod: 'prod', production: 'prod', prd: 'prod', live: 'prod',
  test: 'test', testing: 'test', tst: 'test', qa: 'test', uat: 'test', sit: 'test', stage: 'test', staging: 'test', preprod: 'test', preproduction: 'test',
  dev: 'dev', development: 'dev', develop: 'dev',
}

/** AWS's seven Rs (and CMF's `Rearchitect`) to kosh strategies; `TBC` is a decision not yet made. */
const STRATEGIES: Readonly<Record<string, Strategy>> = {
  rehost: 'rehost', replatform: 'replatform', refactor: 'refactor', rearchitect: 'refactor',
  relocate: 'relocate', repurchase: 'repurchase', retain: 'retain', retire: 'retire',
}
const UNDECIDED = new Set(['tbc', 'tbd'])

/** Letters and digits only, lower case: `Pre-Prod` and `preprod` are one word. */
const word = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')

export function readEnvironment(text: string): ValueRead {
  if (text === '') return {value: ''}
  const env = ENVIRONMENTS[word(text)]
  if (env) return {value: env}
  return {error: 'the environment is not one kosh knows', expected: 'prod (production, prd, live), test (testing, qa, uat, sit, staging, preprod) or dev (development)'}
}

export function readStrategy(text: string): ValueRead {
  if (text === '') return {value: ''}
  const key = word(text)
  if (UNDECIDED.has(key)) return {value: '', undecided: true}
  const strategy = STRATEGIES[key]
  if (strategy) return {value: strategy}
  return {error: 'the migration strategy is not one kosh knows', expected: 'rehost, replatform, refactor (rearchitect), relocate, repurchase, retain, retire, or TBC'}
}

export function readWave(text: string): ValueRead {
  if (text === '') return {value: ''}
  if (/^\d+$/.test(text) && Number(text) >= 1) return {value: String(Number(text))}
  return {error: 'the wave is not a wave number', expected: 'a whole number from 1'}
}

export function readClasses(text: string): ValueRead {
  const items = text.split(';').map((c) => c.trim().toLowerCase()).filter((c) => c !== '')
  const unknown = items.filter((c) => !(CLASSES as readonly string[]).includes(c))
  if (unknown.length > 0) return {error: `"${unknown[0]}" is not a class kosh knows`, expected: `classes from ${CLASSES.join(', ')}, separated by ;`}
  return {value: CLASSES.filter((c) => items.includes(c)).join(';')}
}

export function readCriticality(text: string): ValueRead {
  if (text === '') return {value: ''}
  const lower = text.toLowerCase()
  if ((CRITICALITIES as readonly string[]).includes(lower)) return {value: lower}
  return {error: 'the criticality is not one kosh knows', expected: CRITICALITIES.join(', ')}
}

export function readStorage(text: string): ValueRead {
  if (text === '') return {value: ''}
  if (/^(\d+(\.\d*)?|\.\d+)$/.test(text)) return {value: text}
  return {error: 'the storage is not a number of GB', expected: 'a number such as 120 or 0.5 (a point, not a comma, for decimals)'}
}

export function readList(text: string): ValueRead {
  return {value: text.split(';').map((item) => item.trim()).filter((item) => item !== '').join(';')}
}

export function readText(text: string): ValueRead {
  return {value: text}
}
