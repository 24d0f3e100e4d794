/**
 * Parsing the planning flags shared by `plan` and `check`: capacity lists,
 * dates, blackout periods and the `--pins` file.
 */
import * as Flags from '@oclif/core/flags'
import {readFile} from 'node:fs/promises'

import type {PlanOptionsRecord} from '../export/plan-document.js'
import {isIsoDate} from '../load/rows.js'
import type {Inventory} from '../model/inventory.js'
import {KoshError} from './errors.js'

export const planFlags = {
  'max-systems': Flags.string({description: 'systems per wave; a list ramps up (5,10,20: wave 1 takes 5, wave 2 takes 10, later waves 20)', helpValue: 'N[,N...]'}),
  'max-gb': Flags.string({description: 'data volume (GB) per wave; a list ramps up like --max-systems', helpValue: 'N[,N...]'}),
  start: Flags.string({description: 'date the first wave starts (YYYY-MM-DD); gives every wave dates, so approvals that end are beaten', helpValue: 'DATE'}),
  'wave-days': Flags.integer({description: 'days per wave (with --start)', default: 14, min: 1}),
  blackout: Flags.string({description: 'a period no wave may overlap (repeatable)', helpValue: 'FROM..TO', multiple: true}),
  pins: Flags.string({description: 'an edited waves.csv: its wave column pins systems to waves', helpValue: 'FILE'}),
}

export interface PlanFlagValues {
  'max-systems'?: string
  'max-gb'?: string
  start?: string
  'wave-days': number
  blackout?: string[]
  pins?: string
}

function numberList(flag: string, value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined
  const list = value.split(',').map((item) => Number(item.trim()))
  if (list.length === 0 || list.some((n) => !Number.isFinite(n) || n <= 0)) {
    throw new KoshError(`--${flag} takes positive numbers separated by commas, e.g. 5,10,20 (found "${value}")`)
  }
  return list
}

function date(flag: string, value: string): string {
  if (!isIsoDate(value)) throw new KoshError(`--${flag} takes an ISO date YYYY-MM-DD (found "${value}")`)
  return value
}

export async function planOptions(flags: PlanFlagValues): Promise<PlanOptionsRecord> {
  const options: PlanOptionsRecord = {}
  const maxSystems = numberList('max-systems', flags['max-systems'])
  if (maxSystems) {
    if (maxSystems.some((n) => !Number.isInteger(n))) throw new KoshError(`--max-systems takes whole numbers (found "${flags['max-systems']}")`)
    options.maxSystems = maxSystems
  }
  const maxGb = numberList('max-gb', flags['max-gb'])
  if (maxGb) options.maxGb = maxGb
  if (flags.blackout?.length && !flags.start) throw new KoshError('--blackout needs --start: without dates there is nothing to black out')
  if (flags.start) {
    options.start = date('start', flags.start)
    options.waveDays = flags['wave-days']
    options.blackouts = (flags.blackout ?? []).map((period) => {
      const [from, to] = period.split('..')
      if (to === undefined) throw new KoshError(`--blackout takes FROM..TO, e.g. 2027-01-01..2027-01-10 (found "${period}")`)
      const range = {from: date('blackout', from.trim()), to: date('blackout', to.trim())}
      if (range.from > range.to) throw new KoshError(`--blackout ${period} ends before it starts`)
      return range
    }).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
  }
  if (flags.pins) options.pins = await readPins(flags.pins)
  return options
}

/** The wave column of an edited waves.csv: system -> wave, for the rows whose wave is set. */
export async function readPins(file: string): Promise<Record<string, number>> {
  // csv-parse only when there is a pins file to read.
  const {parse} = await import('csv-parse/sync')
  let rows: string[][]
  try {
    rows = parse(await readFile(file), {bom: true, skip_empty_lines: true, relax_column_count: true}) as string[][]
  } catch (error) {
    throw new KoshError(`${file}: cannot read the pins file: ${(error as Error).message}`)
  }
  const header = rows[0]?.map((h) => h.trim()) ?? []
  const waveAt = header.indexOf('wave')
  const systemAt = header.indexOf('system')
  if (waveAt < 0 || systemAt < 0) throw new KoshError(`${file}:1: the pins file needs the columns "wave" and "system" (as in waves.csv)`)
  const pins: Record<string, number> = {}
  rows.slice(1).forEach((row, i) => {
    const wave = (row[waveAt] ?? '').trim()
    const system = (row[systemAt] ?? '').trim()
    if (wave === '' || system === '') return
    if (!/^\d+$/.test(wave) || Number(wave) < 1) throw new KoshError(`${file}:${i + 2}: the wave of ${system} is not a wave number (found "${wave}", expected a whole number from 1)`)
    pins[system] = Number(wave)
  })
  return Object.fromEntries(Object.entries(pins).sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** Stop when `--pins` names systems the inventory does not have (the first five are named). */
export function assertPinsKnown(file: string | undefined, options: PlanOptionsRecord, inventory: Inventory): void {
  if (!options.pins) return
  // A whole waves.csv pins every system: one set of ids, not a scan per pin.
  const ids = new Set(inventory.systems.map((s) => s.id))
  const unknown = Object.keys(options.pins).filter((id) => !ids.has(id))
  if (unknown.length > 0) throw new KoshError(`${file}: pins name systems the inventory does not have: ${unknown.slice(0, 5).join(', ')}`)
}
