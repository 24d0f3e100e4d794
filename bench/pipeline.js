// One process, stage by stage: time and resident memory after each stage of
// `kosh plan` on an inventory folder. Prints one JSON line. As in `kosh plan`,
// the inventory digest's flows are read on a second thread: "validate" holds
// this thread's share of the digest, "export" any wait for the second.
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {classify} from '../dist/classify/classify.js'
import {buildPlan} from '../dist/export/plan-document.js'
import {renderHtml} from '../dist/export/html.js'
import {renderMarkdown} from '../dist/export/markdown.js'
import {renderWavesCsvBytes} from '../dist/export/waves-csv.js'
import {writeSealedPlanFolder} from '../dist/export/write-plan.js'
import {compile} from '../dist/graph/compile.js'
import {appendAll} from '../dist/model/lists.js'
import {parseInventory, settledFiles, startReadingInventoryFiles} from '../dist/load/load-inventory.js'
import {startDigest} from '../dist/model/digest-thread.js'
import {planWaves} from '../dist/plan/plan.js'
import {validateInventory} from '../dist/validate/validate.js'
import {formatDiagnostic} from '../dist/model/diagnostic.js'
import {verifyPlan} from '../dist/verify/verify.js'

const dir = process.argv[2]
const stages = []
let last = performance.now()
const stage = (name) => {
  const now = performance.now()
  stages.push({stage: name, ms: now - last, rssMb: process.memoryUsage().rss / 1e6, peakMb: process.resourceUsage().maxRSS / 1024})
  last = performance.now()
}

// As kosh plan reads them: every file at once, a large flows.csv in two parts on two threads.
const {files: reading, parts} = await startReadingInventoryFiles(dir, {parts: true})
const {inventory, diagnostics} = await parseInventory('bench', reading, parts)
const files = await settledFiles(reading)
stage('load')
// Not push(...): an inventory with an error per row has more diagnostics than a call takes arguments.
appendAll(diagnostics, validateInventory(inventory))
const firstError = diagnostics.find((d) => d.severity === 'error')
if (firstError) {
  // As kosh plan refuses it (exit 2), in one line.
  process.stderr.write(`kosh refuses the inventory: ${formatDiagnostic(firstError).split('\n')[0]}\n`)
  process.exit(2)
}
const digest = startDigest(inventory, files.flows)
stage('validate')
const compiled = compile(inventory)
const classification = classify(compiled)
stage('classify')
const plan = planWaves(compiled, classification, {})
stage('plan')
const verification = verifyPlan(compiled, classification, {waves: plan.waves.map((w) => w.systems)})
stage('verify')
// As kosh plan writes them: each file encoded once, hashed into plan.sha256, written atomically,
// each on the thread pool as soon as it is made.
const {document, json} = buildPlan({compiled, classification, inventoryDigest: await digest(), plan, verification, options: {}})
const utf8 = (text) => Buffer.from(text, 'utf8')
const out = mkdtempSync(join(tmpdir(), 'kosh-bench-'))
await writeSealedPlanFolder(out, true, [
  ['plan.json', () => json],
  ['waves.csv', () => renderWavesCsvBytes(document)],
  ['plan.md', () => utf8(renderMarkdown(document, 'en'))],
  ['plan.html', () => utf8(renderHtml(document, 'en'))],
])
rmSync(out, {recursive: true, force: true})
stage('export')
console.log(JSON.stringify({stages, waves: plan.waves.length, valid: verification.valid}))
