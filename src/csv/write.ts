/**
 * Writing CSV: RFC 4180 quoting, `\n` line ends, UTF-8 without BOM.
 * Every file kosh writes (waves.csv, datasets.csv, pulled and generated inventories) goes through here.
 */

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/

export function csvField(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return ''
  const text = String(value)
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function csvLine(fields: ReadonlyArray<string | number | undefined | null>): string {
  return fields.map(csvField).join(',') + '\n'
}

export function csvDocument(header: readonly string[], rows: Iterable<ReadonlyArray<string | number | undefined | null>>): string {
  let out = csvLine(header)
  for (const row of rows) out += csvLine(row)
  return out
}
