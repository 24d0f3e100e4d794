/**
 * PostgreSQL COPY text format, both ways: encoding records for
 * `COPY ... FROM STDIN` and splitting the rows of `COPY ... TO STDOUT`.
 * https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.2
 */
import {Readable} from 'node:stream'

const COPY_ESCAPES: Record<string, string> = {'\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t'}
const NEEDS_COPY_ESCAPE = /[\\\n\r\t]/
const COPY_ESCAPE = /[\\\n\r\t]/g

/** A value as a COPY text field (never NULL). */
export function copyField(value: string): string {
  return NEEDS_COPY_ESCAPE.test(value) ? value.replace(COPY_ESCAPE, (c) => COPY_ESCAPES[c]) : value
}

const NEEDS_ARRAY_ESCAPE = /["\\]/
const ARRAY_ESCAPE = /["\\]/g

/** A `text[]` literal with every element quoted: `{"a","b \"c\""}`. */
export function textArrayLiteral(values: readonly string[]): string {
  let out = '{'
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (i > 0) out += ','
    out += '"' + (NEEDS_ARRAY_ESCAPE.test(v) ? v.replace(ARRAY_ESCAPE, '\\$&') : v) + '"'
  }
  return out + '}'
}

/** Undo the COPY text escapes of one field (`\N`, NULL, is not expected here). */
export function decodeCopyField(field: string): string {
  if (!field.includes('\\')) return field
  return field.replace(/\\(.)/g, (_, c: string) => {
    switch (c) {
      case 'n':
        return '\n'
      case 'r':
        return '\r'
      case 't':
        return '\t'
      case 'b':
        return '\b'
      case 'f':
        return '\f'
      case 'v':
        return '\v'
      default:
        return c
    }
  })
}

/**
 * The lines of a COPY text stream, as strings. In text format a raw line feed
 * only ever ends a row (one inside a value is written `\n`), so splitting the
 * bytes at 0x0A is safe, also for multi-byte UTF-8.
 */
export async function* copyRows(stream: Readable): AsyncGenerator<string> {
  let rest: Buffer | undefined
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let buffer = rest ? Buffer.concat([rest, chunk]) : chunk
    let start = 0
    for (let end = buffer.indexOf(10, start); end >= 0; end = buffer.indexOf(10, start)) {
      yield buffer.toString('utf8', start, end)
      start = end + 1
    }
    rest = start < buffer.length ? buffer.subarray(start) : undefined
    buffer = Buffer.alloc(0)
  }
  if (rest && rest.length > 0) yield rest.toString('utf8')
}

/** A readable stream of COPY text built from lines, in chunks of about `chunkSize` characters. */
export function copyStream(lines: Iterable<string>, chunkSize = 1 << 18): Readable {
  const iterator = lines[Symbol.iterator]()
  return new Readable({
    read() {
      try {
        let chunk = ''
        for (;;) {
          const next = iterator.next()
          if (next.done) {
            if (chunk) this.push(chunk)
            this.push(null)
            return
          }
          chunk += next.value
          if (chunk.length >= chunkSize) {
            this.push(chunk)
            return
          }
        }
      } catch (error) {
        this.destroy(error as Error)
      }
    },
  })
}
