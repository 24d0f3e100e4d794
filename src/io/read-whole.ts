import {open} from 'node:fs/promises'

/**
 * A file's bytes in one read where the system allows it: `readFile` reads
 * half a megabyte at a time, each piece asked for from the event loop, so a
 * large file would wait while the parser holds the thread.
 */
export async function readWhole(path: string): Promise<Buffer> {
  const file = await open(path, 'r')
  try {
    const {size} = await file.stat()
    // In memory a second thread can read too (the digest's, digest-thread.ts).
    const bytes = Buffer.from(new SharedArrayBuffer(size))
    let done = 0
    while (done < size) {
      const {bytesRead} = await file.read(bytes, done, size - done, done)
      if (bytesRead === 0) break
      done += bytesRead
    }
    // A file that grew while it was read: the rest, a piece at a time.
    const rest: Buffer[] = []
    for (;;) {
      const piece = Buffer.allocUnsafe(1 << 16)
      const {bytesRead} = await file.read(piece, 0, piece.length, done)
      if (bytesRead === 0) break
      rest.push(piece.subarray(0, bytesRead))
      done += bytesRead
    }
    return rest.length === 0 ? bytes.subarray(0, done) : Buffer.concat([bytes.subarray(0, size), ...rest])
  } finally {
    await file.close()
  }
}
