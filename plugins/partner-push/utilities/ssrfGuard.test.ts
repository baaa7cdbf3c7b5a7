import type { AddressInfo } from 'node:net'

import http from 'node:http'
import { fetch as undiciFetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Resolve } from './ssrfGuard'

import {
  checkOutboundUrl,
  createGuardedDispatcher,
  guardedLookup,
  isOutboundRefusal,
  OutboundAllowListError,
  parseAllowList,
} from './ssrfGuard'

/** A tiny DNS: names map to fixed addresses, anything else is NXDOMAIN. No network. */
const stubResolve =
  (records: Record<string, string[]>): Resolve =>
  async (hostname) => {
    const addresses = records[hostname]
    if (!addresses) {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
    }
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
  }

const resolve = stubResolve({
  'partner.example': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'intranet.example': ['10.0.0.1'],
  'mixed.example': ['93.184.216.34', '10.0.0.1'],
  'mapped.example': ['::ffff:127.0.0.1'],
  'metadata.example': ['169.254.169.254'],
  localhost: ['127.0.0.1', '::1'],
  'db.internal': ['10.1.2.3'],
  'other.internal': ['10.2.0.1'],
})

describe('WHATWG URL parsing normalises IPv4 literal forms before the guard sees them', () => {
  it.each([
    ['http://2130706433/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://017700000001/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://0/', '0.0.0.0'],
    ['http://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]'],
    ['http://[0:0:0:0:0:ffff:7f00:0001]/', '[::ffff:7f00:1]'],
  ])('%s has host %s', (url, hostname) => {
    expect(new URL(url).hostname).toBe(hostname)
  })
})

describe('checkOutboundUrl', () => {
  it.each([
    ['http://10.0.0.1/', 'is a private address'],
    ['http://172.16.5.4/', 'is a private address'],
    ['http://172.31.255.255/', 'is a private address'],
    ['http://192.168.1.1/', 'is a private address'],
    ['http://127.0.0.1/', 'is a loopback address'],
    ['http://127.8.9.10:8080/', 'is a loopback address'],
    ['http://[::1]/', 'is a loopback address'],
    ['http://169.254.169.254/latest/meta-data/', 'is a link-local address'],
    ['http://100.100.100.200/latest/meta-data/', 'carrier-grade NAT'],
    ['http://100.64.0.1/', 'carrier-grade NAT'],
    ['http://0.0.0.0/', 'is an unspecified address'],
    ['http://[::]/', 'is an unspecified address'],
    ['http://224.0.0.1/', 'is a multicast address'],
    ['http://255.255.255.255/', 'is a broadcast address'],
    ['http://192.0.2.1/', 'is a reserved address'],
    ['http://240.0.0.1/', 'is a reserved address'],
    ['http://[fc00::1]/', 'is a private address'],
    ['http://[fd12:3456::1]/', 'is a private address'],
    ['http://[fe80::1]/', 'is a link-local address'],
    ['http://[ff02::1]/', 'is a multicast address'],
    ['http://[2001:db8::1]/', 'is a reserved address'],
    ['http://[::ffff:127.0.0.1]/', 'embedding 127.0.0.1) is a loopback address'],
    ['http://[::ffff:7f00:1]/', 'embedding 127.0.0.1) is a loopback address'],
    ['http://[::ffff:10.0.0.1]/', 'embedding 10.0.0.1) is a private address'],
    ['http://[::ffff:a9fe:a9fe]/', 'embedding 169.254.169.254) is a link-local address'],
    ['http://[::127.0.0.1]/', 'embedding 127.0.0.1) is a loopback address'],
    ['http://[64:ff9b::a9fe:a9fe]/', 'embedding 169.254.169.254) is a link-local address'],
    ['http://[2002:7f00:1::]/', 'embedding 127.0.0.1) is a loopback address'],
    ['http://2130706433/', 'is a loopback address'],
    ['http://0177.0.0.1/', 'is a loopback address'],
    ['http://0x7f.1/', 'is a loopback address'],
    ['http://0/', 'is an unspecified address'],
  ])('refuses %s', async (url, reason) => {
    const result = await checkOutboundUrl(url, { allowList: [], resolve })
    expect(result.ok).toBe(false)
    expect(result.ok === false && result.reason).toContain(reason)
  })

  it.each([
    ['ftp://partner.example/', 'only http and https'],
    ['file:///etc/passwd', 'only http and https'],
    ['javascript:alert(1)', 'only http and https'],
    ['gopher://partner.example/', 'only http and https'],
    ['http://user:pass@partner.example/', 'user name or password'],
    ['http://user@partner.example/', 'user name or password'],
    ['not a url', 'not a valid URL'],
    ['http://nowhere.example/', 'could not resolve nowhere.example (ENOTFOUND)'],
  ])('refuses %s', async (url, reason) => {
    const result = await checkOutboundUrl(url, { allowList: [], resolve })
    expect(result.ok === false && result.reason).toContain(reason)
  })

  it('refuses a name resolving to a private address, in Chinese first', async () => {
    const result = await checkOutboundUrl('https://intranet.example/hook', {
      allowList: [],
      resolve,
    })
    expect(result).toEqual({
      ok: false,
      reason: '地址 10.0.0.1 属于内网，禁止访问 / 10.0.0.1 is a private address, refused',
      zh: '地址 10.0.0.1 属于内网，禁止访问',
      en: '10.0.0.1 is a private address, refused',
    })
  })

  it.each([
    ['mixed.example', '10.0.0.1 is a private address'],
    ['mapped.example', '::ffff:127.0.0.1 (embedding 127.0.0.1) is a loopback address'],
    ['metadata.example', '169.254.169.254 is a link-local address'],
  ])('refuses %s, which resolves to a forbidden address among others', async (host, reason) => {
    const result = await checkOutboundUrl(`https://${host}/hook`, { allowList: [], resolve })
    expect(result.ok === false && result.reason).toContain(reason)
  })

  it('accepts a name resolving only to public addresses and returns them', async () => {
    const result = await checkOutboundUrl('https://partner.example/hook?x=1', {
      allowList: [],
      resolve,
    })
    expect(result).toMatchObject({
      ok: true,
      addresses: ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    })
    expect(result.ok && result.url.href).toBe('https://partner.example/hook?x=1')
  })

  it.each([
    ['http://127.0.0.1:3000/receipts', ['127.0.0.1']],
    ['http://[::ffff:127.0.0.1]/', ['127.0.0.1']],
    ['http://localhost:3000/', ['localhost']],
    ['http://LocalHost/', ['localhost']],
    ['http://db.internal/', ['10.1.0.0/16']],
    ['http://[fd00::5]/', ['fd00::/8']],
  ])('accepts allow-listed %s', async (url, allowList) => {
    const result = await checkOutboundUrl(url, { allowList, resolve })
    expect(result.ok).toBe(true)
  })

  it('refuses a private address outside the allow-listed block', async () => {
    const result = await checkOutboundUrl('http://other.internal/', {
      allowList: ['10.1.0.0/16'],
      resolve,
    })
    expect(result.ok === false && result.reason).toContain('10.2.0.1 is a private address')
  })
})

describe('parseAllowList', () => {
  it('reads hosts, IPs and CIDRs from OUTBOUND_ALLOW_LIST', () => {
    expect(parseAllowList(' 127.0.0.1, Localhost ,10.1.0.0/16,[::1],partner.example.')).toEqual([
      '127.0.0.1',
      'localhost',
      '10.1.0.0/16',
      '::1',
      'partner.example',
    ])
  })

  it('is empty when the variable is unset', () => {
    expect(parseAllowList(undefined)).toEqual([])
  })

  it.each(['10.0.0.0/33', '10.0.0/8', 'fc00::/129', 'localhost/8'])(
    'refuses the malformed block %s',
    (entry) => {
      expect(() => parseAllowList(`127.0.0.1,${entry}`)).toThrow(OutboundAllowListError)
    },
  )
})

describe('guardedLookup', () => {
  const lookup = (
    hostname: string,
    options: { all?: boolean; family?: number },
    allowList: string[] = [],
  ) =>
    new Promise<{ err: unknown; address: unknown; family: unknown }>((done) => {
      guardedLookup(allowList, { resolve })(hostname, options, (err, address, family) =>
        done({ err, address, family }),
      )
    })

  it.each([{ all: true }, { all: false }])(
    'refuses a host resolving to a private address (%o)',
    async (options) => {
      const { err } = await lookup('intranet.example', options)
      expect(isOutboundRefusal(err)).toBe(true)
    },
  )

  it('answers a single address when Node asks for one', async () => {
    expect(await lookup('partner.example', { family: 4 })).toEqual({
      err: null,
      address: '93.184.216.34',
      family: 4,
    })
  })

  it('answers every address when Node races families', async () => {
    const { address } = await lookup('partner.example', { all: true })
    expect(address).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
    ])
  })

  it('lets an allow-listed host through', async () => {
    expect(await lookup('localhost', { family: 4 }, ['localhost'])).toEqual({
      err: null,
      address: '127.0.0.1',
      family: 4,
    })
  })
})

describe('createGuardedDispatcher, against a real local server', () => {
  let server: http.Server
  let port: number
  let hits = 0

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits++
      if (req.url === '/redirect') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end()
        return
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('received')
    })
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
    port = (server.address() as AddressInfo).port
  })

  afterAll(async () => {
    await new Promise((closed) => server.close(closed))
  })

  const fetchWith = async (url: string, options: Parameters<typeof createGuardedDispatcher>[0]) => {
    const dispatcher = createGuardedDispatcher(options)
    try {
      const response = await undiciFetch(url, { dispatcher, redirect: 'manual' })
      return { status: response.status, body: await response.text() }
    } finally {
      await dispatcher.close()
    }
  }

  it('refuses a loopback IP literal at connect time', async () => {
    const before = hits
    const error = await fetchWith(`http://127.0.0.1:${port}/`, { allowList: [] }).catch(
      (err: unknown) => err,
    )
    expect(isOutboundRefusal(error)).toBe(true)
    expect(hits).toBe(before)
  })

  it('refuses through the global fetch as well', async () => {
    const dispatcher = createGuardedDispatcher({ allowList: [] })
    const init = { dispatcher, redirect: 'manual' } as RequestInit
    const error = await fetch(`http://127.0.0.1:${port}/`, init).catch((err: unknown) => err)
    await dispatcher.close()
    expect(isOutboundRefusal(error)).toBe(true)
  })

  it('connects when 127.0.0.1 is allow-listed', async () => {
    expect(await fetchWith(`http://127.0.0.1:${port}/`, { allowList: ['127.0.0.1'] })).toEqual({
      status: 200,
      body: 'received',
    })
  })

  it('refuses a name that re-resolves to loopback at connect time (DNS rebinding)', async () => {
    let calls = 0
    // The first answer (the pre-flight check) is public, every later one is loopback.
    const rebinding: Resolve = async () => [
      { address: calls++ === 0 ? '93.184.216.34' : '127.0.0.1', family: 4 },
    ]
    const check = await checkOutboundUrl(`http://rebind.example:${port}/`, {
      allowList: [],
      resolve: rebinding,
    })
    expect(check.ok).toBe(true)
    const before = hits
    const error = await fetchWith(`http://rebind.example:${port}/`, {
      allowList: [],
      resolve: rebinding,
    }).catch((err: unknown) => err)
    expect(isOutboundRefusal(error)).toBe(true)
    expect(hits).toBe(before)
  })

  it('connects to an allow-listed host name', async () => {
    const local = stubResolve({ 'receipts.local': ['127.0.0.1'] })
    const response = await fetchWith(`http://receipts.local:${port}/`, {
      allowList: ['receipts.local'],
      resolve: local,
    })
    expect(response.status).toBe(200)
  })

  it('hands a redirect back instead of following it', async () => {
    const before = hits
    const response = await fetchWith(`http://127.0.0.1:${port}/redirect`, {
      allowList: ['127.0.0.1'],
    })
    expect(response.status).toBe(302)
    expect(hits).toBe(before + 1)
  })
})
