/**
 * The plan folder: files written as they are handed over, nothing in place
 * until all are written, plan.json put in place last, no temporary file left
 * behind, and an existing plan kept unless --force.
 */
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'

import {openPlanFolder, writePlanFolder} from '../../src/export/write-plan.js'

const dirs: string[] = []
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kosh-plan-folder-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true})
})

describe('a plan folder', () => {
  it('holds nothing new until finish, then every file, plan.json put in place last', async () => {
    const dir = join(fresh(), 'plans', 'inventory')
    const folder = await openPlanFolder(dir, false)
    folder.add('plan.json', Buffer.from('{}\n'))
    folder.add('waves.csv', Buffer.from('wave,system\n'))
    folder.add('plan.sha256', 'digests\n')
    expect(readdirSync(dir).filter((name) => !name.endsWith('.tmp'))).toEqual([])
    const written = await folder.finish()
    expect(written.map((path) => path.slice(dir.length + 1))).toEqual(['plan.sha256', 'waves.csv', 'plan.json'])
    expect(readdirSync(dir).sort()).toEqual(['plan.json', 'plan.sha256', 'waves.csv'])
    expect(readFileSync(join(dir, 'plan.sha256'), 'utf8')).toBe('digests\n')
    // plan.json is renamed last, so it is the newest file of the folder.
    const times = ['plan.sha256', 'waves.csv', 'plan.json'].map((name) => statSync(join(dir, name)).ctimeMs)
    expect(times[2]).toBeGreaterThanOrEqual(Math.max(times[0], times[1]))
  })

  it('refuses a folder that holds a plan without force, before writing anything, and replaces it with force', async () => {
    const dir = fresh()
    writeFileSync(join(dir, 'plan.json'), 'old')
    writeFileSync(join(dir, 'plan.json.sig'), 'old signature')
    await expect(openPlanFolder(dir, false)).rejects.toThrow(`${dir} already holds a plan (plan.json, plan.json.sig); pass --force to overwrite it`)
    expect(readdirSync(dir).sort()).toEqual(['plan.json', 'plan.json.sig'])
    await writePlanFolder(dir, {'plan.json': 'new'}, true)
    // A signature of the old plan.json would not match the new one.
    expect(readdirSync(dir)).toEqual(['plan.json'])
    expect(readFileSync(join(dir, 'plan.json'), 'utf8')).toBe('new')
  })

  it('leaves the old plan and no temporary file when it is aborted', async () => {
    const dir = fresh()
    writeFileSync(join(dir, 'plan.json'), 'old')
    const folder = await openPlanFolder(dir, true)
    folder.add('plan.json', Buffer.alloc(1 << 20, 1))
    folder.add('plan.md', '# plan\n')
    await folder.abort()
    expect(readdirSync(dir)).toEqual(['plan.json'])
    expect(readFileSync(join(dir, 'plan.json'), 'utf8')).toBe('old')
  })

  it.skipIf(process.getuid?.() === 0)('leaves the old plan and no temporary file when a write fails', async () => {
    const dir = fresh()
    writeFileSync(join(dir, 'plan.json'), 'old')
    const folder = await openPlanFolder(dir, true)
    chmodSync(dir, 0o500)
    folder.add('plan.json', 'new')
    await expect(folder.finish()).rejects.toThrow(/EACCES/)
    chmodSync(dir, 0o700)
    expect(readdirSync(dir)).toEqual(['plan.json'])
    expect(readFileSync(join(dir, 'plan.json'), 'utf8')).toBe('old')
  })

  it('fails finish and removes what it wrote when a file cannot be put in place', async () => {
    const dir = fresh()
    // A folder where plan.md should go: the rename over it fails.
    mkdirSync(join(dir, 'plan.md', 'inside'), {recursive: true})
    const folder = await openPlanFolder(dir, true)
    folder.add('plan.json', 'new')
    folder.add('plan.md', '# plan\n')
    await expect(folder.finish()).rejects.toThrow()
    expect(readdirSync(dir)).toEqual(['plan.md'])
    expect(existsSync(join(dir, 'plan.json'))).toBe(false)
  })
})
