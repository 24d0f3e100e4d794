/**
 * The second thread of `startDigest` (digest-thread.ts): reads flows.csv's
 * part of the inventory digest from the file's bytes while the first thread
 * plans, then hashes it between the parts the first thread sends.
 */
import {parentPort} from 'node:worker_threads'

import {flowsSection, sectionDigest, type FlowEnds} from './flows-digest.js'

interface Start {
  file: Uint8Array
  flows: number
}
interface Finish {
  prefix: Uint8Array
  suffix: Uint8Array
  ends: FlowEnds
}

const port = parentPort!
port.once('message', ({file, flows}: Start) => {
  const section = flowsSection(file, flows)
  port.once('message', ({prefix, suffix, ends}: Finish) => {
    const digest = 'unsure' in section ? section : sectionDigest(prefix, section, ends, suffix)
    port.postMessage(typeof digest === 'string' ? {digest} : {unsure: digest.unsure})
  })
})
