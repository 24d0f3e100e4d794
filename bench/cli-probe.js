// Runs the kosh CLI in this process and reports its peak resident memory on
// fd 3 when it exits, so the benchmark can measure a whole CLI run.
import {writeSync} from 'node:fs'
import {execute} from '@oclif/core'

process.on('exit', () => {
  try {
    writeSync(3, JSON.stringify({maxRssKb: process.resourceUsage().maxRSS}) + '\n')
  } catch {
    // fd 3 not open: run outside the benchmark
  }
})
await execute({dir: new URL('../bin/run.js', import.meta.url).href, args: process.argv.slice(2)})
