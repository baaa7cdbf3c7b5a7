import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../helpers/api'
import type { Booted } from '../helpers/payload'

import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { lexicalWithLink } from '../helpers/lexical'
import { bootPayload } from '../helpers/payload'

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let api: Api
let campaign: number

beforeAll(async () => {
  booted = await bootPayload({ name: 'rich_text_links' })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  api = await apiClient(http.url)
  campaign = (
    await booted.payload.create({
      collection: 'campaigns',
      data: { name: '中国梦·大国工匠篇', year: 2016, status: 'active' },
    })
  ).id
})

afterAll(async () => {
  await http?.close()
  await booted?.payload.destroy()
})

const unsafeUrls = [
  'javascript:alert(document.cookie)',
  'JavaScript:alert(1)',
  ' java\tscript:alert(1)',
  'java\u0000script:alert(1)',
  '&#106;avascript:alert(1)',
  'javascript&colon;alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
]

/** Every rich-text field of the app, with what a valid document around it needs. */
const richTextFields = [
  { collection: 'notices', field: 'body', label: '正文', data: () => ({ title: '链接测试' }) },
  {
    collection: 'featured-workers',
    field: 'story',
    label: '事迹',
    data: () => ({ name: '链接测试', campaign, status: 'recommended' }),
  },
]

const count = async (collection: string) =>
  (await booted.payload.count({ collection: collection as 'notices', where: {} })).totalDocs

describe('links in rich text', () => {
  describe.each(richTextFields)('$collection → $field', ({ collection, field, label, data }) => {
    it.each(
      unsafeUrls.flatMap((url) => [
        { url, type: 'link' as const },
        { url, type: 'autolink' as const },
      ]),
    )(
      'REST refuses a $type to $url, naming the field, and stores nothing',
      async ({ url, type }) => {
        const before = await count(collection)
        const { status, body } = await api.post(`/api/${collection}`, {
          ...data(),
          [field]: lexicalWithLink({ url, type }),
        })
        expect(status).toBe(400)
        expect(body.errors[0].message).toMatch(
          new RegExp(
            `^${label}：链接“.+”使用了不允许的 [a-z]+: 协议.* / the link ".+" uses the [a-z]+: scheme`,
          ),
        )
        expect(body.errors[0].data.errors[0].path).toBe(field)
        expect(await count(collection)).toBe(before)
      },
    )

    it('REST refuses a javascript: URL on a link that calls itself internal', async () => {
      const before = await count(collection)
      const { status, body } = await api.post(`/api/${collection}`, {
        ...data(),
        [field]: lexicalWithLink({ url: 'javascript:alert(1)', linkType: 'internal' }),
      })
      expect(status).toBe(400)
      expect(body.errors[0].message).toContain('不允许的 javascript: 协议')
      expect(await count(collection)).toBe(before)
    })

    it.each([
      'https://www.workercn.cn/',
      'http://acftu.people.com.cn/',
      'mailto:xuanjiaobu@acftu.org',
      'tel:0357-2080181',
      '/notices/1',
    ])('REST stores a link to %s as it was written', async (url) => {
      const { status, body } = await api.post(`/api/${collection}`, {
        ...data(),
        [field]: lexicalWithLink({ url }),
      })
      expect(status).toBe(201)
      expect(body.doc[field].root.children[0].children[1].fields.url).toBe(url)
    })
  })

  it('REST refuses it in a draft notice too (drafts are served to staff and in /versions)', async () => {
    const before = await count('notices')
    const { status, body } = await api.post('/api/notices?draft=true', {
      title: '链接测试',
      _status: 'draft',
      body: lexicalWithLink({ url: 'javascript:alert(1)' }),
    })
    expect(status).toBe(400)
    expect(body.errors[0].message).toContain('不允许的 javascript: 协议')
    expect(await count('notices')).toBe(before)
  })

  it('GraphQL refuses a javascript: link with the reason in the message', async () => {
    const before = await count('notices')
    const { body } = await api.graphql(
      'mutation ($body: JSON) { createNotice(data: { title: "链接测试", body: $body }) { id } }',
      {
        body: lexicalWithLink({ url: 'javascript:alert(1)' }),
      },
    )
    expect(body.data.createNotice).toBeNull()
    expect(body.errors[0].message).toMatch(
      /^正文：链接“javascript:alert\(1\)”使用了不允许的 javascript: 协议/,
    )
    expect(body.errors[0].extensions).toMatchObject({
      statusCode: 400,
      data: { errors: [{ path: 'body' }] },
    })
    expect(await count('notices')).toBe(before)
  })

  it('GraphQL refuses a data: autolink in a featured worker’s story', async () => {
    const { body } = await api.graphql(
      `mutation ($story: JSON) { createFeaturedWorker(data: { name: "链接测试", status: recommended, campaign: ${campaign}, story: $story }) { id } }`,
      {
        story: lexicalWithLink({
          url: 'data:text/html,<script>alert(1)</script>',
          type: 'autolink',
        }),
      },
    )
    expect(body.errors[0].message).toMatch(
      /^事迹：链接“data:text\/html,<script>alert\(1\)<\/script>”使用了不允许的 data: 协议/,
    )
  })
})
