// The floor: csv-parse alone reading the inventory's files as arrays (no
// validation, no model). No pipeline that parses with csv-parse can beat it.
import {createReadStream} from 'node:fs'
import {parse} from 'csv-parse'

const dir = process.argv[2]
const started = performance.now()
let records = 0
for (const file of ['zones.csv', 'links.csv', 'systems.csv', 'flows.csv', 'datasets.csv', 'waivers.csv']) {
  try {
    const parser = createReadStream(`${dir}/${file}`).pipe(parse({bom: true, relax_column_count: true}))
    for await (const record of parser) records += record.length > 0 ? 1 : 0
  } catch (error) {
    if (error.code !== 'ENOENT') throw error
  }
}
console.log(JSON.stringify({records, ms: performance.now() - started, maxRssKb: process.resourceUsage().maxRSS}))
