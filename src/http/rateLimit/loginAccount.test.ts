import { describe, expect, it } from 'vitest'

import { loginAccounts, unreadableBody } from './loginAccount'

const multipart = async (fields: [string, string][]) => {
  const form = new FormData()
  fields.forEach(([name, value]) => form.append(name, value))
  const request = new Request('http://x/', { method: 'POST', body: form })
  return {
    body: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type')!,
  }
}

const json = (text: string, contentType = 'application/json') => ({
  body: Buffer.from(text),
  contentType,
})

describe('loginAccounts', () => {
  it.each([
    ['JSON', json('{"email":"  Someone@Example.ORG ","password":"x"}'), ['someone@example.org']],
    [
      'JSON with a charset',
      json('{"email":"a@b.cn"}', 'application/json; charset=utf-8'),
      ['a@b.cn'],
    ],
    ['JSON without an e-mail (reset-password)', json('{"token":"t","password":"p"}'), []],
    ['JSON whose e-mail is not a string', json('{"email":["a@b.cn"]}'), []],
    ['an empty JSON body', json(''), []],
    ['a body of another type', json('email=a@b.cn', 'application/x-www-form-urlencoded'), []],
    ['JSON that does not parse', json('{"email":'), [unreadableBody]],
  ])('reads %s', async (_what, { body, contentType }, accounts) => {
    expect(await loginAccounts({ body, contentType })).toEqual(accounts)
  })

  it('reads the admin form’s multipart body by its _payload', async () => {
    const { body, contentType } = await multipart([
      ['_payload', '{"email":"A@B.CN","password":"x"}'],
    ])
    expect(await loginAccounts({ body, contentType })).toEqual(['a@b.cn'])
  })

  it('takes every _payload, so a second one cannot hide the account Payload sees', async () => {
    const { body, contentType } = await multipart([
      ['_payload', '{"email":"decoy@b.cn"}'],
      ['_payload', '{"email":"target@b.cn"}'],
    ])
    expect(await loginAccounts({ body, contentType })).toEqual(['decoy@b.cn', 'target@b.cn'])
  })

  it.each([
    ['no _payload', [['email', 'a@b.cn']] as [string, string][]],
    ['a _payload that is not JSON', [['_payload', 'email=a@b.cn']] as [string, string][]],
  ])('counts multipart with %s as unreadable', async (_what, fields) => {
    const { body, contentType } = await multipart(fields)
    expect(await loginAccounts({ body, contentType })).toEqual([unreadableBody])
  })

  it('counts multipart that does not parse as unreadable', async () => {
    expect(
      await loginAccounts({
        body: Buffer.from('garbage'),
        contentType: 'multipart/form-data; boundary=x',
      }),
    ).toEqual([unreadableBody])
  })
})
