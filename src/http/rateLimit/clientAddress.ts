import { isIPv4, isIPv6 } from 'node:net'

/**
 * The address a client is counted under. An IPv6 client usually holds a whole /64 and can pick a
 * new address in it for every request, so IPv6 addresses count by their /64; IPv4-mapped IPv6
 * (`::ffff:203.0.113.5`) counts as the IPv4 address it is.
 */
export const clientAddressKey = (ip: string | undefined): string => {
  if (!ip) {
    return 'unknown'
  }
  const address = ip.split('%', 1)[0]!.toLowerCase()
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1]
  if (mapped && isIPv4(mapped)) {
    return mapped
  }
  if (!isIPv6(address)) {
    return address
  }
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`
}

/**
 * The network a client address belongs to, coarser than `clientAddressKey`: an IPv4 /24 or an
 * IPv6 /48 (what one site or provider customer typically holds). Counters of addresses first
 * seen while the table is full are shared per network, so a flood from one network is held to
 * its own shared counter instead of everyone's.
 */
export const clientNetworkKey = (ip: string | undefined): string => {
  const key = clientAddressKey(ip)
  if (isIPv4(key)) {
    return `${key.split('.').slice(0, 3).join('.')}.0/24`
  }
  const v6 = /^([0-9a-f]+:[0-9a-f]+:[0-9a-f]+):[0-9a-f]+::\/64$/.exec(key)
  return v6 ? `${v6[1]}::/48` : key
}

/** The eight 16-bit groups of an IPv6 address, as numbers in hex without leading zeros. */
const expandIPv6 = (address: string): string[] => {
  const [head = '', tail] = address.split('::')
  const toGroups = (part: string) => {
    const groups = part ? part.split(':') : []
    // An embedded IPv4 tail (`64:ff9b::192.0.2.1`) is two groups.
    const last = groups.at(-1)
    if (last && isIPv4(last)) {
      const [a, b, c, d] = last.split('.').map(Number) as [number, number, number, number]
      groups.splice(-1, 1, ((a << 8) | b).toString(16), ((c << 8) | d).toString(16))
    }
    return groups
  }
  const headGroups = toGroups(head)
  const tailGroups = tail === undefined ? [] : toGroups(tail)
  const zeros = Array.from({ length: 8 - headGroups.length - tailGroups.length }, () => '0')
  return [...headGroups, ...zeros, ...tailGroups].map((group) => parseInt(group, 16).toString(16))
}
