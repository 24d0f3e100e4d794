/**
 * E-mail addresses, by a strict everyday grammar.
 *
 * Not the full RFC 5322 grammar (quoted local parts, comments and IP-literal
 * domains are legal but never seen in real columns, and accepting them would
 * only let noise in). An address is a dot-atom local part of at most 64
 * characters, `@`, and a domain of at least two labels (letters, digits, inner
 * hyphens, at most 63 characters each) ending in an alphabetic top-level
 * domain or a punycode one (`xn--...`); 254 characters at most. Letters may be
 * non-Latin, so internationalised addresses such as `info@мысал.қаз` count
 * (RFC 6531/6532). E-mail has no check digit, so this is shape validation;
 * it is still specific, because the `@` followed by a dotted domain almost
 * never occurs in other data.
 *
 * Class: `personal` (an address identifies its holder; role addresses such as
 * `info@` are rare in the columns people fill).
 *
 * Reference: RFC 5321 section 4.5.3.1 (length limits), RFC 5322 section 3.4.1
 * (addr-spec, dot-atom), RFC 6531 (internationalised e-mail).
 */
import type {Detector} from './detector.js'

const ATOM = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+"
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?'
const TLD = '(?:\\p{L}{2,63}|xn--[a-z0-9-]{1,59})'
const ADDRESS = new RegExp(`^(${ATOM}(?:\\.${ATOM})*)@((?:${LABEL}\\.)+${TLD})$`, 'iu')

export function isEmail(value: string): boolean {
  if (value.length > 254) return false
  const match = ADDRESS.exec(value)
  return match !== null && match[1]!.length <= 64
}

export const emailDetector: Detector = {name: 'email', classes: ['personal'], test: isEmail}
