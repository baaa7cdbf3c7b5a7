/**
 * What a role may write into a document, not only which documents it may touch: an organizer
 * files works, profiles and contacts under its subtree or in campaigns its unit hosts, and
 * reviews, awards and publishes only in campaigns its unit hosts; a unit editor screens and
 * reports upward; nobody names other units as a campaign's hosts. Each case runs through the
 * Local API, REST and GraphQL, and a refusal leaves nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Matrix, RoleName } from './matrix/harness'

import { openMatrix } from './matrix/harness'

let m: Matrix
let counter = 0
const unique = (prefix: string) => `${prefix}-${++counter}`

beforeAll(async () => {
  m = await openMatrix({ name: 'access_write_scope' })
}, 300_000)

afterAll(async () => {
  await m?.close()
})

const routes = ['local', 'rest', 'graphql'] as const

type CreateCase = [
  what: string,
  role: RoleName,
  slug: 'entries' | 'featured-workers' | 'contacts' | 'campaigns' | 'award-lists',
  data: () => Record<string, unknown>,
]

const refusedCreates: CreateCase[] = [
  [
    'Linfen’s organizer draws up a prize list in Shanghai’s campaign',
    'organizer',
    'award-lists',
    () => ({
      campaign: m.fx.campaigns.shanghai,
      kind: 'works',
      subProject: m.fx.subProjects.shanghai,
      status: 'draft',
    }),
  ],
  [
    'Shanghai’s organizer draws up the 优秀组织单位 list of Linfen’s campaign',
    'shanghaiOrganizer',
    'award-lists',
    () => ({ campaign: m.fx.campaigns.linfen, kind: 'organizing-units', status: 'draft' }),
  ],
  [
    'a county organizer files a work under the neighbouring county',
    'countyOrganizer',
    'entries',
    () => ({
      title: unique('越权'),
      subProject: m.fx.subProjects.linfen,
      submittingUnit: m.fx.organizers.huozhou,
      status: 'draft',
    }),
  ],
  [
    'a county organizer files a work in another province’s campaign, under a unit not its own',
    'countyOrganizer',
    'entries',
    () => ({
      title: unique('越权'),
      subProject: m.fx.subProjects.shanghai,
      submittingUnit: m.fx.organizers.shanghai,
      status: 'draft',
    }),
  ],
  [
    'a county organizer publishes its own unit’s work in a campaign it does not host',
    'countyOrganizer',
    'entries',
    () => ({
      title: unique('越权'),
      subProject: m.fx.subProjects.linfen,
      submittingUnit: m.fx.organizers.yaodu,
      status: 'published',
    }),
  ],
  [
    'a county organizer awards its own unit’s work in a campaign it does not host',
    'countyOrganizer',
    'entries',
    () => ({
      title: unique('越权'),
      subProject: m.fx.subProjects.linfen,
      submittingUnit: m.fx.organizers.yaodu,
      awardTier: 'first',
      status: 'draft',
    }),
  ],
  [
    'Linfen’s organizer publishes a work of its own subtree in Shanghai’s campaign',
    'organizer',
    'entries',
    () => ({
      title: unique('越权'),
      subProject: m.fx.subProjects.shanghai,
      submittingUnit: m.fx.organizers.yaodu,
      status: 'published',
    }),
  ],
  [
    'Shanghai’s organizer files a work under a Linfen county',
    'shanghaiOrganizer',
    'entries',
    () => ({
      title: unique('越权'),
      subProject: m.fx.subProjects.linfen,
      submittingUnit: m.fx.organizers.yaodu,
      status: 'draft',
    }),
  ],
  [
    'a county editor publishes a work of its own unit',
    'countyEditor',
    'entries',
    () => ({
      title: unique('越权'),
      subProject: m.fx.subProjects.linfen,
      submittingUnit: m.fx.organizers.yaodu,
      status: 'published',
    }),
  ],
  [
    'a county organizer profiles a craftsman of the neighbouring county',
    'countyOrganizer',
    'featured-workers',
    () => ({
      name: unique('工匠'),
      unit: m.fx.organizers.huozhou,
      campaign: m.fx.campaigns.linfen,
      status: 'recommended',
    }),
  ],
  [
    'a county organizer publishes a profile in a campaign it does not host',
    'countyOrganizer',
    'featured-workers',
    () => ({
      name: unique('工匠'),
      unit: m.fx.organizers.yaodu,
      campaign: m.fx.campaigns.linfen,
      status: 'published',
    }),
  ],
  [
    'Linfen’s organizer profiles a Shanghai craftsman in Shanghai’s campaign',
    'organizer',
    'featured-workers',
    () => ({
      name: unique('工匠'),
      unit: m.fx.organizers.shanghai,
      campaign: m.fx.campaigns.shanghai,
      status: 'recommended',
    }),
  ],
  [
    'a county editor publishes a profile',
    'countyEditor',
    'featured-workers',
    () => ({
      name: unique('工匠'),
      unit: m.fx.organizers.yaodu,
      campaign: m.fx.campaigns.linfen,
      status: 'published',
    }),
  ],
  // Only the campaign's participating units (hosts, participants, the units below them) report to it.
  [
    'Linfen’s organizer files, in its own campaign, a work of a Shanghai unit that does not take part',
    'organizer',
    'entries',
    () => ({
      title: unique('非参与单位'),
      subProject: m.fx.subProjects.linfen,
      submittingUnit: m.fx.organizers.shanghai,
      status: 'draft',
    }),
  ],
  [
    'Shanghai’s organizer submits its own unit’s work to Linfen’s campaign, which it does not take part in',
    'shanghaiOrganizer',
    'entries',
    () => ({
      title: unique('非参与单位'),
      subProject: m.fx.subProjects.linfen,
      submittingUnit: m.fx.organizers.shanghai,
      status: 'draft',
    }),
  ],
  [
    'Linfen’s organizer profiles, in its own campaign, a Shanghai craftsman',
    'organizer',
    'featured-workers',
    () => ({
      name: unique('工匠'),
      unit: m.fx.organizers.shanghai,
      campaign: m.fx.campaigns.linfen,
      status: 'recommended',
    }),
  ],
  [
    'a county organizer adds a contact of the neighbouring county',
    'countyOrganizer',
    'contacts',
    () => ({ name: unique('联系人'), organizer: m.fx.organizers.huozhou }),
  ],
  [
    'Linfen’s organizer adds a Shanghai contact',
    'organizer',
    'contacts',
    () => ({ name: unique('联系人'), organizer: m.fx.organizers.shanghai }),
  ],
  [
    'an organizer names the national bodies as its new campaign’s hosts',
    'organizer',
    'campaigns',
    () => ({
      name: unique('主题活动'),
      year: 2022,
      status: 'draft',
      hosts: [m.fx.organizers.national],
    }),
  ],
  [
    'an organizer adds a joint host beside its own unit',
    'organizer',
    'campaigns',
    () => ({
      name: unique('主题活动'),
      year: 2022,
      status: 'draft',
      hosts: [m.fx.organizers.linfen, m.fx.organizers.shanghai],
    }),
  ],
]

const allowedCreates: CreateCase[] = [
  [
    'a county organizer files a draft work of its own unit in Linfen’s campaign',
    'countyOrganizer',
    'entries',
    () => ({
      title: unique('本单位'),
      subProject: m.fx.subProjects.linfen,
      submittingUnit: m.fx.organizers.yaodu,
      status: 'draft',
    }),
  ],
  [
    'Linfen’s organizer publishes and awards a county’s work in its own campaign',
    'organizer',
    'entries',
    () => ({
      title: unique('主办活动'),
      subProject: m.fx.subProjects.linfen,
      submittingUnit: m.fx.organizers.huozhou,
      status: 'published',
      awardTier: 'first',
    }),
  ],
  [
    'a county editor reports its own unit’s work upward',
    'countyEditor',
    'entries',
    () => ({
      title: unique('报送'),
      subProject: m.fx.subProjects.linfen,
      submittingUnit: m.fx.organizers.yaodu,
      status: 'reported',
    }),
  ],
  [
    'Linfen’s organizer publishes a county craftsman’s profile in its own campaign',
    'organizer',
    'featured-workers',
    () => ({
      name: unique('工匠'),
      unit: m.fx.organizers.huozhou,
      campaign: m.fx.campaigns.linfen,
      status: 'published',
    }),
  ],
  [
    'a county organizer adds a contact of its own unit',
    'countyOrganizer',
    'contacts',
    () => ({ name: unique('联系人'), organizer: m.fx.organizers.yaodu }),
  ],
  [
    'Linfen’s organizer draws up the 优秀组织单位 list of its own campaign',
    'organizer',
    'award-lists',
    () => ({ campaign: m.fx.campaigns.linfen, kind: 'organizing-units', status: 'draft' }),
  ],
  [
    'an organizer names its own unit as its new campaign’s host',
    'organizer',
    'campaigns',
    () => ({
      name: unique('主题活动'),
      year: 2022,
      status: 'draft',
      hosts: [m.fx.organizers.linfen],
    }),
  ],
]

describe('create scope', () => {
  it.each(refusedCreates)('refuses: %s', async (_what, role, slug, data) => {
    for (const route of routes) {
      const before = (await m.payload.count({ collection: slug })).totalDocs
      const outcome = await m.routes[route].create(role, slug, data())
      expect(outcome.ok, `${route}: ${outcome.detail}`).toBe(false)
      if (route === 'rest') {
        expect(outcome.status).toBe(403)
      }
      expect(
        (await m.payload.count({ collection: slug })).totalDocs,
        `${route}: nothing written`,
      ).toBe(before)
    }
  })

  it.each(allowedCreates)('allows: %s', async (_what, role, slug, data) => {
    for (const route of routes) {
      const outcome = await m.routes[route].create(role, slug, data())
      expect(outcome.ok, `${route}: ${outcome.detail}`).toBe(true)
    }
  })

  it('files a county editor’s work given no unit under its own unit', async () => {
    const outcome = await m.routes.rest.create('countyEditor', 'entries', {
      title: unique('无单位'),
      subProject: m.fx.subProjects.linfen,
    })
    const doc = await m.payload.findByID({ collection: 'entries', id: outcome.ids![0]!, depth: 0 })
    expect(doc.submittingUnit).toBe(m.fx.organizers.yaodu)
  })

  it('gives an organizer’s campaign named without hosts its own unit as host', async () => {
    const outcome = await m.routes.rest.create('countyOrganizer', 'campaigns', {
      name: unique('县级活动'),
      year: 2022,
      status: 'draft',
    })
    const doc = await m.payload.findByID({
      collection: 'campaigns',
      id: outcome.ids![0]!,
      depth: 0,
    })
    expect(doc.hosts).toEqual([m.fx.organizers.yaodu])
  })

  it('takes works from a unit of another province once the campaign names it a participant', async () => {
    const campaign = await m.payload.create({
      collection: 'campaigns',
      data: {
        name: unique('临汾、上海联合主题活动'),
        year: 2020,
        status: 'active',
        hosts: [m.fx.organizers.linfen],
        participants: [m.fx.organizers.shanghai],
      },
    })
    const subProject = await m.payload.create({
      collection: 'sub-projects',
      data: {
        campaign: campaign.id,
        name: '网络正能量微视频征集',
        kind: 'micro-video',
        _status: 'published',
      },
    })
    for (const route of routes) {
      const taking = await m.routes[route].create('shanghaiOrganizer', 'entries', {
        title: unique('跨省参与'),
        subProject: subProject.id,
        submittingUnit: m.fx.organizers.shanghai,
        status: 'draft',
      })
      expect(taking.ok, `${route}: ${taking.detail}`).toBe(true)
      // The host's own subtree takes part too.
      const county = await m.routes[route].create('countyEditor', 'entries', {
        title: unique('主办单位下级'),
        subProject: subProject.id,
        submittingUnit: m.fx.organizers.yaodu,
        status: 'draft',
      })
      expect(county.ok, `${route}: ${county.detail}`).toBe(true)
    }
  })

  it('names the campaign a non-participating unit does not take part in', async () => {
    const { status, body } = await m.call('shanghaiOrganizer', 'POST', '/api/entries', {
      title: unique('非参与单位'),
      subProject: m.fx.subProjects.linfen,
      submittingUnit: m.fx.organizers.shanghai,
    })
    expect(status).toBe(403)
    expect(body.errors[0].message).toBe(
      '报送单位“上海市总工会”不是主题活动“2020年临汾市“网聚职工正能量 争做中国好网民”主题活动”的参与单位（主办、参与单位及其下级单位）/ 报送单位 "上海市总工会" does not take part in "2020年临汾市“网聚职工正能量 争做中国好网民”主题活动" (its hosts, participants and the units below them)',
    )
  })

  it('names the reason in Chinese, then English', async () => {
    const { status, body } = await m.call('countyOrganizer', 'POST', '/api/entries', {
      title: unique('越权'),
      subProject: m.fx.subProjects.linfen,
      submittingUnit: m.fx.organizers.huozhou,
    })
    expect(status).toBe(403)
    expect(body.errors[0].message).toBe(
      '报送单位“霍州市总工会”不是本单位或下级单位，且作品不属于本单位主办的主题活动 / 报送单位 "霍州市总工会" is not your unit or one below it, and the campaign is not one your unit hosts',
    )
  })
})

/** Works made for the update cases: published ones of a Linfen county, in Linfen's and in Shanghai's campaign. */
const more = {} as Record<
  'yaoduPublished' | 'yaoduInShanghai' | 'yaoduDraft' | 'yaoduProfile',
  number
>

type UpdateCase = [
  what: string,
  role: RoleName,
  slug: 'entries' | 'featured-workers' | 'campaigns' | 'award-lists',
  target: () => number,
  data: () => Record<string, unknown>,
]

const refusedUpdates: UpdateCase[] = [
  [
    'Linfen’s organizer moves its prize list into Shanghai’s campaign',
    'organizer',
    'award-lists',
    () => m.fx.awardLists.linfen,
    () => ({ campaign: m.fx.campaigns.shanghai }),
  ],
  [
    'a county organizer moves its unit’s work to the neighbouring county',
    'countyOrganizer',
    'entries',
    () => m.fx.entries.yaodu,
    () => ({ submittingUnit: m.fx.organizers.huozhou }),
  ],
  [
    'a county organizer publishes its unit’s work',
    'countyOrganizer',
    'entries',
    () => m.fx.entries.yaodu,
    () => ({ status: 'published' }),
  ],
  [
    'a county organizer assigns a judge to its unit’s work',
    'countyOrganizer',
    'entries',
    () => m.fx.entries.yaodu,
    () => ({ judges: [m.fx.users.judge] }),
  ],
  [
    'a county editor takes a published work of its subtree back to draft',
    'countyEditor',
    'entries',
    () => more.yaoduPublished,
    () => ({ status: 'draft' }),
  ],
  [
    'Linfen’s organizer unpublishes its subtree’s work in Shanghai’s campaign',
    'organizer',
    'entries',
    () => more.yaoduInShanghai,
    () => ({ status: 'draft' }),
  ],
  [
    'a county organizer publishes its unit’s craftsman',
    'countyOrganizer',
    'featured-workers',
    () => m.fx.featuredWorkers.yaodu,
    () => ({ status: 'published' }),
  ],
  [
    'an organizer changes its campaign’s hosts',
    'organizer',
    'campaigns',
    () => m.fx.campaigns.linfen,
    () => ({ hosts: [m.fx.organizers.linfen, m.fx.organizers.shanghai] }),
  ],
  // Once published, a work is its campaign's hosts': it can neither be moved nor edited by others.
  [
    'a county editor moves its unit’s published work into Shanghai’s campaign',
    'countyEditor',
    'entries',
    () => more.yaoduPublished,
    () => ({ subProject: m.fx.subProjects.shanghai }),
  ],
  [
    'Linfen’s organizer moves a published work out of its campaign into Shanghai’s',
    'organizer',
    'entries',
    () => more.yaoduPublished,
    () => ({ subProject: m.fx.subProjects.shanghai }),
  ],
  [
    'a county organizer edits the text of its unit’s published work',
    'countyOrganizer',
    'entries',
    () => more.yaoduPublished,
    () => ({ description: '改写已发布作品' }),
  ],
  [
    'a county editor edits the text of its unit’s published work',
    'countyEditor',
    'entries',
    () => more.yaoduPublished,
    () => ({ description: '改写已发布作品' }),
  ],
  [
    'a county editor moves its unit’s published craftsman into Shanghai’s campaign',
    'countyEditor',
    'featured-workers',
    () => more.yaoduProfile,
    () => ({ campaign: m.fx.campaigns.shanghai }),
  ],
]

describe('update scope', () => {
  beforeAll(async () => {
    const create = async (data: Record<string, unknown>) =>
      Number((await m.payload.create({ collection: 'entries', data: data as never, depth: 0 })).id)
    more.yaoduPublished = await create({
      title: '尧都区：已发布作品',
      subProject: m.fx.subProjects.linfen,
      submittingUnit: m.fx.organizers.yaodu,
      status: 'published',
    })
    more.yaoduProfile = Number(
      (
        await m.payload.create({
          collection: 'featured-workers',
          data: {
            name: '尧都区工匠（已发布）',
            unit: m.fx.organizers.yaodu,
            campaign: m.fx.campaigns.linfen,
            status: 'published',
          },
          depth: 0,
        })
      ).id,
    )
    more.yaoduDraft = await create({
      title: '尧都区：草稿',
      subProject: m.fx.subProjects.linfen,
      submittingUnit: m.fx.organizers.yaodu,
      status: 'draft',
    })
    // Shanghai's campaign invites a Linfen county (a joint event), so one of its works can be there.
    await m.payload.update({
      collection: 'campaigns',
      id: m.fx.campaigns.shanghai,
      data: { participants: [m.fx.organizers.yaodu] },
    })
    more.yaoduInShanghai = await create({
      title: '尧都区：参加上海活动',
      subProject: m.fx.subProjects.shanghai,
      submittingUnit: m.fx.organizers.yaodu,
      status: 'published',
    })
  })

  it.each(refusedUpdates)('refuses: %s', async (_what, role, slug, target, data) => {
    const id = target()
    const before = JSON.stringify(await m.payload.findByID({ collection: slug, id, depth: 0 }))
    for (const route of routes) {
      const outcome = await m.routes[route].update(role, slug, id, data())
      expect(outcome.ok, `${route}: ${outcome.detail}`).toBe(false)
      expect(
        JSON.stringify(await m.payload.findByID({ collection: slug, id, depth: 0 })),
        `${route}: unchanged`,
      ).toBe(before)
    }
  })

  it('keeps a prize list a draft whatever its organizer sends: only the freeze freezes it', async () => {
    for (const route of routes) {
      const outcome = await m.routes[route].update(
        'organizer',
        'award-lists',
        m.fx.awardLists.linfen,
        {
          status: 'frozen',
          frozenAt: '2020-12-01T08:00:00.000Z',
        },
      )
      expect(outcome.ok, `${route}: ${outcome.detail}`).toBe(true)
      const list = await m.payload.findByID({
        collection: 'award-lists',
        id: m.fx.awardLists.linfen,
        depth: 0,
      })
      expect({ status: list.status, frozenAt: list.frozenAt ?? null }, route).toEqual({
        status: 'draft',
        frozenAt: null,
      })
    }
  })

  it('lets the organizer hosting the campaign edit a published work of it', async () => {
    const outcome = await m.routes.rest.update('organizer', 'entries', more.yaoduPublished, {
      description: '主办方修改',
    })
    expect(outcome.ok, outcome.detail).toBe(true)
  })

  it('lets a county editor recommend its unit’s published work, which it may no longer edit', async () => {
    const { status, body } = await m.call(
      'countyEditor',
      'POST',
      `/api/entries/${more.yaoduPublished}/recommend`,
      { reason: '弘扬工匠精神的好作品' },
    )
    expect(status, JSON.stringify(body)).toBe(200)
    const doc = await m.payload.findByID({
      collection: 'entries',
      id: more.yaoduPublished,
      depth: 0,
    })
    expect(doc.recommendations?.at(-1)).toMatchObject({
      kind: 'union',
      reason: '弘扬工匠精神的好作品',
    })
  })

  it('lets a unit editor edit the text of its unit’s work without touching its status', async () => {
    const { status, body } = await m.call(
      'countyEditor',
      'PATCH',
      `/api/entries/${more.yaoduDraft}`,
      { description: '改了简介' },
    )
    expect(status, JSON.stringify(body)).toBe(200)
  })
})

/**
 * A prize list's sub-project is one of its campaign's: otherwise Linfen's organizer could draw up
 * a list in its own campaign for Shanghai's sub-project (or point its list at it), and
 * `/scores.xlsx` would hand it Shanghai's score sheets and votes, `/propose` rank Shanghai's works
 * into it. The list's hooks refuse both (src/awards/lists.ts).
 */
describe('a prize list’s sub-project is one of its campaign’s', () => {
  it('refuses a list in Linfen’s campaign for Shanghai’s sub-project', async () => {
    const before = (await m.payload.count({ collection: 'award-lists' })).totalDocs
    const { status } = await m.call('organizer', 'POST', '/api/award-lists', {
      campaign: m.fx.campaigns.linfen,
      kind: 'works',
      subProject: m.fx.subProjects.shanghai,
    })
    expect(status).toBeGreaterThanOrEqual(400)
    expect((await m.payload.count({ collection: 'award-lists' })).totalDocs).toBe(before)
  })

  it('refuses pointing a Linfen list at Shanghai’s sub-project', async () => {
    const list = await m.payload.create({
      collection: 'award-lists',
      data: {
        campaign: m.fx.campaigns.linfen,
        kind: 'works',
        subProject: m.fx.subProjects.linfen,
        status: 'draft',
      },
    })
    const { status } = await m.call('organizer', 'PATCH', `/api/award-lists/${list.id}`, {
      subProject: m.fx.subProjects.shanghai,
    })
    expect(status).toBeGreaterThanOrEqual(400)
    expect(
      (await m.payload.findByID({ collection: 'award-lists', id: list.id, depth: 0 })).subProject,
    ).toBe(m.fx.subProjects.linfen)
  })
})
