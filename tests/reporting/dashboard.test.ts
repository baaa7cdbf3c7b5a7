/**
 * 活动看板: the campaign dashboard's numbers (GET /api/campaigns/:id/dashboard) for a seeded
 * situation in Linfen's campaign, the campaigns each reader's dashboard offers
 * (GET /api/campaigns/mine), and who may read either. Linfen hosts the campaign; its two
 * counties report to it, and a street union below 尧都区 reports to the county.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Matrix, RoleName } from '../access/matrix/harness'

import { deadlineDay } from '../../plugins/shared/deadline'
import { poolOf } from '../../plugins/shared/pool'
import { openMatrix } from '../access/matrix/harness'

let m: Matrix
let town: number
const works: Record<string, number> = {}

/** `yyyy-MM-dd` in Beijing, `days` from today. */
const beijingDay = (days = 0) => {
  const today = deadlineDay(new Date(), 'Asia/Shanghai')
  const [y, mo, d] = today.split('-').map(Number)
  return new Date(Date.UTC(y!, mo! - 1, d! + days)).toISOString().slice(0, 10)
}
/** A day as the admin's day picker stores it (noon UTC). */
const pickerDay = (day: string) => `${day}T12:00:00.000Z`

beforeAll(async () => {
  m = await openMatrix({ name: 'reporting_dashboard' })
  const { fx, payload } = m
  const { yaodu, huozhou, linfen, shanxi } = fx.organizers
  town = Number(
    (
      await payload.create({
        collection: 'organizers',
        data: {
          name: '尧都区车站街道工会',
          kind: 'federation',
          level: 'grassroots',
          parent: yaodu,
        },
      } as never)
    ).id,
  )
  await payload.update({
    collection: 'sub-projects',
    id: fx.subProjects.linfen,
    data: { quota: { mode: 'minimum', count: 5 }, deadline: pickerDay(beijingDay(3)) },
  })
  await payload.update({
    collection: 'campaigns',
    id: fx.campaigns.linfen,
    data: {
      phases: [
        { name: '活动启动', start: pickerDay(beijingDay(-40)), end: pickerDay(beijingDay(-11)) },
        { name: '活动推进', start: pickerDay(beijingDay(-10)), end: pickerDay(beijingDay(20)) },
        {
          name: '评选总结',
          start: pickerDay(beijingDay(21)),
          end: pickerDay(beijingDay(60)),
          deadlines: [{ date: pickerDay(beijingDay(30)), due: '报送初步筛选的参评作品' }],
        },
      ],
    },
  })
  const entry = async (
    key: string,
    unit: number,
    status: string,
    path: [number, number][] = [],
  ) => {
    works[key] = Number(
      (
        await payload.create({
          collection: 'entries',
          data: {
            title: `看板：${key}`,
            subProject: fx.subProjects.linfen,
            submittingUnit: unit,
            status,
            reportPath: path.map(([from, to]) => ({ from, to, at: new Date().toISOString() })),
          } as never,
        })
      ).id,
    )
  }
  await entry('yaoduScreened', yaodu, 'screened-in')
  await entry('yaoduToCity1', yaodu, 'reported', [[yaodu, linfen]])
  await entry('yaoduToCity2', yaodu, 'reported', [[yaodu, linfen]])
  await entry('huozhouToCity', huozhou, 'reported', [[huozhou, linfen]])
  // Reported on by the city already: no longer the city's to screen.
  await entry('yaoduToProvince', yaodu, 'reported', [
    [yaodu, linfen],
    [linfen, shanxi],
  ])
  await entry('yaoduDraft', yaodu, 'draft')
  await entry('huozhouOut', huozhou, 'screened-out')
  await entry('townSubmitted', town, 'submitted')
  await entry('townToCounty', town, 'reported', [[town, yaodu]])

  // Two works came in yesterday just after midnight, Beijing time (16:30 UTC the day before);
  // one 40 days ago, outside the 30 days.
  const pool = poolOf(payload)
  const yesterday = beijingDay(-1)
  const justAfterMidnight = new Date(Date.parse(`${yesterday}T00:30:00+08:00`)).toISOString()
  await pool.query('update entries set created_at = $1 where id = any($2::int[])', [
    justAfterMidnight,
    [works.yaoduScreened, works.yaoduToCity1],
  ])
  await pool.query('update entries set created_at = $1 where id = $2', [
    new Date(Date.now() - 40 * 86_400_000).toISOString(),
    works.yaoduToCity2,
  ])

  // Push history: the fixture's delivery of 霍州市's published work (delivered) and its receipt.
  const site = fx.partnerSites.workercn
  const delivery = (entryId: number, webhookId: string, state: string, event = 'publish') =>
    payload.create({
      collection: 'deliveries',
      data: { partnerSite: site, entry: entryId, event, version: 1, webhookId, state } as never,
    })
  await delivery(fx.entries.takenDown, 'msg_dashboard_1', 'delivered')
  await delivery(fx.entries.takenDown, 'msg_dashboard_2', 'retrying', 'takedown')
  await delivery(fx.entries.unselected, 'msg_dashboard_3', 'failed')
  const receipt = (entryId: number, data: Record<string, unknown>) =>
    payload.create({
      collection: 'receipts',
      data: { partnerSite: site, entry: entryId, ...data } as never,
    })
  await receipt(fx.entries.published, {
    kind: 'published',
    url: 'https://www.workercn.cn/gongjiang/2.html',
    channel: 'app',
    verification: { status: 'verified' },
  })
  await receipt(fx.entries.takenDown, {
    kind: 'published',
    url: 'https://www.workercn.cn/gongjiang/3.html',
    supersededAt: new Date().toISOString(),
    verification: { status: 'verified' },
  })
  await receipt(fx.entries.takenDown, { kind: 'declined', reason: '已撤稿' })
}, 300_000)

afterAll(async () => {
  await m?.close()
})

const path = (campaign = m.fx.campaigns.linfen) => `/api/campaigns/${campaign}/dashboard`

const stages = (s: [number, number, number, number, number]) => ({
  draft: s[0],
  submitted: s[1],
  'screened-in': s[2],
  'screened-out': s[3],
  reported: s[4],
})

describe('the campaign dashboard (GET /api/campaigns/:id/dashboard)', () => {
  it.each(['admin', 'organizer'] as RoleName[])(
    'shows %s the whole campaign: phase, deadlines, works per day, sub-project and unit',
    async (role) => {
      const { status, body } = await m.call(role, 'GET', path())
      expect(status).toBe(200)
      expect(body).toMatchObject({
        campaign: {
          id: m.fx.campaigns.linfen,
          year: 2020,
          status: 'active',
          timeZone: 'Asia/Shanghai',
        },
        today: beijingDay(0),
        phase: {
          current: { name: '活动推进', start: beijingDay(-10), end: beijingDay(20) },
          next: { name: '评选总结', start: beijingDay(21) },
        },
        nextDeadline: {
          day: beijingDay(3),
          due: '网络正能量微视频征集 截止征集',
          source: 'sub-project',
          daysLeft: 3,
        },
        upcomingDeadlines: [
          { day: beijingDay(3) },
          { day: beijingDay(30), due: '报送初步筛选的参评作品', source: 'phase', of: '评选总结' },
        ],
        // 霍州市's published works count as reported; the city's own reported work is in no row.
        subProjects: [
          {
            id: m.fx.subProjects.linfen,
            name: '网络正能量微视频征集',
            deadline: beijingDay(3),
            total: 14,
            stages: stages([1, 3, 1, 1, 9]),
          },
        ],
        units: [
          {
            unit: { id: m.fx.organizers.yaodu, name: '尧都区总工会' },
            total: 7,
            stages: stages([1, 2, 1, 0, 4]),
            reported: 4,
            quota: 1,
            isOnTrack: true,
          },
          {
            unit: { id: m.fx.organizers.huozhou, name: '霍州市总工会' },
            total: 6,
            stages: stages([0, 1, 0, 1, 4]),
            reported: 4,
            quota: 5,
            isOnTrack: false,
          },
        ],
        behindQuota: [
          {
            unit: { id: m.fx.organizers.huozhou, name: '霍州市总工会' },
            cells: [
              {
                subProject: { id: m.fx.subProjects.linfen, name: '网络正能量微视频征集' },
                reported: 4,
                quota: 5,
                mode: 'minimum',
              },
            ],
          },
        ],
        push: {
          deliveries: { delivered: 2, inProgress: 1, failed: 1, works: 2, partnerSites: 1 },
          receipts: { published: 2, verified: 1, declined: 1, partnerSites: 1 },
        },
        totals: { works: 14, reported: 8, quota: 6 },
        isComplete: true,
        scope: null,
      })
      // Works per Beijing calendar day: the 12 of today (a draft too), the 2 of just after
      // midnight yesterday, nothing for the one 40 days ago.
      expect(body.submissionsPerDay).toHaveLength(30)
      expect(body.submissionsPerDay.at(-1)).toEqual({ day: beijingDay(0), count: 12 })
      expect(body.submissionsPerDay.at(-2)).toEqual({ day: beijingDay(-1), count: 2 })
      expect(body.submissionsPerDay[0].day).toBe(beijingDay(-29))
      expect(
        body.submissionsPerDay.reduce((sum: number, d: { count: number }) => sum + d.count, 0),
      ).toBe(14)
    },
  )

  it('lists, at the city’s level, the works submitted in its subtree and those reported to it', async () => {
    for (const role of ['admin', 'organizer', 'cityEditor'] as RoleName[]) {
      const { body } = await m.call(role, 'GET', path())
      const awaiting = body.awaitingScreening
      expect(awaiting, role).toMatchObject({
        level: [{ id: m.fx.organizers.linfen, name: '临汾市总工会' }],
        submitted: 3,
        reported: 3,
        total: 6,
      })
      expect(awaiting.works.map((w: { id: number }) => w.id).sort()).toEqual(
        [
          m.fx.entries.yaodu,
          m.fx.entries.huozhou,
          works.townSubmitted,
          works.yaoduToCity1,
          works.yaoduToCity2,
          works.huozhouToCity,
        ].sort(),
      )
      expect(awaiting.works.find((w: { id: number }) => w.id === works.yaoduToCity1)).toMatchObject(
        {
          status: 'reported',
          unit: { id: m.fx.organizers.yaodu, name: '尧都区总工会' },
          subProject: { id: m.fx.subProjects.linfen, name: '网络正能量微视频征集' },
        },
      )
    }
  })

  it.each(['countyOrganizer', 'countyEditor'] as RoleName[])(
    'shows %s its county’s numbers only, with the works waiting at the county',
    async (role) => {
      const { status, body } = await m.call(role, 'GET', path())
      expect(status).toBe(200)
      expect(body).toMatchObject({
        isComplete: false,
        scope: { id: m.fx.organizers.yaodu, name: '尧都区总工会' },
        subProjects: [{ total: 7, stages: stages([1, 2, 1, 0, 4]) }],
        units: [{ unit: { id: m.fx.organizers.yaodu }, total: 7, reported: 4 }],
        behindQuota: [],
        awaitingScreening: {
          level: [{ id: m.fx.organizers.yaodu, name: '尧都区总工会' }],
          submitted: 2,
          reported: 1,
          total: 3,
        },
        totals: { works: 7, reported: 4, quota: 1 },
      })
      expect(body.units).toHaveLength(1)
      expect(body.awaitingScreening.works.map((w: { id: number }) => w.id).sort()).toEqual(
        [m.fx.entries.yaodu, works.townSubmitted, works.townToCounty].sort(),
      )
      expect(body.submissionsPerDay.at(-1).count).toBe(5)
      expect(body.submissionsPerDay.at(-2).count).toBe(2)
      // The push history is the office's and organizers' to read, not unit editors'.
      expect(body.push).toEqual(
        role === 'countyEditor'
          ? null
          : {
              deliveries: { delivered: 0, inProgress: 0, failed: 0, works: 0, partnerSites: 0 },
              receipts: { published: 0, verified: 0, declined: 0, partnerSites: 0 },
            },
      )
    },
  )

  it('shows a city editor its subtree, which holds every reporting unit', async () => {
    const { status, body } = await m.call('cityEditor', 'GET', path())
    expect(status).toBe(200)
    expect(body).toMatchObject({
      isComplete: false,
      scope: { id: m.fx.organizers.linfen },
      push: null,
      totals: { works: 14, reported: 8 },
    })
    expect(body.units).toHaveLength(2)
  })

  it('shows Shanghai’s organizer its own campaign', async () => {
    const { status, body } = await m.call('shanghaiOrganizer', 'GET', path(m.fx.campaigns.shanghai))
    expect(status).toBe(200)
    expect(body).toMatchObject({
      campaign: { id: m.fx.campaigns.shanghai, year: 2017 },
      isComplete: true,
      awaitingScreening: { level: [{ id: m.fx.organizers.shanghai }], submitted: 1, total: 1 },
      push: { deliveries: { delivered: 1 }, receipts: { published: 1, verified: 0 } },
    })
  })

  it.each([
    ['shanghaiOrganizer', 403],
    ['shanghaiEditor', 403],
    ['judge', 403],
    ['partner', 403],
    ['public', 403],
    ['wrongKey', 401],
    ['revokedKey', 401],
  ] as [RoleName, number][])('refuses %s (%s), in Chinese then English', async (role, expected) => {
    const { status, body } = await m.call(role, 'GET', path())
    expect(status, role).toBe(expected)
    expect(body.errors[0].message).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/)
  })

  it('answers 404 for a campaign that does not exist, or a draft the reader may not read', async () => {
    const missing = await m.call('admin', 'GET', '/api/campaigns/987654/dashboard')
    expect(missing.status).toBe(404)
    expect(missing.body.errors[0].message).toContain('没有编号为 987654 的主题活动')
    const draft = await m.call('countyEditor', 'GET', path(m.fx.campaigns.linfenDraft))
    expect(draft.status).toBe(404)
  })
})

describe('the campaigns a reader’s dashboard offers (GET /api/campaigns/mine)', () => {
  it.each([
    ['admin', ['linfen', 'shanghai', 'linfenDraft']],
    ['organizer', ['linfen', 'linfenDraft']],
    ['countyOrganizer', ['linfen']],
    ['cityEditor', ['linfen']],
    ['countyEditor', ['linfen']],
    ['shanghaiOrganizer', ['shanghai']],
    ['shanghaiEditor', []],
    ['judge', []],
  ] as [RoleName, string[]][])('offers %s %j, active ones first', async (role, expected) => {
    const { status, body } = await m.call(role, 'GET', '/api/campaigns/mine')
    expect(status).toBe(200)
    expect(body.campaigns.map((c: { id: number }) => c.id)).toEqual(
      expected.map((key) => m.fx.campaigns[key as keyof typeof m.fx.campaigns]),
    )
    // Every campaign offered opens.
    for (const { id } of body.campaigns) {
      expect((await m.call(role, 'GET', path(id))).status, `${role} ${id}`).toBe(200)
    }
  })

  it.each([
    ['partner', 403],
    ['public', 401],
    ['wrongKey', 401],
    ['revokedKey', 401],
  ] as [RoleName, number][])('refuses %s (%s)', async (role, expected) => {
    const { status, body } = await m.call(role, 'GET', '/api/campaigns/mine')
    expect(status).toBe(expected)
    expect(body.errors[0].message).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/)
  })
})
