import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'

import {
  generateMessageId,
  generateSecret,
  sign,
  signatureHeader,
  webhookHeaders,
} from './signature'

const body = JSON.stringify({
  uri: 'urn:wangju:entry:42',
  headline: '【中国梦·大国工匠篇】焊花里的青春',
})
const oldSecret = generateSecret()
const newSecret = generateSecret()
const nowSeconds = () => Math.floor(Date.now() / 1000)

describe('generateSecret', () => {
  it('is whsec_ followed by base64 of 32 random bytes', () => {
    const secret = generateSecret()
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/)
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32)
    expect(generateSecret()).not.toBe(secret)
  })
})

describe('sign', () => {
  it('matches the official library byte for byte', () => {
    const timestamp = 1_700_000_000
    expect(sign({ id: 'msg_1', timestamp, body, secret: newSecret })).toBe(
      new Webhook(newSecret).sign('msg_1', new Date(timestamp * 1000), body),
    )
  })

  it('matches the Standard Webhooks reference vector', () => {
    // From the spec's reference implementations' test suite.
    expect(
      sign({
        id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
        timestamp: 1614265330,
        body: '{"test": 2432232314}',
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      }),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })

  it.each([
    ['an id with a newline', { id: 'msg_1\r\nx-evil: 1', timestamp: 1, secret: newSecret }],
    ['a fractional timestamp', { id: 'msg_1', timestamp: 1.5, secret: newSecret }],
    ['a secret that is not base64', { id: 'msg_1', timestamp: 1, secret: 'whsec_not base64!' }],
    ['an empty secret', { id: 'msg_1', timestamp: 1, secret: 'whsec_' }],
  ])('refuses %s', (_label, input) => {
    expect(() => sign({ ...input, body })).toThrow(TypeError)
  })
})

describe('webhookHeaders', () => {
  it('carries the id, the timestamp, one signature per active secret and the JSON content type', () => {
    const headers = webhookHeaders({
      id: 'msg_1',
      timestamp: 1_700_000_000,
      body,
      secrets: [oldSecret, newSecret],
    })
    expect(headers).toEqual({
      'webhook-id': 'msg_1',
      'webhook-timestamp': '1700000000',
      'webhook-signature': `${sign({ id: 'msg_1', timestamp: 1_700_000_000, body, secret: oldSecret })} ${sign({ id: 'msg_1', timestamp: 1_700_000_000, body, secret: newSecret })}`,
      'content-type': 'application/json',
    })
  })

  it('refuses to sign with no secret', () => {
    expect(() => signatureHeader({ id: 'msg_1', timestamp: 1, body, secrets: [] })).toThrow(
      TypeError,
    )
  })
})

describe('the official standardwebhooks library verifies our pushes', () => {
  const headersNow = (secrets: string[], payload = body) =>
    webhookHeaders({ id: generateMessageId(), timestamp: nowSeconds(), body: payload, secrets })

  it.each([
    ['the only secret', [newSecret], newSecret],
    ['the old secret during rotation', [oldSecret, newSecret], oldSecret],
    ['the new secret during rotation', [oldSecret, newSecret], newSecret],
  ])('with %s', (_label, signingSecrets, partnerSecret) => {
    expect(new Webhook(partnerSecret).verify(body, headersNow(signingSecrets))).toEqual(
      JSON.parse(body),
    )
  })

  it('refuses a tampered body', () => {
    const headers = headersNow([newSecret])
    expect(() => new Webhook(newSecret).verify(body.replace('42', '43'), headers)).toThrow()
  })

  it('refuses a secret that is not active', () => {
    expect(() =>
      new Webhook(generateSecret()).verify(body, headersNow([oldSecret, newSecret])),
    ).toThrow()
  })
})
