import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../helpers/api'
import type { Booted } from '../helpers/payload'

import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { bootPayload } from '../helpers/payload'

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let api: Api
const subProjects: Record<string, number> = {}
let campaign: number

beforeAll(async () => {
  booted = await bootPayload({ name: 'entries' })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  api = await apiClient(http.url)
  campaign = (
    await booted.payload.create({
      collection: 'campaigns',
      data: {
        name: '2017年上海市“网聚职工正能量 争做中国好网民”主题活动',
        year: 2017,
        status: 'active',
      },
    })
  ).id
  // Shanghai 2017: 征文 300–800 字, 网言网语 30 字以内, 画面故事须真人真事.
  const specs = {
    essay: {
      name: '“网络好职工”读书征文',
      kind: 'essay',
      spec: { minTextLength: 300, maxTextLength: 800 },
    },
    slogan: { name: '最“In网言网语”征集', kind: 'slogan', spec: { maxTextLength: 30 } },
    story: {
      name: '“最美画面故事”征集',
      kind: 'picture-story',
      spec: { authenticityRequired: true },
    },
  } as const
  for (const [key, { name, kind, spec }] of Object.entries(specs)) {
    subProjects[key] = (
      await booted.payload.create({
        collection: 'sub-projects',
        data: { campaign, name, kind, spec, _status: 'published' },
      })
    ).id
  }
})

afterAll(async () => {
  await http?.close()
  await booted?.payload.destroy()
})

const submit = (subProject: string, fields: Record<string, unknown>) =>
  api.post('/api/entries', {
    title: '测试作品',
    subProject: subProjects[subProject],
    status: 'submitted',
    ...fields,
  })

describe('text length against the sub-project’s spec', () => {
  it('refuses an essay of 299 characters, naming the count and the limit', async () => {
    const { status, body } = await submit('essay', { text: '工'.repeat(299) })
    expect(status).toBe(400)
    expect(body.errors[0].data.errors[0]).toMatchObject({ path: 'text' })
    expect(body.errors[0].data.errors[0].message).toContain(
      '字数 299，少于“‘网络好职工’读书征文”要求的 300 字',
    )
  })

  it('accepts an essay of exactly 300 characters and fills in the campaign', async () => {
    const { status, body } = await submit('essay', { text: '工'.repeat(300) })
    expect(status).toBe(201)
    expect(body.doc.campaign.id).toBe(campaign)
  })

  it('does not count spaces and line breaks as characters', async () => {
    const { status } = await submit('essay', {
      text: `${'匠'.repeat(150)}\n\n  ${'心'.repeat(149)}`,
    })
    expect(status).toBe(400)
  })

  it('refuses an essay of 801 characters', async () => {
    const { status, body } = await submit('essay', { text: '工'.repeat(801) })
    expect(status).toBe(400)
    expect(body.errors[0].data.errors[0].message).toContain('超过')
  })

  it('accepts a slogan of 30 characters and refuses one of 31', async () => {
    expect((await submit('slogan', { text: '网'.repeat(30) })).status).toBe(201)
    const { status, body } = await submit('slogan', { text: '网'.repeat(31) })
    expect(status).toBe(400)
    expect(body.errors[0].data.errors[0].message).toContain(
      '字数 31，超过“最‘In网言网语’征集”允许的 30 字',
    )
  })

  it('checks an edit too, and leaves the saved entry as it was', async () => {
    const { body } = await submit('slogan', { text: '争做中国好网民' })
    const { status } = await api.patch(`/api/entries/${body.doc.id}`, { text: '网'.repeat(40) })
    expect(status).toBe(400)
    const saved = await booted.payload.findByID({ collection: 'entries', id: body.doc.id })
    expect(saved.text).toBe('争做中国好网民')
  })

  it('lets a draft be saved before its text is written', async () => {
    const { status } = await api.post('/api/entries', {
      title: '草稿',
      subProject: subProjects.essay,
    })
    expect(status).toBe(201)
  })

  it('requires the true-people-and-events declaration for picture stories', async () => {
    const refused = await submit('story', { description: '一线工人的一天' })
    expect(refused.status).toBe(400)
    expect(refused.body.errors[0].data.errors[0].path).toBe('isAuthentic')
    expect(
      (await submit('story', { description: '一线工人的一天', isAuthentic: true })).status,
    ).toBe(201)
  })

  it('reports every violation at once', async () => {
    await booted.payload.update({
      collection: 'sub-projects',
      id: subProjects.story!,
      data: { spec: { authenticityRequired: true, maxTextLength: 5 } },
    })
    const { body } = await submit('story', { text: '一二三四五六' })
    expect(body.errors[0].data.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'isAuthentic',
      'text',
    ])
  })
})
