// Runs the kosh CLI in this process, exactly as bin/run.js starts it, and
// reports its peak resident memory on fd 3 when it exits, so the benchmark
// can measure a whole CLI run. usage: node bench/cli-probe.js ARGS...
import {writeSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

process.on('exit', () => {
  try {
    writeSync(3, JSON.stringify({maxRssKb: process.resourceUsage().maxRSS}) + '\n')
  } catch {
    // fd 3 not open: run outside the benchmark
  }
})
// bin/run.js reads its arguments from process.argv[2...], as when started as `kosh`.
process.argv[1] = fileURLToPath(new URL('../bin/run.js', import.meta.url))
await import('../bin/run.js')
