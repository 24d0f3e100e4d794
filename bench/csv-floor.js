// The floor: csv-parse alone reading the inventory's files as arrays (no
// validation, no model). No pipeline that parses with csv-parse can beat it.
import {createReadStream, existsSync} from 'node:fs'
import {parse} from 'csv-parse'

const dir = process.argv[2]
const started = performance.now()
let records = 0
// Optionally only the files named (comma-separated) after the folder.
const files = process.argv[3] ? process.argv[3].split(',') : ['zones.csv', 'links.csv', 'systems.csv', 'flows.csv', 'datasets.csv', 'waivers.csv']
for (const file of files) {
  // links, datasets and waivers are optional: a folder without them is read without them.
  if (!existsSync(`${dir}/${file}`)) continue
  const parser = createReadStream(`${dir}/${file}`).pipe(parse({bom: true, relax_column_count: true}))
  for await (const record of parser) records += record.length > 0 ? 1 : 0
}
console.log(JSON.stringify({records, ms: performance.now() - started, maxRssKb: process.resourceUsage().maxRSS}))
