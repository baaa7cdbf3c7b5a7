import { afterEach, describe, expect, it } from 'vitest'

import { publicBaseUrl, recordListeningAddress } from './publicUrl'

const listeningKey = Symbol.for('wangju.listeningAddress')

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[listeningKey]
})

describe('publicBaseUrl', () => {
  it.each([
    [
      'SERVER_URL, without its trailing slash',
      { SERVER_URL: 'https://cms.example.org/', PORT: '8080' },
      'https://cms.example.org',
    ],
    ['HOST unset: loopback on PORT', { PORT: '8080' }, 'http://127.0.0.1:8080'],
    ['HOST 0.0.0.0: loopback', { HOST: '0.0.0.0', PORT: '4100' }, 'http://127.0.0.1:4100'],
    ['HOST ::: loopback', { HOST: '::', PORT: '4100' }, 'http://127.0.0.1:4100'],
    ['HOST an IPv6 address: in brackets', { HOST: '::1', PORT: '4100' }, 'http://[::1]:4100'],
    ['HOST a name', { HOST: 'cms.lan', PORT: '4100' }, 'http://cms.lan:4100'],
    ['nothing set: port 3000', {}, 'http://127.0.0.1:3000'],
  ])('%s', (_what, env, expected) => {
    expect(publicBaseUrl({ env })).toBe(expected)
  })

  it('takes the port the server actually listens on over PORT', () => {
    recordListeningAddress({ host: '127.0.0.1', port: 45678 })
    expect(publicBaseUrl({ env: { PORT: '0' } })).toBe('http://127.0.0.1:45678')
    expect(publicBaseUrl({ env: { SERVER_URL: 'https://cms.example.org' } })).toBe(
      'https://cms.example.org',
    )
  })
})
