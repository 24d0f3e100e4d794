/**
 * The other thread of `readWithPart` (scan-part.ts): reads the file, hands
 * over its bytes (shared, not copied), then scans the part from `partStart`
 * to the end into a `PartRead`, or answers null where `scanCsv` gives up.
 */
import {parentPort, workerData} from 'node:worker_threads'

import {readWhole} from '../io/read-whole.js'
import type {FileKind} from '../model/inventory.js'
import {partStart, readPart} from './scan-part.js'

const port = parentPort!
const {path, kind} = workerData as {path: string; kind: FileKind}

let bytes: Buffer
try {
  bytes = await readWhole(path)
  port.postMessage({bytes})
} catch (error) {
  const {code, message} = error as NodeJS.ErrnoException
  port.postMessage({error: {code, message}})
  process.exit(0)
}
const from = partStart(bytes)
const read = from < 0 ? undefined : readPart(bytes, kind, from)
port.postMessage({part: read ?? null}, read ? [read.lines.buffer, read.widths.buffer, read.entries.buffer, read.bounds.buffer, read.flags.buffer, ...read.spaces.flatMap((s) => [s.bounds.buffer, s.utf8.buffer])] as ArrayBuffer[] : [])
