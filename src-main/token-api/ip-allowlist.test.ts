import { describe, expect, it } from 'vitest'
import { allowlistMatcher, cidrWithin, parseCidr } from './ip-allowlist'

describe('parseCidr', () => {
  it('canonicalizes addresses and ranges', () => {
    expect(parseCidr('10.0.0.0/8')).toBe('10.0.0.0/8')
    expect(parseCidr(' 192.168.1.7 ')).toBe('192.168.1.7/32')
    expect(parseCidr('2001:DB8::/32')).toBe('2001:db8::/32')
    expect(parseCidr('::1')).toBe('::1/128')
  })

  it('rejects what is not an address or range', () => {
    for (const bad of ['', 'localhost', '300.1.1.1', '10.0.0.0/33', '::/129', '10.0.0.0/8/8', '10.0.0.0/x', '10.0.0.0/-1']) {
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
  })
})
