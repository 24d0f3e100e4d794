// `npm run bench`: kosh at national scale.
//
// Generates 10k/100k and 100k/1M inventories once (cached in .bench-cache/,
// deterministic by seed), then for each: the stages of `kosh plan` in one
// process (time and peak memory), the whole CLI, csv-parse alone on the same
// files (the floor no pipeline can beat) and, when python3 has networkx, the
// reference script beside this file. Medians over BENCH_RUNS runs (default 3).
// BENCH_SHAPES=generate,exported,bare,violations,cmdb,cmdb-messy,sector adds the same
// sizes from export_shaped.py (an inventory shaped like other tools' exports),
// bare_shaped.py (a script's: short rows, no legal bases, one large cycle;
// with violations, also a present violation for most systems and flows) and
// cmdb_shaped.py (a national CMDB's, written from the format alone: classes
// spread by flows that name none, a violation present today for most systems
// and flows, waivers; cmdb-messy also quotes every cell, shuffles rows and
// columns and uses UUIDs) and sector_shaped.py (a national landscape sector by
// sector, also written from the format alone: ids in each sector's own style,
// Cyrillic and Kazakh names, seven columns kosh does not know, notes with
// quotes and line breaks, tight clusters, after chains, a few pins).
// BENCH_DIRS=dir1,dir2 benchmarks those inventory folders instead (one made by
// another generator, a real CMDB export), with the same measurements.
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cache = join(root, '.bench-cache')
const runs = Number(process.env.BENCH_RUNS ?? 3)
const sizes = (process.env.BENCH_SIZES ?? '10000:100000,100000:1000000').split(',').map((pair) => pair.split(':').map(Number))
const shapes = (process.env.BENCH_SHAPES ?? 'generate').split(',')

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]
const log = (line) => process.stderr.write(line + '\n')

/** `ok`: the exit codes that count as a run (kosh plan exits 1 for an inventory with no valid plan, and is still timed). */
function node(args, {fd3 = false, ok = [0]} = {}) {
  const started = performance.now()
  const result = spawnSync(process.execPath, args, {cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe', ...(fd3 ? ['pipe'] : [])], maxBuffer: 1 << 28})
  const ms = performance.now() - started
  if (!ok.includes(result.status)) throw new Error(`node ${args.join(' ')} failed (${result.status}): ${result.stderr.slice(0, 2000)}`)
  return {ms, stdout: result.stdout, fd3: fd3 ? result.output[3] : ''}
}

/** The shapes made by a script beside this file: its name and options. */
const SCRIPTS = {
  exported: ['export_shaped.py'],
  bare: ['bare_shaped.py'],
  violations: ['bare_shaped.py', '--violations'],
  cmdb: ['cmdb_shaped.py'],
  'cmdb-messy': ['cmdb_shaped.py', '--style', 'messy'],
  sector: ['sector_shaped.py'],
}

function generate(shape, systems, flows) {
  const dir = join(cache, `${shape === 'generate' ? '' : `${shape}-`}s${systems}-f${flows}-seed1`)
  if (existsSync(join(dir, 'flows.csv'))) return dir
  log(`generating ${systems} systems / ${flows} flows into ${dir}`)
  const size = ['--systems', String(systems), '--flows', String(flows), '--seed', '1', '--out', dir]
  if (shape === 'generate') node(['bin/run.js', 'generate', ...size, '--force'])
  else if (SCRIPTS[shape]) {
    const [script, ...options] = SCRIPTS[shape]
    const result = spawnSync('python3', [join(root, 'bench', script), ...size, ...options], {encoding: 'utf8'})
    if (result.status !== 0) throw new Error(`${script} failed: ${result.stderr}`)
  } else throw new Error(`BENCH_SHAPES: unknown shape ${shape} (generate, ${Object.keys(SCRIPTS).join(', ')})`)
  return dir
}

/**
 * The first Python that can import networkx: `python3` on PATH, else Debian's own, which is the
 * only one that sees `apt-get install python3-networkx` when a pyenv or venv python3 comes first.
 */
const python = ['python3', '/usr/bin/python3'].find(
  (candidate) => spawnSync(candidate, ['-c', 'import networkx'], {encoding: 'utf8'}).status === 0,
)
if (!python) log('networkx reference skipped: no python3 on this machine imports networkx (apt-get install python3-networkx)')

function networkx(dir) {
  if (!python) return undefined
  const times = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    const result = spawnSync(python, [join(root, 'bench', 'networkx_reference.py'), dir], {encoding: 'utf8'})
    if (result.status !== 0) throw new Error(`networkx reference failed: ${result.stderr}`)
    times.push(performance.now() - started)
  }
  return median(times)
}

/** Data rows of one inventory file (csv-parse, so a quoted line break is one row). */
const countRows = (file) => JSON.parse(node(['bench/csv-floor.js', dirname(file), basename(file)]).stdout).records - 1
const targets = process.env.BENCH_DIRS
  ? process.env.BENCH_DIRS.split(',').map((dir) => ({dir, systems: countRows(join(dir, 'systems.csv')), flows: countRows(join(dir, 'flows.csv'))}))
  : shapes.flatMap((shape) => sizes.map(([systems, flows]) => ({dir: generate(shape, systems, flows), systems, flows})))

const rows = []
for (const target of targets) {
  log(`benchmarking ${target.dir}: ${target.systems}/${target.flows} (${runs} run(s) each)`)
  // An inventory kosh refuses (exit 2: a bad row, an unknown reference) is reported, and the others still run.
  try {
    rows.push(measure(target))
  } catch (error) {
    rows.push({...target, error: error.message.split('\n')[0]})
  }
}

function measure({dir, systems, flows}) {
  const floor = []
  for (let i = 0; i < runs; i++) floor.push(JSON.parse(node(['bench/csv-floor.js', dir]).stdout).ms)

  const pipelines = []
  for (let i = 0; i < runs; i++) pipelines.push(JSON.parse(node(['bench/pipeline.js', dir]).stdout))
  const stageNames = pipelines[0].stages.map((s) => s.stage)
  const stages = stageNames.map((name, i) => ({
    stage: name,
    ms: median(pipelines.map((p) => p.stages[i].ms)),
    peakMb: Math.max(...pipelines.map((p) => p.stages[i].peakMb)),
  }))

  const cli = []
  let cliPeakKb = 0
  for (let i = 0; i < runs; i++) {
    const out = mkdtempSync(join(tmpdir(), 'kosh-bench-cli-'))
    // As a user runs it: no V8 flags.
    const run = node(['bench/cli-probe.js', 'plan', '--inventory', dir, '--out', out, '--force'], {fd3: true, ok: [0, 1]})
    rmSync(out, {recursive: true, force: true})
    cli.push(run.ms)
    cliPeakKb = Math.max(cliPeakKb, JSON.parse(run.fd3).maxRssKb)
  }
  const nx = networkx(dir)
  return {dir, systems, flows, floorMs: median(floor), stages, cliMs: median(cli), cliPeakMb: cliPeakKb / 1024, networkxMs: nx, waves: pipelines[0].waves, valid: pipelines[0].valid}
}

const fmt = (ms) => (ms === undefined ? 'n/a' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`)
for (const row of rows) {
  if (row.error) {
    console.log(`\n## ${row.systems.toLocaleString('en')} systems, ${row.flows.toLocaleString('en')} flows: not measured\n\n${row.dir}\n\n${row.error}`)
    continue
  }
  console.log(`\n## ${row.systems.toLocaleString('en')} systems, ${row.flows.toLocaleString('en')} flows (${row.waves} waves, plan ${row.valid ? 'valid' : 'INVALID'})\n`)
  console.log(`${row.dir}\n`)
  console.log('| stage (one process) | time | peak RSS |')
  console.log('|---|---:|---:|')
  for (const s of row.stages) console.log(`| ${s.stage} | ${fmt(s.ms)} | ${s.peakMb.toFixed(0)} MB |`)
  const total = row.stages.reduce((sum, s) => sum + s.ms, 0)
  console.log(`| **all stages** | **${fmt(total)}** | |`)
  console.log('')
  console.log('| whole command | time | ratio |')
  console.log('|---|---:|---:|')
  console.log(`| csv-parse alone (floor) | ${fmt(row.floorMs)} | 1.00 |`)
  console.log(`| \`kosh plan\` (CLI, peak RSS ${row.cliPeakMb.toFixed(0)} MB) | ${fmt(row.cliMs)} | ${(row.cliMs / row.floorMs).toFixed(2)} |`)
  console.log(`| networkx reference | ${fmt(row.networkxMs)} | ${row.networkxMs ? (row.networkxMs / row.floorMs).toFixed(2) : 'n/a'} |`)
  if (row.networkxMs) console.log(`\n\`kosh plan\` takes ${((row.cliMs / row.networkxMs) * 100).toFixed(0)}% of the networkx reference's time.`)
}
