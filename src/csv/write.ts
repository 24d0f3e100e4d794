/**
 * Writing CSV: RFC 4180 quoting, `\n` line ends, UTF-8 without BOM.
 * Every file kosh writes (waves.csv, datasets.csv, pulled and generated inventories) goes through here.
 */

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/

export function csvField(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return ''
  // A number's text has no quote, comma, line end or edge space.
  if (typeof value === 'number') return String(value)
  const text = String(value)
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function csvLine(fields: ReadonlyArray<string | number | undefined | null>): string {
  return fields.map(csvField).join(',') + '\n'
}

export function csvDocument(header: readonly string[], rows: Iterable<ReadonlyArray<string | number | undefined | null>>): string {
  // Joined once at the end: appending line by line builds a rope that every
  // later reader (hash, write) has to flatten first.
  const lines = [csvLine(header)]
  for (const row of rows) lines.push(csvLine(row))
  return lines.join('')
}
