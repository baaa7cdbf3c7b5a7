import type { LookupAddress, LookupOptions } from 'node:dns'
import type { LookupFunction } from 'node:net'

import { promises as dnsPromises } from 'node:dns'
import { Agent, buildConnector } from 'undici'

import type { AddressCategory } from './ipAddress'

import { cidrContains, classifyIp, mappedIpv4, parseCidr, parseIp } from './ipAddress'

/**
 * Outbound safety for partner endpoint and receipt URLs, after Payload's `safeFetch`: check the
 * URL and every address its host resolves to before sending, then check again at connect time
 * (a host may resolve to a public address for the check and to 127.0.0.1 for the connection),
 * and never follow redirects (use `redirect: 'manual'`).
 */

/**
 * Hosts, IP addresses and CIDR blocks that may be reached even though they are private, e.g.
 * `['127.0.0.1', 'localhost', '10.1.0.0/16']`. Build it with `parseAllowList`.
 */
export type AllowList = readonly string[]

export type ResolvedAddress = { address: string; family: number }

/** Resolves a host name to all its addresses; injectable so tests need no DNS. */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>

/**
 * Why a destination is refused, in Chinese and in English. Neither half writes an ASCII colon of
 * its own (Chinese uses the full-width one): the admin's toast cuts a message at the first one.
 * Only an address or URL that contains colons (IPv6, a malformed URL) brings one in.
 */
export type RefusalReason = { zh: string; en: string }

export type OutboundCheck =
  | { ok: true; url: URL; addresses: string[] }
  | ({
      ok: false
      /** `zh / en`, as one line for logs and errors. */ reason: string
    } & RefusalReason)

const refused = (why: RefusalReason): OutboundCheck => ({
  ok: false,
  reason: joinReason(why),
  ...why,
})

const joinReason = ({ zh, en }: RefusalReason) => `${zh} / ${en}`

export const OUTBOUND_REFUSED = 'ERR_OUTBOUND_REFUSED'

/** A destination refused by the guard; `code` lets callers tell it from network errors. */
export class OutboundRefusedError extends Error {
  readonly code = OUTBOUND_REFUSED

  constructor(message: string) {
    super(message)
    this.name = 'OutboundRefusedError'
  }
}

/** A malformed `OUTBOUND_ALLOW_LIST`: refused at start rather than silently allowing less or more. */
export class OutboundAllowListError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'OutboundAllowListError'
  }
}

export const defaultResolve: Resolve = (hostname) =>
  dnsPromises.lookup(hostname, { all: true, verbatim: true })

/**
 * `OUTBOUND_ALLOW_LIST`: comma-separated hosts, IPs and CIDRs. Host names match exactly
 * (case-insensitive, a trailing dot ignored); no wildcards, so allowing one host allows no other.
 */
export const parseAllowList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(/[,\s]+/)
    .map((entry) => entry.trim().toLowerCase().replace(/\.$/, ''))
    .filter(Boolean)
    .map((entry) => {
      if (entry.includes('/') && !parseCidr(stripBrackets(entry))) {
        throw new OutboundAllowListError(
          `OUTBOUND_ALLOW_LIST 中的“${entry}”不是有效的 CIDR / "${entry}" in OUTBOUND_ALLOW_LIST is not a valid CIDR block`,
        )
      }
      return stripBrackets(entry)
    })

export const checkOutboundUrl = async (
  url: string,
  { allowList, resolve = defaultResolve }: { allowList: AllowList; resolve?: Resolve },
): Promise<OutboundCheck> => {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return refused({ zh: `网址无效（${url}）`, en: `not a valid URL (${url})` })
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    const scheme = parsed.protocol.replace(/:$/, '')
    return refused({
      zh: `只允许 http 和 https 网址，不允许 ${scheme}`,
      en: `only http and https are allowed, not ${scheme}`,
    })
  }
  // Credentials in a URL end up in logs and delivery records; partners authenticate by signature.
  if (parsed.username || parsed.password) {
    return refused({
      zh: '网址中不得包含用户名或密码',
      en: 'the URL must not contain a user name or password',
    })
  }
  const hostname = stripBrackets(parsed.hostname)
  let addresses: string[]
  if (parseIp(hostname)) {
    addresses = [hostname]
  } else {
    try {
      addresses = (await resolve(hostname)).map(({ address }) => address)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error'
      return refused({
        zh: `无法解析主机名 ${hostname}（${code}）`,
        en: `could not resolve ${hostname} (${code})`,
      })
    }
    if (addresses.length === 0) {
      return refused({
        zh: `主机名 ${hostname} 没有解析到任何地址`,
        en: `${hostname} resolves to no address`,
      })
    }
  }
  const reason = refusalReason({ hostname, addresses, allowList })
  return reason ? refused(reason) : { ok: true, url: parsed, addresses }
}

/**
 * A `lookup` for undici's `connect` or Node's `http.request` that resolves again at connect time
 * and refuses the connection when any address is forbidden: the defence against DNS rebinding.
 * Node calls it with `all: true` when it races address families (the default since Node 20).
 */
export const guardedLookup = (
  allowList: AllowList,
  { resolve = defaultResolve }: { resolve?: Resolve } = {},
): LookupFunction =>
  ((hostname: string, options: LookupOptions, callback: (...args: unknown[]) => void) => {
    resolve(hostname).then(
      (resolved) => {
        const family =
          options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family
        const wanted =
          family === 4 || family === 6
            ? resolved.filter((address) => address.family === family)
            : resolved
        const reason = refusalReason({
          hostname,
          addresses: resolved.map(({ address }) => address),
          allowList,
        })
        if (reason) {
          callback(new OutboundRefusedError(joinReason(reason)))
          return
        }
        const first = wanted[0]
        if (!first) {
          callback(
            Object.assign(new Error(`${hostname} resolves to no address`), {
              code: 'ENOTFOUND',
              hostname,
            }),
          )
          return
        }
        if (options.all) {
          callback(
            null,
            wanted.map(({ address, family }): LookupAddress => ({ address, family })),
          )
        } else {
          callback(null, first.address, first.family)
        }
      },
      (err: unknown) => callback(err),
    )
  }) as LookupFunction

/**
 * An undici `Agent` that refuses forbidden destinations at connect time, including IP literals
 * (Node skips `lookup` for those). Use it with undici's `fetch(url, { dispatcher, redirect: 'manual' })`.
 * `timeoutMs` bounds connecting, waiting for headers and each pause in the body; pass
 * `signal: AbortSignal.timeout(…)` as well for an overall deadline.
 */
export const createGuardedDispatcher = ({
  allowList,
  timeoutMs = 10_000,
  resolve,
}: {
  allowList: AllowList
  /** @default 10000 */
  timeoutMs?: number
  resolve?: Resolve
}): Agent => {
  const connector = buildConnector({
    lookup: guardedLookup(allowList, { resolve }),
    timeout: timeoutMs,
  })
  const connect: buildConnector.connector = (options, callback) => {
    const hostname = stripBrackets(options.hostname)
    if (parseIp(hostname)) {
      const reason = refusalReason({ hostname, addresses: [hostname], allowList })
      if (reason) {
        callback(new OutboundRefusedError(joinReason(reason)), null)
        return
      }
    }
    connector(options, callback)
  }
  return new Agent({ connect, headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
}

/** Whether an error (or any error in its `cause` chain, as fetch wraps them) is a guard refusal. */
export const isOutboundRefusal = (error: unknown): boolean => {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if ((current as { code?: unknown }).code === OUTBOUND_REFUSED) {
      return true
    }
    current = (current as { cause?: unknown }).cause
  }
  return false
}

const categoryLabels: Record<Exclude<AddressCategory, 'public'>, { zh: string; en: string }> = {
  loopback: { zh: '本机回环地址', en: 'a loopback address' },
  private: { zh: '内网', en: 'a private address' },
  'link-local': {
    zh: '链路本地地址（含云服务器元数据地址）',
    en: 'a link-local address (cloud metadata lives here)',
  },
  multicast: { zh: '组播地址', en: 'a multicast address' },
  unspecified: { zh: '未指定地址', en: 'an unspecified address' },
  cgnat: { zh: '运营商级 NAT 共享地址', en: 'a carrier-grade NAT (shared) address' },
  broadcast: { zh: '广播地址', en: 'a broadcast address' },
  reserved: { zh: '保留地址', en: 'a reserved address' },
}

/** The first reason to refuse, or null. An allow-listed host name lets all its addresses through. */
const refusalReason = ({
  hostname,
  addresses,
  allowList,
}: {
  hostname: string
  addresses: string[]
  allowList: AllowList
}): RefusalReason | null => {
  const rules = compileAllowList(allowList)
  if (rules.hosts.has(hostname.toLowerCase().replace(/\.$/, ''))) {
    return null
  }
  for (const address of addresses) {
    const ip = parseIp(address)
    if (!ip) {
      return {
        zh: `无法识别的地址 ${address}，禁止访问`,
        en: `${address} is not an IP address, refused`,
      }
    }
    const mapped = mappedIpv4(ip)
    const candidates = mapped ? [ip, parseIp(mapped)!] : [ip]
    if (candidates.some((candidate) => rules.cidrs.some((cidr) => cidrContains(cidr, candidate)))) {
      continue
    }
    const { category, embeddedIpv4 } = classifyIp(ip)
    if (category !== 'public') {
      const label = categoryLabels[category]
      const shown = embeddedIpv4 ? `${address}（内嵌 IPv4 ${embeddedIpv4}）` : address
      const shownEn = embeddedIpv4 ? `${address} (embedding ${embeddedIpv4})` : address
      return {
        zh: `地址 ${shown} 属于${label.zh}，禁止访问`,
        en: `${shownEn} is ${label.en}, refused`,
      }
    }
  }
  return null
}

const compileAllowList = (allowList: AllowList) => {
  const hosts = new Set<string>()
  const cidrs = []
  for (const entry of allowList) {
    const cidr = parseCidr(stripBrackets(entry))
    if (cidr) {
      cidrs.push(cidr)
    } else {
      hosts.add(entry.toLowerCase().replace(/\.$/, ''))
    }
  }
  return { hosts, cidrs }
}

const stripBrackets = (host: string): string =>
  host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
