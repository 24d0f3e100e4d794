/**
 * Large strings as UTF-8, a piece at a time.
 *
 * A plan at national scale is a 60 MB string. Hashing it or writing it whole
 * encodes all of it into one new buffer of that size; encoding about a
 * million characters at a time into a reused buffer takes half the time, and
 * a write can run while the next piece is encoded. The bytes are the same as
 * `Buffer.from(text, 'utf8')`: a piece never ends between the two halves of a
 * surrogate pair, so a lone surrogate becomes U+FFFD exactly as it would whole.
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

async function writeAll(file: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length; ) done += (await file.write(bytes, done, bytes.length - done)).bytesWritten
}
