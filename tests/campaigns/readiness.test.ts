/**
 * 开始前检查: Linfen's 2021 campaign in preparation cannot become 进行中 until its dates, hosts and a
 * published call with its kinds of work and a deadline are set; the checklist (REST) names what is
 * missing, the refusal too, and nothing changes. A past campaign entered as a record (已归档) is
 * not asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../helpers/api'
import type { Booted } from '../helpers/payload'

import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { bootPayload } from '../helpers/payload'

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
const ids: Record<string, number> = {}
const as = {} as Record<'linfen' | 'shanghai' | 'anonymous', Api>
const password = 'readiness-test-password-1'

beforeAll(async () => {
  booted = await bootPayload({ name: 'campaign_readiness' })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const { payload } = booted
  const create = async (collection: string, data: Record<string, unknown>) =>
    Number(
      (await payload.create({ collection: collection as 'organizers', data: data as never })).id,
    )
  ids.linfen = await create('organizers', {
    name: '临汾市总工会',
    kind: 'federation',
    level: 'city',
  })
  ids.shanghai = await create('organizers', {
    name: '上海市总工会',
    kind: 'federation',
    level: 'provincial',
  })
  await create('users', {
    email: 'linfen@readiness.test',
    password,
    role: 'organizer',
    organizer: ids.linfen,
    name: '临汾',
  })
  await create('users', {
    email: 'shanghai@readiness.test',
    password,
    role: 'organizer',
    organizer: ids.shanghai,
    name: '上海',
  })
  as.linfen = await apiClient(server.url, { email: 'linfen@readiness.test', password })
  as.shanghai = await apiClient(server.url, { email: 'shanghai@readiness.test', password })
  as.anonymous = await apiClient(server.url, null)
}, 180_000)

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
})

const required = (body: { items: { key: string; isRequired: boolean; isMet: boolean }[] }) =>
  body.items.filter((each) => each.isRequired && !each.isMet).map((each) => each.key)

describe('开始前检查: opening a campaign in preparation', () => {
  it('names what a new campaign lacks, and refuses to open it, changing nothing', async () => {
    const made = await as.linfen.post('/api/campaigns', {
      name: '2021年临汾市“网聚职工正能量 争做中国好网民”主题活动',
      year: 2021,
    })
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    ids.campaign = made.body.doc.id
    expect(made.body.doc.status).toBe('draft')
    const { status, body } = await as.linfen.get(`/api/campaigns/${ids.campaign}/readiness`)
    expect(status).toBe(200)
    expect(body.isReady).toBe(false)
    // Its hosts came with it (an organizer's campaign is its unit's).
    expect(required(body)).toEqual(['period', 'sub-projects', 'specs', 'deadlines'])
    expect(body.items.find((each: { key: string }) => each.key === 'sub-projects').detail).toBe(
      '还没有子项目 / no sub-project yet',
    )
    const refused = await as.linfen.patch(`/api/campaigns/${ids.campaign}`, { status: 'active' })
    expect(refused.status).toBe(400)
    expect(refused.body.errors[0].message).toMatch(
      /活动尚不能开始，缺少：活动时间（开始和结束日期）；至少一个已发布的子项目；每个子项目的作品类型（作品要求）；每个子项目的截止日期（子项目或阶段截止事项） \/ the campaign cannot open yet: /,
    )
    const stored = await booted.payload.findByID({
      collection: 'campaigns',
      id: ids.campaign,
      depth: 0,
    })
    expect(stored.status).toBe('draft')
  })

  it('opens once the dates, a published call with its kinds and a deadline are set', async () => {
    await as.linfen.patch(`/api/campaigns/${ids.campaign}`, {
      period: { start: '2021-06-01T00:00:00+08:00', end: '2021-11-30T00:00:00+08:00' },
    })
    const call = await as.linfen.post('/api/sub-projects', {
      campaign: ids.campaign,
      name: '网络正能量微视频征集',
      kind: 'micro-video',
      _status: 'published',
      spec: { mediaKinds: ['video'] },
    })
    expect(call.status, JSON.stringify(call.body)).toBe(201)
    let { body } = await as.linfen.get(`/api/campaigns/${ids.campaign}/readiness`)
    expect(required(body)).toEqual(['deadlines'])
    expect(body.items.find((each: { key: string }) => each.key === 'deadlines').detail).toBe(
      '没有截止日期：“网络正能量微视频征集” / no deadline',
    )
    // A phase's deadline for every call counts as the call's.
    await as.linfen.patch(`/api/campaigns/${ids.campaign}`, {
      phases: [
        {
          name: '评选总结',
          deadlines: [{ date: '2021-09-15T00:00:00+08:00', due: '报送参评作品' }],
        },
      ],
    })
    ;({ body } = await as.linfen.get(`/api/campaigns/${ids.campaign}/readiness`))
    expect(body.isReady).toBe(true)
    // What is only advised is still shown.
    expect(
      body.items
        .filter((each: { isMet: boolean }) => !each.isMet)
        .map((each: { key: string }) => each.key),
    ).toEqual(['participants', 'quotas', 'contacts', 'columns', 'notice'])
    const opened = await as.linfen.patch(`/api/campaigns/${ids.campaign}`, { status: 'active' })
    expect(opened.status, JSON.stringify(opened.body)).toBe(200)
    expect(opened.body.doc.status).toBe('active')
  })

  it('enters a past campaign as a record, without the checklist', async () => {
    const record = await as.linfen.post('/api/campaigns', {
      name: '2019年临汾市“网聚职工正能量 争做中国好网民”主题活动',
      year: 2019,
    })
    const archived = await as.linfen.patch(`/api/campaigns/${record.body.doc.id}`, {
      status: 'archived',
    })
    expect(archived.status, JSON.stringify(archived.body)).toBe(200)
    const closed = await as.linfen.post('/api/campaigns', {
      name: '2018年临汾市“网聚职工正能量 争做中国好网民”主题活动',
      year: 2018,
      status: 'closed',
    })
    expect(closed.status, JSON.stringify(closed.body)).toBe(201)
  })

  it('shows the checklist to the campaign’s organizers and the office only', async () => {
    const other = await as.shanghai.get(`/api/campaigns/${ids.campaign}/readiness`)
    expect(other.status).toBe(403)
    expect(other.body.errors[0].message).toMatch(
      /^只有“.+”主办单位的活动组织者和全国办公室可以查看开始前检查 \/ only/,
    )
    expect((await as.anonymous.get(`/api/campaigns/${ids.campaign}/readiness`)).status).toBe(401)
  })
})
