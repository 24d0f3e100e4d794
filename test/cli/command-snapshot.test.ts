/**
 * The CLI surface users and CI scripts call: every command, its flags (name,
 * type, default, options, multiple) and arguments, and whether it speaks --json.
 * A change here must be deliberate: update the snapshot with
 * UPDATE_SNAPSHOT=1 npx vitest run test/cli/command-snapshot.test.ts
 */
import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const COMMANDS = join(ROOT, 'src', 'commands')
const SNAPSHOT = join(ROOT, 'test', 'cli', 'command-snapshot.json')

function commandFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) =>
    entry.isDirectory() ? commandFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  )
}

interface FlagLike {
  type: string
  default?: unknown
  options?: readonly string[]
  multiple?: boolean
  required?: boolean
}

async function surface(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {}
  for (const file of commandFiles(COMMANDS).sort()) {
    const id = relative(COMMANDS, file).replace(/\.ts$/, '').split('/').join(' ')
    const command = (await import(file)).default as {flags?: Record<string, FlagLike>; args?: Record<string, {required?: boolean}>; enableJsonFlag?: boolean}
    const flags = Object.fromEntries(
      Object.entries(command.flags ?? {})
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([name, flag]) => [name, {type: flag.type, ...(flag.default !== undefined && typeof flag.default !== 'function' ? {default: flag.default} : {}), ...(flag.options ? {options: flag.options} : {}), ...(flag.multiple ? {multiple: true} : {}), ...(flag.required ? {required: true} : {})}]),
    )
    const args = Object.fromEntries(Object.entries(command.args ?? {}).map(([name, arg]) => [name, {required: arg.required === true}]))
    out[id] = {json: command.enableJsonFlag === true, flags, args}
  }
  return out
}

describe('the command surface', () => {
  it('matches the committed snapshot', async () => {
    const now = await surface()
    if (process.env.UPDATE_SNAPSHOT) writeFileSync(SNAPSHOT, JSON.stringify(now, null, 2) + '\n')
    expect(now).toEqual(JSON.parse(readFileSync(SNAPSHOT, 'utf8')))
  })

  it('every command speaks --json', async () => {
    for (const [id, command] of Object.entries(await surface())) expect((command as {json: boolean}).json, id).toBe(true)
  })
})
