import { isIPv6 } from 'node:net'
import ipaddr from 'ipaddr.js'

/**
 * IP address parsing and classification for outbound safety checks. Parsing is ipaddr.js (the
 * library Payload's own `safeFetch` uses); the classification is our block table below, stricter
 * than ipaddr's `range()` (it knows NAT64, 6to4 and the compatible form carry an IPv4 address,
 * and treats everything outside 2000::/3 as reserved).
 *
 * Inputs are the canonical forms that `dns.lookup` and the WHATWG URL parser produce (the parser
 * already turns decimal, octal and hex IPv4 into dotted quads), so parsing is strict on purpose:
 * only four decimal parts without leading zeros are IPv4; a leading zero is refused instead of
 * guessed at.
 */

export type IpFamily = 4 | 6

export type ParsedIp = {
  family: IpFamily
  /** The address as an unsigned integer (32 or 128 bits). */
  value: bigint
}

/**
 * Why an address may not be reached. `public` is the only one that may, unless allow-listed.
 * `cgnat` (100.64.0.0/10) also holds Alibaba Cloud's metadata service, 100.100.100.200.
 */
export type AddressCategory =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'multicast'
  | 'unspecified'
  | 'cgnat'
  | 'broadcast'
  | 'reserved'

export type AddressClass = {
  category: AddressCategory
  /** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), when that decided it. */
  embeddedIpv4?: string
}

export type Cidr = { family: IpFamily; network: bigint; prefix: number }

export const parseIp = (input: string): ParsedIp | null => {
  const text = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    return { family: 4, value: fromBytes(ipaddr.IPv4.parse(text).toByteArray()) }
  }
  const v6 = parseIpv6(text)
  return v6 === null ? null : { family: 6, value: v6 }
}

/** `10.1.0.0/16`, `fc00::/7`; a bare address is a single-address block. Null when malformed. */
export const parseCidr = (input: string): Cidr | null => {
  const [addressText, prefixText, ...rest] = input.split('/')
  if (rest.length > 0 || addressText === undefined) {
    return null
  }
  const ip = parseIp(addressText)
  if (!ip) {
    return null
  }
  const bits = ip.family === 4 ? 32 : 128
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) {
    return null
  }
  const prefix = prefixText === undefined ? bits : Number(prefixText)
  if (prefix > bits) {
    return null
  }
  return { family: ip.family, network: maskTo(ip.value, bits, prefix), prefix }
}

export const cidrContains = (cidr: Cidr, ip: ParsedIp): boolean =>
  cidr.family === ip.family &&
  maskTo(ip.value, ip.family === 4 ? 32 : 128, cidr.prefix) === cidr.network

export const classifyIp = (ip: ParsedIp): AddressClass => {
  if (ip.family === 4) {
    return { category: classifyIpv4(ip.value) }
  }
  const embedded = embeddedIpv4(ip.value)
  if (embedded !== null) {
    return { category: classifyIpv4(embedded), embeddedIpv4: formatIpv4(embedded) }
  }
  return { category: classifyIpv6(ip.value) }
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), else null. */
export const mappedIpv4 = (ip: ParsedIp): string | null =>
  ip.family === 6 && ip.value >> 32n === 0xffffn ? formatIpv4(ip.value & 0xffffffffn) : null

export const formatIpv4 = (value: bigint): string =>
  [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.')

// Order matters: the first block that holds the address decides (broadcast before 240/4).
const ipv4Blocks: [string, AddressCategory][] = [
  ['0.0.0.0/8', 'unspecified'], // "this network": connecting to 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'cgnat'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'], // includes the cloud metadata endpoint 169.254.169.254
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'reserved'],
  ['192.88.99.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'],
  ['198.51.100.0/24', 'reserved'],
  ['203.0.113.0/24', 'reserved'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
]

// Only global unicast (2000::/3) is public; inside it, the special-purpose blocks are not.
const ipv6Blocks: [string, AddressCategory][] = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['64:ff9b:1::/48', 'reserved'],
  ['100::/64', 'reserved'],
  ['2001::/23', 'reserved'], // IETF protocol assignments, Teredo among them
  ['2001:db8::/32', 'reserved'],
  ['3fff::/20', 'reserved'],
  ['fc00::/7', 'private'],
  ['fec0::/10', 'private'], // deprecated site-local, still routed internally by some networks
  ['fe80::/10', 'link-local'],
  ['ff00::/8', 'multicast'],
]

const compileBlocks = (blocks: [string, AddressCategory][]) =>
  blocks.map(([text, category]) => ({ cidr: parseCidr(text) as Cidr, category }))

const compiledIpv4Blocks = compileBlocks(ipv4Blocks)
const compiledIpv6Blocks = compileBlocks(ipv6Blocks)
const globalUnicast = parseCidr('2000::/3') as Cidr

const classifyIpv4 = (value: bigint): AddressCategory => {
  const ip: ParsedIp = { family: 4, value }
  return compiledIpv4Blocks.find(({ cidr }) => cidrContains(cidr, ip))?.category ?? 'public'
}

const classifyIpv6 = (value: bigint): AddressCategory => {
  const ip: ParsedIp = { family: 6, value }
  const block = compiledIpv6Blocks.find(({ cidr }) => cidrContains(cidr, ip))
  if (block) {
    return block.category
  }
  return cidrContains(globalUnicast, ip) ? 'public' : 'reserved'
}

/**
 * IPv6 forms that deliver to an IPv4 address: mapped (::ffff:0:0/96), translated (::ffff:0:0:0/96),
 * the deprecated compatible form (::/96, except :: and ::1), NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
 */
const embeddedIpv4 = (value: bigint): bigint | null => {
  const low32 = value & 0xffffffffn
  const high96 = value >> 32n
  if (high96 === 0xffffn || high96 === 0xffff0000n || high96 === 0x64ff9b0000000000000000n) {
    return low32
  }
  if (high96 === 0n && value > 1n) {
    return low32
  }
  if (value >> 112n === 0x2002n) {
    return (value >> 80n) & 0xffffffffn
  }
  return null
}

// Declarations, not arrow constants: the block tables above are compiled at load time and need them hoisted.
function maskTo(value: bigint, bits: number, prefix: number): bigint {
  return prefix === 0 ? 0n : (value >> BigInt(bits - prefix)) << BigInt(bits - prefix)
}

function parseIpv6(input: string): bigint | null {
  // A zone (fe80::1%eth0) names an interface, not part of the address.
  const text = input.split('%', 1)[0] ?? ''
  // ipaddr.js's own check lets through what the notation does not (`1:2:3:4:5:6:7:8:`,
  // `00001::`, `::ffff:0177.0.0.1`); Node's, libuv's inet_pton, is exact.
  if (!isIPv6(text)) {
    return null
  }
  // ipaddr.js reads the compatible `::a.b.c.d` as the mapped `::ffff:a.b.c.d`, another address;
  // it reads the same address with the IPv4 tail as two hex groups exactly.
  const lastColon = text.lastIndexOf(':')
  const tail = text.slice(lastColon + 1)
  const hex = tail.includes('.') ? `${text.slice(0, lastColon + 1)}${ipv4AsGroups(tail)}` : text
  return fromBytes(ipaddr.IPv6.parse(hex).toByteArray())
}

function ipv4AsGroups(text: string): string {
  const [a, b, c, d] = ipaddr.IPv4.parse(text).octets as [number, number, number, number]
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
}

function fromBytes(bytes: number[]): bigint {
  return bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n)
}
