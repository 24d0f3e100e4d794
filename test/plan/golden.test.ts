/**
 * Golden plans: every folder in test/fixtures/plan/ holds an `inventory/`, an
 * optional `args.txt` (the `kosh plan` flags, paths relative to the case
 * folder) and an `expected/` with `plan.json` and `waves.csv`. Each case runs
 * the built CLI (`kosh plan`, then `kosh verify` on what it wrote) and the
 * same pipeline in process (runPlan, serializePlan, renderWavesCsv), and all
 * three must agree byte for byte.
 *
 * A case whose name ends in `-error` has no valid plan: `kosh plan` must exit 1
 * and its stderr must hold every line of `expected/error.txt`, in order.
 *
 * UPDATE_GOLDEN=1 npx vitest run test/plan/golden.test.ts   rewrites the expected files.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'

import {planOptions, type PlanFlagValues} from '../../src/cli/plan-flags.js'
import {serializePlan} from '../../src/export/plan-document.js'
import {renderWavesCsv} from '../../src/export/waves-csv.js'
import {openInventoryFolder} from '../../src/load/open.js'
import {formatDiagnostic, hasErrors} from '../../src/model/diagnostic.js'
import {runPlan} from '../../src/plan/run.js'
import {kosh} from '../support/cli.js'

const ROOT = fileURLToPath(new URL('../fixtures/plan', import.meta.url))
const UPDATE = process.env.UPDATE_GOLDEN === '1'

const cases = readdirSync(ROOT, {withFileTypes: true})
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

function caseArgs(dir: string): string[] {
  const file = join(dir, 'args.txt')
  return existsSync(file) ? readFileSync(file, 'utf8').split(/\s+/).filter((a) => a !== '') : []
}

/** The flags of args.txt as oclif would hand them to `planOptions` (paths made absolute). */
function flagValues(dir: string, args: string[]): PlanFlagValues {
  const flags: PlanFlagValues = {'wave-days': 14}
  for (let i = 0; i < args.length; i += 2) {
    const [name, value] = [args[i].replace(/^--/, ''), args[i + 1]]
    if (name === 'blackout') (flags.blackout ??= []).push(value)
    else if (name === 'wave-days') flags['wave-days'] = Number(value)
    else if (name === 'pins') flags.pins = join(dir, value)
    else if (name === 'max-systems' || name === 'max-gb' || name === 'start') flags[name] = value
    else throw new Error(`args.txt: flag --${name} is not a planning flag`)
  }
  return flags
}

async function golden(file: string, actual: string): Promise<void> {
  if (UPDATE) {
    await mkdir(join(file, '..'), {recursive: true})
    await writeFile(file, actual)
    return
  }
  if (!existsSync(file)) throw new Error(`${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/plan/golden.test.ts`)
  expect(actual).toBe(await readFile(file, 'utf8'))
}

/** Every line of `expected` appears in `actual`, in the same order. */
function expectLinesInOrder(actual: string, expected: string): void {
  const lines = actual.split('\n')
  let at = 0
  for (const line of expected.split('\n').filter((l) => l.trim() !== '')) {
    const found = lines.indexOf(line, at)
    expect(found, `stderr lacks (in order): ${line}\n--- stderr ---\n${actual}`).toBeGreaterThanOrEqual(0)
    at = found + 1
  }
}

const scratch: string[] = []
afterAll(async () => {
  for (const dir of scratch) await rm(dir, {recursive: true, force: true})
})

async function planInto(dir: string, args: string[]) {
  const out = await mkdtemp(join(tmpdir(), 'kosh-golden-'))
  scratch.push(out)
  const run = await kosh(['plan', '--inventory', 'inventory', '--out', out, '--force', ...args], dir)
  return {out, run}
}

describe('kosh plan golden files', () => {
  it('has the cases the planner promises', () => {
    for (const name of ['forced-together', 'forced-order', 'after-cycle-error', 'tight-too-large-error', 'retained-must-move-error', 'retained-violates-forever-error', 'deadline', 'deadline-error', 'pins', 'ramped-capacity', 'environments', 'retire']) {
      expect(cases).toContain(name)
    }
  })

  for (const name of cases) {
    const dir = join(ROOT, name)
    const args = caseArgs(dir)

    if (name.endsWith('-error')) {
      it(`${name}: kosh plan exits 1 naming the cause`, async () => {
        const {run} = await planInto(dir, args)
        expect(run.code, run.stderr).toBe(1)
        expect(run.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/) // no stack trace
        const file = join(dir, 'expected', 'error.txt')
        if (UPDATE) await golden(file, run.stderr)
        else expectLinesInOrder(run.stderr, await readFile(file, 'utf8'))
      })
      continue
    }

    it(`${name}: plan.json and waves.csv, from the CLI and in process, byte for byte`, async () => {
      const {out, run} = await planInto(dir, args)
      expect(run.code, run.stderr + run.stdout).toBe(0)
      const planJson = await readFile(join(out, 'plan.json'), 'utf8')
      const wavesCsv = await readFile(join(out, 'waves.csv'), 'utf8')
      await golden(join(dir, 'expected', 'plan.json'), planJson)
      await golden(join(dir, 'expected', 'waves.csv'), wavesCsv)

      // The same pipeline in process gives the same bytes, twice.
      const {inventory, diagnostics} = await openInventoryFolder(join(dir, 'inventory'))
      expect(hasErrors(diagnostics), diagnostics.map(formatDiagnostic).join('\n')).toBe(false)
      const options = await planOptions(flagValues(dir, args))
      for (let i = 0; i < 2; i++) {
        const {document, verification} = runPlan(inventory, options)
        expect(verification.valid).toBe(true)
        expect(serializePlan(document)).toBe(planJson)
        expect(renderWavesCsv(document)).toBe(wavesCsv)
      }

      // And what it wrote verifies.
      const verify = await kosh(['verify', out, '--inventory', 'inventory'], dir)
      expect(verify.code, verify.stdout + verify.stderr).toBe(0)
    })
  }
})

describe('kosh plan --pins', () => {
  it('names the pinned systems the inventory does not have (exit 2), and writes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kosh-pins-'))
    try {
      await writeFile(join(dir, 'pins.csv'), 'wave,system\n1,ghost\n2,auth\n3,phantom\n')
      const out = join(dir, 'out')
      const run = await kosh(['plan', '--inventory', join(ROOT, 'pins', 'inventory'), '--pins', join(dir, 'pins.csv'), '--out', out])
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('pins name systems the inventory does not have: ghost, phantom')
      expect(existsSync(out)).toBe(false)
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })
})
