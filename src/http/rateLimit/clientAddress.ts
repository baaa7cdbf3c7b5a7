import { isIP } from 'node:net'
import ipaddr from 'ipaddr.js'

/**
 * The address a client is counted under. An IPv6 client usually holds a whole /64 and can pick a
 * new address in it for every request, so IPv6 addresses count by their /64; IPv4-mapped IPv6
 * (`::ffff:203.0.113.5`, `::ffff:cb00:7105`) counts as the IPv4 address it is.
 */
export const clientAddressKey = (ip: string | undefined): string => {
  if (!ip) {
    return 'unknown'
  }
  const address = parseClient(ip)
  if (!address) {
    return withoutZone(ip).toLowerCase()
  }
  return address instanceof ipaddr.IPv4 ? address.toString() : `${groups(address, 4)}::/64`
}

/**
 * The network a client address belongs to, coarser than `clientAddressKey`: an IPv4 /24 or an
 * IPv6 /48 (what one site or provider customer typically holds). Counters of addresses first
 * seen while the table is full are shared per network, so a flood from one network is held to
 * its own shared counter instead of everyone's.
 */
export const clientNetworkKey = (ip: string | undefined): string => {
  const address = parseClient(ip)
  if (!address) {
    return clientAddressKey(ip)
  }
  if (address instanceof ipaddr.IPv4) {
    return `${address.toByteArray().slice(0, 3).join('.')}.0/24`
  }
  return `${groups(address, 3)}::/48`
}

/**
 * The client's address, IPv4-mapped IPv6 unwrapped (ipaddr.js unwraps the deprecated compatible
 * `::a.b.c.d` too); null when it is not an IP address. Node's `isIP` checks first: ipaddr.js
 * alone also takes `127.1` or `1:2:3:4:5:6:7:8:`, which no socket reports.
 */
const parseClient = (ip: string | undefined): ipaddr.IPv4 | ipaddr.IPv6 | null => {
  const text = withoutZone(ip ?? '')
  return isIP(text) ? ipaddr.process(text) : null
}

// A zone (fe80::1%eth0) names the interface the request arrived on, not the client.
const withoutZone = (ip: string): string => ip.split('%', 1)[0] ?? ''

/** The first `count` 16-bit groups, in hex without leading zeros. */
const groups = (address: ipaddr.IPv6, count: number): string =>
  address.parts
    .slice(0, count)
    .map((group) => group.toString(16))
    .join(':')
