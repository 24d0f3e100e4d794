/**
 * IP addresses and CIDR blocks, for the zone map.
 *
 * An address is its version and its value as a BigInt (32 bits for IPv4, 128
 * for IPv6), so a block test is one shift and compare. IPv6 text may use `::`
 * compression, an embedded dotted IPv4 tail and a `%zone` suffix; an
 * IPv4-mapped IPv6 address (`::ffff:10.1.2.3`) is the IPv4 address it maps,
 * so `10.0.0.0/8` matches it. Canonical text follows RFC 5952 (lower case,
 * the longest run of zero groups compressed), so the same server seen as
 * `FD00:0::1` and `fd00::1` gets one id.
 * Reference: https://www.rfc-editor.org/rfc/rfc4291#section-2.2, https://www.rfc-editor.org/rfc/rfc5952
 */

export interface Address {
  version: 4 | 6
  value: bigint
}

export interface Cidr {
  version: 4 | 6
  /** The network address (host bits zero). */
  base: bigint
  prefix: number
}

const BITS = {4: 32, 6: 128} as const
const MAPPED_PREFIX = 0xffffn << 32n

export function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  let value = 0n
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255 || (part.length > 1 && part[0] === '0')) return undefined
    value = (value << 8n) | BigInt(part)
  }
  return value
}

function parseIPv6(text: string): bigint | undefined {
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const groups = (half: string): string[] | undefined => (half === '' ? [] : half.split(':'))
  const head = groups(halves[0])
  const tail = halves.length === 2 ? groups(halves[1]) : []
  if (!head || !tail) return undefined
  // A dotted IPv4 tail stands for the last two groups.
  const last = halves.length === 2 ? tail : head
  const words: bigint[] = []
  let v4: bigint | undefined
  if (last.length > 0 && last[last.length - 1].includes('.')) {
    v4 = parseIPv4(last.pop()!)
    if (v4 === undefined) return undefined
  }
  const size = head.length + tail.length + (v4 === undefined ? 0 : 2)
  if (halves.length === 1 ? size !== 8 : size > 7) return undefined
  const hex = (group: string) => (/^[0-9a-f]{1,4}$/i.test(group) ? BigInt(`0x${group}`) : undefined)
  for (const group of head) words.push(hex(group) ?? -1n)
  for (let i = size; i < 8; i++) words.push(0n)
  for (const group of tail) words.push(hex(group) ?? -1n)
  if (words.some((w) => w < 0n)) return undefined
  let value = 0n
  for (const word of words) value = (value << 16n) | word
  return v4 === undefined ? value : (value << 32n) | v4
}

/** Parse an IPv4 or IPv6 address; an IPv4-mapped IPv6 address becomes IPv4. */
export function parseAddress(text: string): Address | undefined {
  const trimmed = text.trim().replace(/^\[(.*)\]$/, '$1')
  const v4 = parseIPv4(trimmed)
  if (v4 !== undefined) return {version: 4, value: v4}
  if (!trimmed.includes(':')) return undefined
  const v6 = parseIPv6(trimmed.replace(/%[\w.-]+$/, ''))
  if (v6 === undefined) return undefined
  if (v6 >> 32n === MAPPED_PREFIX >> 32n) return {version: 4, value: v6 & 0xffffffffn}
  return {version: 6, value: v6}
}

export type CidrParse = {cidr: Cidr} | {error: string}

/** Parse `address/prefix` (or a bare address: a block of one). Host bits must be zero. */
export function parseCidr(text: string): CidrParse | undefined {
  const slash = text.indexOf('/')
  const address = parseAddress(slash === -1 ? text : text.slice(0, slash))
  if (!address) return undefined
  const raw = text.slice(0, slash === -1 ? text.length : slash).trim()
  const mapped = address.version === 4 && raw.includes(':')
  const bits = BITS[address.version]
  let prefix = bits
  if (slash !== -1) {
    const written = text.slice(slash + 1).trim()
    if (!/^\d{1,3}$/.test(written)) return {error: `the prefix length "${written}" is not a number`}
    // An IPv4-mapped block counts its prefix over 128 bits.
    prefix = Number(written) - (mapped ? 96 : 0)
    if (prefix < 0 || prefix > bits) return {error: `the prefix length ${written} is out of range for ${mapped ? 'an IPv4-mapped' : `an IPv${address.version}`} block`}
  }
  const hostBits = BigInt(bits - prefix)
  const base = (address.value >> hostBits) << hostBits
  if (base !== address.value) {
    return {error: `host bits are set: the network address of this block is ${formatAddress({version: address.version, value: base})}/${prefix}`}
  }
  return {cidr: {version: address.version, base, prefix}}
}

export function inCidr(address: Address, cidr: Cidr): boolean {
  if (address.version !== cidr.version) return false
  const hostBits = BigInt(BITS[cidr.version] - cidr.prefix)
  return address.value >> hostBits === cidr.base >> hostBits
}

/** Canonical text: dotted IPv4, or RFC 5952 IPv6. */
export function formatAddress(address: Address): string {
  if (address.version === 4) return [24n, 16n, 8n, 0n].map((shift) => String((address.value >> shift) & 0xffn)).join('.')
  const words = Array.from({length: 8}, (_, i) => Number((address.value >> BigInt(112 - 16 * i)) & 0xffffn))
  // The longest run of two or more zero groups (the first on a tie) becomes `::`.
  let best = {start: -1, length: 1}
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && words[j] === 0) j++
    if (j - i > best.length) best = {start: i, length: j - i}
    i = j
  }
  const hex = (list: number[]) => list.map((w) => w.toString(16)).join(':')
  if (best.start === -1) return hex(words)
  return `${hex(words.slice(0, best.start))}::${hex(words.slice(best.start + best.length))}`
}
