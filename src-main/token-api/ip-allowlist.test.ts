import { describe, expect, it } from 'vitest'
import { allowlistMatcher, cidrWithin, parseCidr } from './ip-allowlist'

describe('parseCidr', () => {
  it('canonicalizes addresses and ranges', () => {
    expect(parseCidr('10.0.0.0/8')).toBe('10.0.0.0/8')
    expect(parseCidr(' 192.168.1.7 ')).toBe('192.168.1.7/32')
    expect(parseCidr('2001:DB8::/32')).toBe('2001:db8::/32')
    expect(parseCidr('::1')).toBe('::1/128')
    expect(parseCidr('FE80::AB')).toBe('fe80::ab/128')
  })

  it('accepts every prefix length up to the family maximum, zero included', () => {
    expect(parseCidr('192.168.1.7/32')).toBe('192.168.1.7/32')
    expect(parseCidr('10.0.0.0/0')).toBe('10.0.0.0/0')
    expect(parseCidr('10.0.0.0/08')).toBe('10.0.0.0/8')
    expect(parseCidr('2001:db8::1/128')).toBe('2001:db8::1/128')
    expect(parseCidr('2001:db8::/100')).toBe('2001:db8::/100')
  })

  it('rejects what is not an address or range', () => {
    for (const bad of ['', 'localhost', '300.1.1.1', '10.0.0.0/33', '::/129', '10.0.0.0/8/8', '10.0.0.0/x', '10.0.0.0/-1',
      '10.0.0.0/8x', '10.0.0.0/x8', '10.0.0.0/0008', '10.0.0.0/', '10.0.0.0/ 8', '/8', '192.168.1.7/32 /1', '::1/1e2']) {
      expect(parseCidr(bad), bad).toBeNull()
    }
  })
})

describe('allowlistMatcher', () => {
  it('allows any address when the list is empty', () => {
    expect(allowlistMatcher([])('203.0.113.9')).toBe(true)
  })

  it('matches IPv4 and IPv6 ranges, including IPv4 peers seen through a dual-stack socket', () => {
    const allows = allowlistMatcher(['10.0.0.0/8', '2001:db8::/32'])
    expect(allows('10.20.30.40')).toBe(true)
    expect(allows('::ffff:10.1.2.3')).toBe(true)
    expect(allows('2001:db8:1::5')).toBe(true)
    expect(allows('11.0.0.1')).toBe(false)
    expect(allows('::ffff:127.0.0.1')).toBe(false)
    expect(allows('2001:db9::1')).toBe(false)
    expect(allows('not an address')).toBe(false)
    expect(allows('')).toBe(false)
  })

  it('treats only ::ffff:-mapped peers as IPv4, not IPv6 addresses that merely end in dotted notation', () => {
    const allows = allowlistMatcher(['10.0.0.0/8'])
    expect(allows('::ffff:10.1.2.3')).toBe(true)
    // 1:2:3::a01:203 written with a dotted tail: an IPv6 peer, outside every IPv4 range.
    expect(allows('1:2:3::10.1.2.3')).toBe(false)
    expect(allows('::ffff:a01:203')).toBe(true)
    expect(allows('::ffff:zz')).toBe(false)
  })

  it('checks every listed range, single addresses included', () => {
    const allows = allowlistMatcher(['192.0.2.1/32', '198.51.100.0/24', '2001:db8::7/128'])
    expect(allows('192.0.2.1')).toBe(true)
    expect(allows('192.0.2.2')).toBe(false)
    expect(allows('198.51.100.255')).toBe(true)
    expect(allows('2001:db8::7')).toBe(true)
    expect(allows('2001:db8::8')).toBe(false)
  })
})

describe('cidrWithin', () => {
  it('is true only when the whole inner range lies inside the outer one', () => {
    expect(cidrWithin('127.0.0.1/32', '127.0.0.1/32')).toBe(true)
    expect(cidrWithin('127.0.0.1/32', '127.0.0.0/8')).toBe(true)
    expect(cidrWithin('10.1.2.3/16', '10.0.0.0/8')).toBe(true)
    expect(cidrWithin('127.0.0.0/8', '127.0.0.1/32')).toBe(false)
    expect(cidrWithin('0.0.0.0/0', '127.0.0.1/32')).toBe(false)
    expect(cidrWithin('10.0.0.1/32', '127.0.0.0/8')).toBe(false)
    expect(cidrWithin('2001:db8:1::/48', '2001:db8::/32')).toBe(true)
    expect(cidrWithin('2001:db8::/31', '2001:db8::/32')).toBe(false)
  })

  it('never nests one address family in the other', () => {
    expect(cidrWithin('::ffff:127.0.0.1/128', '127.0.0.1/32')).toBe(false)
    expect(cidrWithin('127.0.0.1/32', '::/0')).toBe(false)
    expect(cidrWithin('::/0', '0.0.0.0/0')).toBe(false)
    expect(cidrWithin('::1/128', '::/0')).toBe(true)
  })

  it('refuses what is not an address', () => {
    expect(cidrWithin('nowhere/32', '0.0.0.0/0')).toBe(false)
    expect(cidrWithin('10.0.0.1/32', 'nowhere/0')).toBe(false)
    expect(cidrWithin('nowhere/32', 'elsewhere/0')).toBe(false)
  })
})
