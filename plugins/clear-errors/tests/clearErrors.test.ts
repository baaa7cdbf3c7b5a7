import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../../../tests/helpers/api'
import type { Booted } from '../../../tests/helpers/payload'

import { apiClient } from '../../../tests/helpers/api'
import { serveApp } from '../../../tests/helpers/http'
import { bootPayload } from '../../../tests/helpers/payload'

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let api: Api
let englishApi: Api

const holder = '关于开展“中国梦·大国工匠篇”大型主题宣传活动的通知'

beforeAll(async () => {
  booted = await bootPayload({ name: 'clear_errors' })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  api = await apiClient(http.url)
  englishApi = await apiClient(http.url, undefined, { 'accept-language': 'en' })
  await booted.payload.create({
    collection: 'notices',
    data: { title: holder, documentNumber: '国信办通字〔2016〕2号', _status: 'published' },
  })
})

afterAll(async () => {
  await http?.close()
  await booted?.payload.destroy()
})

describe('a field error says why in its own message', () => {
  it('REST: a duplicate 文号 names the field and the notice that holds the number', async () => {
    const { status, body } = await api.post('/api/notices', {
      title: '重复',
      documentNumber: '国信办通字[2016]2号',
    })
    expect(status).toBe(400)
    expect(body.errors[0].name).toBe('ValidationError')
    expect(body.errors[0].message).toBe(
      `文号：文号 国信办通字〔2016〕2号 已被通知“${holder}”使用 / 国信办通字〔2016〕2号 is already the number of "${holder}"`,
    )
    // The admin marks the field from these.
    expect(body.errors[0].data.errors).toEqual([
      { path: 'documentNumber', message: expect.stringContaining(`已被通知“${holder}”使用`) },
    ])
  })

  it('REST: the field is named in the language asked for, the reason stays bilingual', async () => {
    const { status, body } = await englishApi.post('/api/notices', {
      title: 'Bad number',
      documentNumber: '临工办发2020年8号',
    })
    expect(status).toBe(400)
    expect(body.errors[0].message).toBe(
      'Document number: 文号“临工办发2020年8号”格式不正确，应形如“国信办通字〔2016〕2号” / expected a form like "国信办通字〔2016〕2号"',
    )
  })

  it('REST: a refused receiving URL says why', async () => {
    const { status, body } = await api.post('/api/partner-sites', {
      name: '测试网站',
      kind: 'union-site',
      push: { endpointURL: 'http://10.0.0.1/hook' },
    })
    expect(status).toBe(400)
    expect(body.errors[0].message).toMatch(
      /^推送设置 > 接收地址：推送地址不可用：.*10\.0\.0\.1.* \/ /,
    )
    expect(body.errors[0].data.errors[0].path).toBe('push.endpointURL')
  })

  it('GraphQL: the error message carries the reason, the extensions the field', async () => {
    const { body } = await api.graphql(
      'mutation { createNotice(data: { title: "重复", documentNumber: "国信办通字〔2016〕2号" }) { id } }',
    )
    expect(body.errors[0].message).toBe(
      `文号：文号 国信办通字〔2016〕2号 已被通知“${holder}”使用 / 国信办通字〔2016〕2号 is already the number of "${holder}"`,
    )
    expect(body.errors[0].extensions).toMatchObject({
      name: 'ValidationError',
      statusCode: 400,
      data: { errors: [{ path: 'documentNumber' }] },
    })
  })
})

describe('paging that cannot be read is a 400 that says why', () => {
  it.each([
    ['/api/notices?page=-5', '页码应为 1 到'],
    ['/api/notices?page=0', '页码应为 1 到'],
    ['/api/notices?page=abc', 'got "abc"'],
    ['/api/notices?limit=-1', '每页条数应为 0 到'],
    ['/api/notices/versions?page=-5', '页码应为 1 到'],
    ['/api/payload-locked-documents?page=-5', '页码应为 1 到'],
    [
      '/api/notices?where=not-json',
      '查询参数 where 不是合法的 JSON / the where parameter is not valid JSON',
    ],
  ])('REST %s', async (path, fragment) => {
    const { status, body } = await api.get(path)
    expect(status).toBe(400)
    expect(body.errors[0].message).toContain(fragment)
    expect(body.errors[0].message).toContain(' / ')
  })

  it.each([
    ['{ Notices(page: -5) { totalDocs } }', '页码应为 1 到'],
    ['{ Notices(limit: -1) { totalDocs } }', '每页条数应为 0 到'],
    ['{ versionsNotices(page: -5) { totalDocs } }', '页码应为 1 到'],
  ])('GraphQL %s', async (query, fragment) => {
    const { body } = await api.graphql(query)
    expect(body.errors[0].message).toContain(fragment)
    expect(body.errors[0].extensions.statusCode).toBe(400)
  })

  it('still serves a page that exists', async () => {
    const { status, body } = await api.get('/api/notices?page=1&limit=0')
    expect(status).toBe(200)
    expect(body.totalDocs).toBe(1)
  })
})

describe('e-mail verification, which no account type uses', () => {
  it.each([['users'], ['partner-accounts']])(
    'POST /api/%s/verify/<token> is a 404 that says so',
    async (slug) => {
      const { status, body } = await api.post(`/api/${slug}/verify/abc`, {})
      expect(status).toBe(404)
      expect(body.errors[0].message).toBe(
        '此类账号未启用邮箱验证，无需验证 / e-mail verification is not enabled for these accounts',
      )
    },
  )
})
