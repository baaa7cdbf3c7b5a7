/**
 * Every bad input gets a clear 4xx on the built server (`npm start`), in REST and in GraphQL:
 * the reason in the error's own message, Chinese first, then English. To add a case, add a row
 * to `badInputs`: what is sent, as whom, the status, the fragments the message must contain and,
 * for a write, the collection whose documents must not change in number.
 */
import { beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../helpers/api'
import type { Caller } from './client'

import { lexicalWithLink } from '../helpers/lexical'
import { e2eClient } from './client'

/** Ids of the demo data a row needs (looked up once, before the rows run). */
type Seeded = {
  /** 最“In网言网语”征集, Shanghai 2017: slogans of at most 30 characters. */
  sloganSubProject: number
  /** The national 2016 campaign (中国梦·大国工匠篇). */
  nationalCampaign: number
}

type Rest = { method: 'DELETE' | 'GET' | 'PATCH' | 'POST'; path: string; body?: unknown }
type GraphQL = { query: string; variables?: Record<string, unknown> }

type BadInput = {
  /** The test's name: what is sent. */
  what: string
  send: (seeded: Seeded) => GraphQL | Rest
  /** @default 'admin' */
  as?: Caller
  /** The HTTP status over REST; over GraphQL, the error's `extensions.statusCode`. */
  status: number
  /** Fragments `errors[0].message` must contain. */
  message: string[]
  /** A collection whose documents must not change in number (a refused write wrote nothing). */
  unchanged?: string
}

const nationalNotice = '关于开展“中国梦·大国工匠篇”大型主题宣传活动的通知'
const expectedForm = '应形如“国信办通字〔2016〕2号” / expected a form like "国信办通字〔2016〕2号"'
const slogan = '网聚职工正能量，争做中国好网民，弘扬劳模精神劳动精神工匠精神，共建网上美好精神家园'

const badInputs: BadInput[] = [
  {
    what: 'REST: a notice with a 文号 another notice holds',
    send: () => ({
      method: 'POST',
      path: '/api/notices',
      body: { title: '重复文号', documentNumber: '国信办通字[2016]2号' },
    }),
    status: 400,
    message: [
      `文号：文号 国信办通字〔2016〕2号 已被通知“${nationalNotice}”使用`,
      `is already the number of "${nationalNotice}"`,
    ],
    unchanged: 'notices',
  },
  {
    what: 'GraphQL: a notice with a 文号 another notice holds',
    send: () => ({
      query:
        'mutation { createNotice(data: { title: "重复文号", documentNumber: "国信办通字〔2016〕2号" }) { id } }',
    }),
    status: 400,
    message: [`已被通知“${nationalNotice}”使用`, 'is already the number of'],
    unchanged: 'notices',
  },
  {
    what: 'REST: a draft notice with the malformed 文号 临工办发2020年8号',
    send: () => ({
      method: 'POST',
      path: '/api/notices?draft=true',
      body: { title: '格式错误', documentNumber: '临工办发2020年8号', _status: 'draft' },
    }),
    status: 400,
    message: ['文号：文号“临工办发2020年8号”格式不正确', expectedForm],
    unchanged: 'notices',
  },
  {
    what: 'REST: a published notice with the malformed 文号 临工办发2020年8号',
    send: () => ({
      method: 'POST',
      path: '/api/notices',
      body: { title: '格式错误', documentNumber: '临工办发2020年8号', _status: 'published' },
    }),
    status: 400,
    message: ['文号“临工办发2020年8号”格式不正确', expectedForm],
    unchanged: 'notices',
  },
  {
    what: 'GraphQL: a draft notice with the malformed 文号 临工办发2020年8号',
    send: () => ({
      query:
        'mutation { createNotice(draft: true, data: { title: "格式错误", documentNumber: "临工办发2020年8号", _status: draft }) { id } }',
    }),
    status: 400,
    message: ['文号“临工办发2020年8号”格式不正确', expectedForm],
    unchanged: 'notices',
  },
  {
    what: 'REST: a slogan longer than its sub-project’s 30 字',
    send: ({ sloganSubProject }) => ({
      method: 'POST',
      path: '/api/entries',
      body: { title: '网言网语', subProject: sloganSubProject, text: slogan, status: 'submitted' },
    }),
    status: 400,
    message: [
      `作品正文：字数 ${slogan.length}，超过“最‘In网言网语’征集”允许的 30 字`,
      `${slogan.length} characters, more than the 30 allowed`,
    ],
    unchanged: 'entries',
  },
  {
    what: 'GraphQL: a slogan longer than its sub-project’s 30 字',
    send: ({ sloganSubProject }) => ({
      query:
        'mutation ($text: String, $subProject: Int) { createEntry(data: { title: "网言网语", subProject: $subProject, text: $text, status: submitted }) { id } }',
      variables: { text: slogan, subProject: sloganSubProject },
    }),
    status: 400,
    message: [`字数 ${slogan.length}，超过`, 'more than the 30 allowed'],
    unchanged: 'entries',
  },
  {
    what: 'REST: a partner site whose receiving URL is a private address',
    send: () => ({
      method: 'POST',
      path: '/api/partner-sites',
      body: {
        name: '内网测试站',
        kind: 'union-site',
        push: { endpointURL: 'http://10.0.0.1/hook' },
      },
    }),
    status: 400,
    message: [
      '接收地址：推送地址不可用：地址 10.0.0.1 属于内网，禁止访问',
      'the receiving URL cannot be used, 10.0.0.1 is a private address, refused',
    ],
    unchanged: 'partner-sites',
  },
  {
    what: 'GraphQL: a partner site whose receiving URL is a private address',
    send: () => ({
      query:
        'mutation { createPartnerSite(data: { name: "内网测试站", kind: union_site, push: { endpointURL: "http://10.0.0.1/hook" } }) { id } }',
    }),
    status: 400,
    message: [
      '推送地址不可用：地址 10.0.0.1 属于内网，禁止访问',
      'the receiving URL cannot be used, 10.0.0.1 is a private address, refused',
    ],
    unchanged: 'partner-sites',
  },
  ...['page=-5', 'page=0', 'page=abc', 'limit=-1'].map((query): BadInput => ({
    what: `REST: GET /api/notices?${query}`,
    as: 'anonymous',
    send: () => ({ method: 'GET', path: `/api/notices?${query}` }),
    status: 400,
    message: query.startsWith('page')
      ? ['页码应为 1 到', 'page must be a whole number']
      : ['每页条数应为 0 到', 'limit must be a whole number'],
  })),
  {
    what: 'REST: GET /api/notices/versions?page=-5',
    send: () => ({ method: 'GET', path: '/api/notices/versions?page=-5' }),
    status: 400,
    message: ['页码应为 1 到', 'got "-5"'],
  },
  {
    what: 'GraphQL: Notices(page: -5)',
    as: 'anonymous',
    send: () => ({ query: '{ Notices(page: -5) { totalDocs } }' }),
    status: 400,
    message: ['页码应为 1 到', 'got "-5"'],
  },
  {
    what: 'REST: POST /api/users/verify/abc',
    as: 'anonymous',
    send: () => ({ method: 'POST', path: '/api/users/verify/abc', body: {} }),
    status: 404,
    message: ['未启用邮箱验证', 'e-mail verification is not enabled'],
  },
  {
    what: 'REST: a notice whose body links to javascript:',
    send: () => ({
      method: 'POST',
      path: '/api/notices',
      body: { title: '链接', body: lexicalWithLink({ url: 'javascript:alert(document.cookie)' }) },
    }),
    status: 400,
    message: [
      '正文：链接“javascript:alert(document.cookie)”使用了不允许的 javascript: 协议',
      'only http, https, mailto and tel links',
    ],
    unchanged: 'notices',
  },
  {
    what: 'REST: a featured worker whose story autolinks to an entity-encoded javascript:',
    send: ({ nationalCampaign }) => ({
      method: 'POST',
      path: '/api/featured-workers',
      body: {
        name: '链接',
        campaign: nationalCampaign,
        status: 'recommended',
        story: lexicalWithLink({ url: '&#106;avascript:alert(1)', type: 'autolink' }),
      },
    }),
    status: 400,
    message: ['事迹：链接', '不允许的 javascript: 协议'],
    unchanged: 'featured-workers',
  },
  {
    what: 'GraphQL: a draft notice whose body links to data:',
    send: () => ({
      query:
        'mutation ($body: JSON) { createNotice(draft: true, data: { title: "链接", _status: draft, body: $body }) { id } }',
      variables: { body: lexicalWithLink({ url: 'data:text/html,<script>alert(1)</script>' }) },
    }),
    status: 400,
    message: ['正文：链接', '不允许的 data: 协议', 'uses the data: scheme'],
    unchanged: 'notices',
  },
]

const clients: Partial<Record<Caller, Api>> = {}
let admin: Api
let seeded: Seeded

const idOf = async (path: string): Promise<number> => {
  const { status, body } = await admin.get(path)
  const id = body?.docs?.[0]?.id
  if (status !== 200 || typeof id !== 'number') {
    throw new Error(`demo data missing: GET ${path} answered ${status}`)
  }
  return id
}

const countOf = async (collection: string): Promise<number> => {
  const { status, body } = await admin.get(`/api/${collection}/count?draft=true`)
  expect(status).toBe(200)
  return body.totalDocs as number
}

beforeAll(async () => {
  admin = await e2eClient()
  clients.admin = admin
  clients.anonymous = await e2eClient({ as: 'anonymous' })
  seeded = {
    sloganSubProject: await idOf(
      `/api/sub-projects?where[name][equals]=${encodeURIComponent('最“In网言网语”征集')}&depth=0&draft=true`,
    ),
    nationalCampaign: await idOf(
      `/api/campaigns?where[label][equals]=${encodeURIComponent('中国梦·大国工匠篇')}&depth=0`,
    ),
  }
})

describe('every bad input: a clear bilingual 4xx, nothing written (built server)', () => {
  it.each(badInputs)(
    '$what → $status',
    async ({ send, as = 'admin', status, message, unchanged }) => {
      const before = unchanged ? await countOf(unchanged) : 0
      const request = send(seeded)
      const client = clients[as]!
      let answer: { message: string; status: number }
      if ('query' in request) {
        const { status: httpStatus, body } = await client.graphql(request.query, request.variables)
        expect(httpStatus).toBe(200)
        expect(body.errors?.[0], JSON.stringify(body).slice(0, 500)).toBeDefined()
        answer = { message: body.errors[0].message, status: body.errors[0].extensions?.statusCode }
      } else {
        const method = request.method.toLowerCase() as 'delete' | 'get' | 'patch' | 'post'
        const { status: httpStatus, body } =
          method === 'get' || method === 'delete'
            ? await client[method](request.path)
            : await client[method](request.path, request.body)
        expect(body?.errors?.[0], JSON.stringify(body).slice(0, 500)).toBeDefined()
        answer = { message: body.errors[0].message, status: httpStatus }
      }
      expect(answer.status).toBe(status)
      for (const fragment of message) {
        expect(answer.message).toContain(fragment)
      }
      // Chinese first, then English.
      expect(answer.message).toMatch(/[\u4e00-\u9fff].* \/ .*[A-Za-z]/)
      if (unchanged) {
        expect(await countOf(unchanged)).toBe(before)
      }
    },
  )
})
