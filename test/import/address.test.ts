import {describe, expect, it} from 'vitest'

import {formatAddress, inCidr, parseAddress, parseCidr, type Cidr} from '../../src/import/address.js'

const canonical = (text: string) => {
  const address = parseAddress(text)
  return address && formatAddress(address)
}

function block(text: string): Cidr {
  const parsed = parseCidr(text)
  if (!parsed || !('cidr' in parsed)) throw new Error(`not a block: ${text}`)
  return parsed.cidr
}

const inside = (address: string, cidr: string) => inCidr(parseAddress(address)!, block(cidr))

describe('addresses', () => {
  it('reads IPv4 and rejects what is not one', () => {
    expect(canonical('10.1.2.3')).toBe('10.1.2.3')
    expect(canonical(' 255.255.255.255 ')).toBe('255.255.255.255')
    for (const bad of ['10.1.2', '10.1.2.256', '10.1.2.3.4', '10.01.2.3', '1e1.1.1.1', '', 'web01']) expect(parseAddress(bad), bad).toBeUndefined()
  })

  it('reads IPv6 with :: compression and writes it as RFC 5952', () => {
    expect(canonical('FD00:0010:0000:0000:0000:0000:0000:0005')).toBe('fd00:10::5')
    expect(canonical('fd00:10:0::5')).toBe('fd00:10::5')
    expect(canonical('::')).toBe('::')
    expect(canonical('::1')).toBe('::1')
    expect(canonical('1::')).toBe('1::')
    // The longest run of zeros is compressed; on a tie the first; a single zero group is not.
    expect(canonical('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1')
    expect(canonical('2001:0:0:1:0:0:0:1')).toBe('2001:0:0:1::1')
    expect(canonical('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1')
    expect(canonical('[fe80::1%eth0]')).toBe('fe80::1')
    for (const bad of [':::', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', 'fd00::g', '12345::', '1:2:3:4::5:6:7:8', ':1']) expect(parseAddress(bad), bad).toBeUndefined()
  })

  it('reads an embedded IPv4 tail, and an IPv4-mapped address as the IPv4 address', () => {
    expect(parseAddress('::ffff:10.1.2.3')).toEqual({version: 4, value: parseAddress('10.1.2.3')!.value})
    expect(canonical('::FFFF:0a01:0203')).toBe('10.1.2.3')
    expect(canonical('64:ff9b::192.0.2.33')).toBe('64:ff9b::c000:221')
    expect(parseAddress('::ffff:10.1.2')).toBeUndefined()
  })
})

describe('CIDR blocks', () => {
  it('match IPv4 addresses inside them', () => {
    expect(inside('10.10.255.1', '10.10.0.0/16')).toBe(true)
    expect(inside('10.11.0.1', '10.10.0.0/16')).toBe(false)
    expect(inside('172.31.0.1', '172.16.0.0/12')).toBe(true)
    expect(inside('172.32.0.1', '172.16.0.0/12')).toBe(false)
    expect(inside('203.0.113.9', '0.0.0.0/0')).toBe(true)
    expect(inside('10.1.2.3', '10.1.2.3')).toBe(true)
    expect(inside('10.1.2.4', '10.1.2.3/32')).toBe(false)
  })

  it('match IPv6 addresses inside them, with BigInt over all 128 bits', () => {
    expect(inside('fd00:10::5', 'fd00::/8')).toBe(true)
    expect(inside('fe80::1', 'fd00::/8')).toBe(false)
    expect(inside('2001:db8:ffff::1', '2001:db8::/32')).toBe(true)
    expect(inside('2001:db9::1', '2001:db8::/32')).toBe(false)
    expect(inside('2001:db8::7', '::/0')).toBe(true)
    expect(inside('2001:db8::7', '2001:db8::7/128')).toBe(true)
    expect(inside('2001:db8::7', '2001:db8::6/127')).toBe(true)
    expect(inside('2001:db8::8', '2001:db8::6/127')).toBe(false)
  })

  it('keep the versions apart, except that IPv4-mapped addresses and blocks are IPv4', () => {
    expect(inside('10.1.2.3', '::/0')).toBe(false)
    expect(inside('fd00::1', '0.0.0.0/0')).toBe(false)
    expect(inside('::ffff:10.1.2.3', '10.0.0.0/8')).toBe(true)
    expect(inside('10.1.2.3', '::ffff:10.0.0.0/104')).toBe(true)
    expect(block('::ffff:10.0.0.0/104')).toEqual(block('10.0.0.0/8'))
  })

  it('refuse host bits, prefixes out of range and words that are not addresses', () => {
    expect(parseCidr('10.10.1.0/16')).toEqual({error: 'host bits are set: the network address of this block is 10.10.0.0/16'})
    expect(parseCidr('fd00::1/8')).toEqual({error: 'host bits are set: the network address of this block is fd00::/8'})
    expect(parseCidr('10.0.0.0/33')).toMatchObject({error: expect.stringContaining('out of range')})
    expect(parseCidr('::/129')).toMatchObject({error: expect.stringContaining('out of range')})
    expect(parseCidr('10.0.0.0/x')).toMatchObject({error: expect.stringContaining('not a number')})
    expect(parseCidr('callrec*')).toBeUndefined()
  })
})
