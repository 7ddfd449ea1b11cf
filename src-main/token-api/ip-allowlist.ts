import { BlockList, isIP } from 'node:net'

/** Parses "a.b.c.d/n", "x::y/n" or a bare address into a canonical CIDR string, or null when invalid. */
export function parseCidr(input: string): string | null {
  // split() always yields a first element.
  const [address, bits, ...rest] = input.trim().split('/') as [string, string?, ...string[]]
  if (rest.length > 0) return null
  const family = isIP(address)
  if (family === 0) return null
  const max = family === 4 ? 32 : 128
  if (bits === undefined) return `${address.toLowerCase()}/${max}`
  if (!/^\d{1,3}$/.test(bits)) return null
  const prefix = Number(bits)
  if (prefix > max) return null
  return `${address.toLowerCase()}/${prefix}`
}

/** Builds a matcher for canonical CIDRs; an empty list allows every address. */
export function allowlistMatcher(cidrs: readonly string[]): (address: string) => boolean {
  if (cidrs.length === 0) return () => true
  const list = new BlockList()
  for (const cidr of cidrs) {
    const [address, bits] = cidr.split('/') as [string, string]
    list.addSubnet(address, Number(bits), isIP(address) === 4 ? 'ipv4' : 'ipv6')
  }
  return (address) => {
    // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; BlockList matches those against
    // IPv4 ranges itself (and IPv4 peers against ::ffff: ranges).
    const family = isIP(address)
    // Stryker disable next-line ConditionalExpression: BlockList.check answers false for what is not an address too; this says so.
    if (family === 0) return false
    return list.check(address, family === 4 ? 'ipv4' : 'ipv6')
  }
}

/** True when every address of the canonical CIDR `inner` lies inside the canonical CIDR `outer`. */
export function cidrWithin(inner: string, outer: string): boolean {
  const [innerAddress, innerBits] = inner.split('/') as [string, string]
  const [outerAddress, outerBits] = outer.split('/') as [string, string]
  const family = isIP(innerAddress)
  // Families never nest: an IPv4-mapped IPv6 range is a different key reach, so it is refused.
  if (family === 0 || family !== isIP(outerAddress) || Number(innerBits) < Number(outerBits)) return false
  // inner's prefix is at least as long, so all of inner lies inside outer exactly when any one of its addresses does.
  const type = family === 4 ? 'ipv4' : 'ipv6'
  const list = new BlockList()
  list.addSubnet(outerAddress, Number(outerBits), type)
  return list.check(innerAddress, type)
}
