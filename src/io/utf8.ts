/**
 * Text as UTF-8 without a second copy of it.
 *
 * - `updateHash` and `writeUtf8`: a large string hashed or written a piece at
 *   a time. Encoding a 60 MB string whole makes one new buffer of that size;
 *   encoding about a million characters at a time into a reused buffer takes
 *   half the time, and a write can run while the next piece is encoded. The
 *   bytes are the same as `Buffer.from(text, 'utf8')`: a piece never ends
 *   between the two halves of a surrogate pair, so a lone surrogate becomes
 *   U+FFFD exactly as it would whole.
 * - `ByteWriter`: a file made of many small pieces (plan.json, waves.csv, the
 *   digest's records) encoded piece by piece into one growing buffer, so the
 *   whole is never a string.
 */
import type {Hash} from 'node:crypto'
import type {FileHandle} from 'node:fs/promises'

const PIECE = 1 << 20
/** The most UTF-8 bytes a piece can take: three per UTF-16 code unit. */
const PIECE_BYTES = PIECE * 3

/** Where the piece of `text` starting at `at` ends. */
function pieceEnd(text: string, at: number): number {
  const end = Math.min(at + PIECE, text.length)
  const last = text.charCodeAt(end - 1)
  return end < text.length && last >= 0xd800 && last <= 0xdbff ? end - 1 : end
}

/** `hash.update(text)`, with the same bytes hashed. */
export function updateHash(hash: Hash, text: string): Hash {
  if (text.length <= PIECE) return hash.update(text)
  const buffer = Buffer.allocUnsafe(PIECE_BYTES)
  for (let at = 0; at < text.length; ) {
    const end = pieceEnd(text, at)
    hash.update(buffer.subarray(0, buffer.write(text.slice(at, end))))
    at = end
  }
  return hash
}

/** Write `text` as UTF-8 at the file's position: each piece is encoded while the one before it is written. */
export async function writeUtf8(file: FileHandle, text: string): Promise<void> {
  const buffers = [Buffer.allocUnsafe(Math.min(PIECE_BYTES, text.length * 3)), Buffer.allocUnsafe(Math.min(PIECE_BYTES, text.length * 3))]
  let writing = Promise.resolve()
  for (let at = 0, k = 0; at < text.length; k ^= 1) {
    const end = pieceEnd(text, at)
    const bytes = buffers[k].subarray(0, buffers[k].write(text.slice(at, end)))
    await writing
    writing = writeAll(file, bytes)
    at = end
  }
  await writing
}

/** Write all of `bytes` at the file's position: one call for the whole, repeated only for what the system did not take. */
export async function writeAll(file: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length; ) done += (await file.write(bytes, done, bytes.length - done)).bytesWritten
}

/**
 * `buffer.write(value, at)` without its argument checks, which cost more than
 * the encoding for a short value: Buffer's own UTF-8 writer (the method
 * `write` calls), where present.
 */
const nativeUtf8Write = (Buffer.prototype as unknown as {utf8Write?: (this: Buffer, value: string, at: number) => number}).utf8Write
export const utf8Write: (buffer: Buffer, value: string, at: number) => number =
  typeof nativeUtf8Write === 'function' ? (buffer, value, at) => nativeUtf8Write.call(buffer, value, at) : (buffer, value, at) => buffer.write(value, at)

/**
 * Bytes written one after another into one growing buffer: UTF-8 text, bytes
 * and numbers, without a string for the whole (the inventory digest's records,
 * plan.json). Growing copies what was written into new memory; memory that
 * is allocated but never written costs nothing resident (the system maps
 * pages as they are first written), so a writer is best given room for the
 * most it is expected to hold.
 */
export class ByteWriter {
  buffer: Buffer
  at = 0

  constructor(expected: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(1 << 16, expected))
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes))
    this.buffer.copy(grown, 0, 0, this.at)
    this.buffer = grown
  }

  /** UTF-8 of `value` (a lone surrogate becomes U+FFFD, as in `Buffer.from`). */
  text(value: string): void {
    const n = value.length
    // At most three UTF-8 bytes per UTF-16 code unit.
    this.room(n * 3)
    // A short ASCII value (a code, a number, a column name) is copied here: cheaper than a native call.
    if (n <= 16) {
      const b = this.buffer
      const at = this.at
      let i = 0
      for (; i < n; i++) {
        const c = value.charCodeAt(i)
        if (c >= 0x80) break
        b[at + i] = c
      }
      if (i === n) {
        this.at = at + n
        return
      }
    }
    this.at += utf8Write(this.buffer, value, this.at)
  }

  byte(value: number): void {
    this.room(1)
    this.buffer[this.at++] = value
  }

  uint32(value: number): void {
    this.room(4)
    this.at = this.buffer.writeUInt32LE(value, this.at)
  }
}
