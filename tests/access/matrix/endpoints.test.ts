/**
 * Every role × the award lists' own endpoints: 生成建议名单 (`POST /api/award-lists/:id/propose`),
 * 确定名单 (`POST /:id/freeze`), 推荐获奖作品 (`POST /:id/recommend`) and the scores workbook (`GET /:id/scores.xlsx`), on Linfen's list
 * being drawn up, Linfen's frozen list and Shanghai's list. They exist over REST only (no Local
 * API or GraphQL form). Only the national office and the organizers of the campaign's hosts get
 * past access, where the list's own state answers; everyone else is refused (403, a made-up or
 * revoked key 401) in Chinese then English, before the list's state is told, and nothing is
 * written. The test output prints the table it proved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Matrix, RoleName } from './harness'

import { openMatrix, refusedKeys, roles } from './harness'

let m: Matrix

beforeAll(async () => {
  m = await openMatrix({ name: 'access_matrix_endpoints' })
}, 300_000)

const endpoints = {
  propose: { method: 'POST', path: (id: number) => `/api/award-lists/${id}/propose` },
  freeze: { method: 'POST', path: (id: number) => `/api/award-lists/${id}/freeze` },
  recommend: { method: 'POST', path: (id: number) => `/api/award-lists/${id}/recommend` },
  'scores.xlsx': { method: 'GET', path: (id: number) => `/api/award-lists/${id}/scores.xlsx` },
} as const
type EndpointName = keyof typeof endpoints

const lists = ['linfen', 'linfenFrozen', 'shanghai'] as const
type ListName = (typeof lists)[number]

/** Who gets past access to each list: the office and its campaign's hosts' organizers. */
const hostsOf: Record<ListName, RoleName[]> = {
  linfen: ['admin', 'organizer'],
  linfenFrozen: ['admin', 'organizer'],
  shanghai: ['admin', 'shanghaiOrganizer'],
}

/**
 * Past access, what each list answers: a draft is not proposed from a round with no submitted
 * sheet, nor frozen before it is proposed; a frozen one is neither proposed nor frozen again.
 * The workbook is everyone's past access.
 */
const pastAccess: Record<EndpointName, Record<ListName, { status: number; message?: RegExp }>> = {
  propose: {
    linfen: { status: 400, message: /还没有已提交的评分 \/ the round .* has no submitted scores/ },
    linfenFrozen: { status: 409, message: /已确定，不能重新生成 \/ .* is frozen/ },
    shanghai: {
      status: 400,
      message: /还没有已提交的评分 \/ the round .* has no submitted scores/,
    },
  },
  freeze: {
    linfen: { status: 409, message: /尚未生成建议名单，请先生成 \/ .* has not been proposed yet/ },
    linfenFrozen: { status: 409, message: /已确定 \/ .* is already frozen/ },
    shanghai: {
      status: 409,
      message: /尚未生成建议名单，请先生成 \/ .* has not been proposed yet/,
    },
  },
  recommend: {
    linfen: {
      status: 409,
      message: /尚未确定，确定名单后才能推荐获奖作品 \/ .* is not frozen yet/,
    },
    linfenFrozen: {
      status: 400,
      message: /优秀组织单位名单没有作品可推荐 \/ a list of organizing/,
    },
    shanghai: {
      status: 409,
      message: /尚未确定，确定名单后才能推荐获奖作品 \/ .* is not frozen yet/,
    },
  },
  'scores.xlsx': {
    linfen: { status: 200 },
    linfenFrozen: { status: 200 },
    shanghai: { status: 200 },
  },
}

const accessRefusal =
  /^只有本活动主办单位的活动组织者和全国办公室可以.+ \/ only the campaign's organizers and the national office /

afterAll(async () => {
  m?.print({
    title:
      'Award lists’ endpoints (REST): L Linfen’s draft, F Linfen’s frozen, S Shanghai’s; 200/400/409 past access, 403 refused, 401 key refused',
    slugs: Object.keys(endpoints).map((name) => `award-lists ${name}`),
    ops: ['L', 'F', 'S'],
  })
  m?.print({
    title:
      '复制为新一年度 (REST) on Linfen’s campaign: P preview, C clone (past access: 400 for its own year)',
    slugs: ['campaigns clone'],
    ops: ['P', 'C'],
  })
  await m?.close()
})

const column: Record<ListName, string> = { linfen: 'L', linfenFrozen: 'F', shanghai: 'S' }

const cases = roles.flatMap((role) =>
  (Object.keys(endpoints) as EndpointName[]).flatMap((endpoint) =>
    lists.map((list) => [role, endpoint, list] as const),
  ),
)

describe('award lists’ endpoints', () => {
  it.each(cases)('%s calling %s on the %s list', async (role, endpoint, list) => {
    const id = m.fx.awardLists[list]
    const stored = async () =>
      JSON.stringify(await m.payload.findByID({ collection: 'award-lists', id, depth: 0 }))
    const before = await stored()
    const { method, path } = endpoints[endpoint]
    const res = await m.fetchAs(role, path(id), method === 'GET' ? {} : { method, body: {} })
    const isPast = hostsOf[list].includes(role)
    const expected = isPast
      ? pastAccess[endpoint][list]
      : refusedKeys.includes(role)
        ? { status: 401 }
        : { status: 403, message: accessRefusal }
    const what = `${role} ${method} ${endpoint} on ${list}`
    expect(res.status, what).toBe(expected.status)
    if (expected.status === 200) {
      expect(res.headers.get('content-type'), what).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      )
      // An XLSX file is a zip archive.
      expect(res.bytes.subarray(0, 2).toString('latin1'), what).toBe('PK')
    } else {
      const message = JSON.parse(res.bytes.toString('utf8')).errors[0].message as string
      expect(message, what).toMatch(/[\u4e00-\u9fff].* \/ .*[A-Za-z]/)
      expect(message, what).toMatch(expected.message ?? /./)
    }
    expect(await stored(), `${what}: nothing written`).toBe(before)
    m.record(role, `award-lists ${endpoint}`, column[list], String(res.status))
  })
})

/**
 * The four unifications' reports: a campaign's coverage and compliance (its hosts' organizers
 * and the office), and the standing report of content outside every campaign (the office).
 */
describe('campaign reports', () => {
  const reports = {
    coverage: () => `/api/campaigns/${m.fx.campaigns.linfen}/coverage`,
    compliance: () => `/api/campaigns/${m.fx.campaigns.linfen}/compliance`,
    standing: () => '/api/campaigns/standing',
  } as const
  const readers: Record<keyof typeof reports, RoleName[]> = {
    coverage: ['admin', 'organizer'],
    compliance: ['admin', 'organizer'],
    standing: ['admin'],
  }
  it.each(
    roles.flatMap((role) =>
      (Object.keys(reports) as (keyof typeof reports)[]).map((report) => [role, report] as const),
    ),
  )('%s reading %s', async (role, report) => {
    const res = await m.fetchAs(role, reports[report]())
    const expected = readers[report].includes(role)
      ? 200
      : refusedKeys.includes(role) || (report === 'standing' && role === 'public')
        ? 401
        : 403
    expect(res.status, `${role} ${report}`).toBe(expected)
    if (expected !== 200) {
      const message = JSON.parse(res.bytes.toString('utf8')).errors[0].message as string
      expect(message).toMatch(/[\u4e00-\u9fff].* \/ .*[A-Za-z]/)
    }
  })
})

/**
 * 复制为新一年度 (`POST /api/campaigns/:id/clone/preview` and `/clone`) on Linfen's campaign:
 * the office and Linfen's organizers get past access (a preview; the edition asked for the
 * campaign's own year, refused 400 with nothing written); everyone else 403, the anonymous 401.
 */
describe('campaign editions', () => {
  const cases = roles.flatMap((role) =>
    (['preview', 'clone'] as const).map((op) => [role, op] as const),
  )
  it.each(cases)('%s asking %s', async (role, op) => {
    const id = m.fx.campaigns.linfen
    const campaigns = async () => (await m.payload.count({ collection: 'campaigns' })).totalDocs
    const before = await campaigns()
    const source = await m.payload.findByID({ collection: 'campaigns', id, depth: 0 })
    const res = await m.fetchAs(
      role,
      `/api/campaigns/${id}/clone${op === 'preview' ? '/preview' : ''}`,
      {
        method: 'POST',
        body: { year: op === 'preview' ? source.year + 1 : source.year },
      },
    )
    const isPast = ['admin', 'organizer'].includes(role)
    const expected = isPast
      ? op === 'preview'
        ? 200
        : 400
      : refusedKeys.includes(role) || role === 'public'
        ? 401
        : 403
    expect(res.status, `${role} ${op}`).toBe(expected)
    if (expected !== 200) {
      const message = JSON.parse(res.bytes.toString('utf8')).errors[0].message as string
      expect(message, `${role} ${op}`).toMatch(/[\u4e00-\u9fff].* \/ .*[A-Za-z]/)
    }
    expect(await campaigns(), `${role} ${op}: nothing written`).toBe(before)
    m.record(role, 'campaigns clone', op === 'preview' ? 'P' : 'C', String(res.status))
  })
})

/** 开始前检查 (`GET /api/campaigns/:id/readiness`): the campaign's organizers and the office. */
describe('campaign readiness', () => {
  it.each(roles)('%s reading Linfen’s readiness', async (role) => {
    const res = await m.fetchAs(role, `/api/campaigns/${m.fx.campaigns.linfen}/readiness`)
    const expected = ['admin', 'organizer'].includes(role)
      ? 200
      : refusedKeys.includes(role) || role === 'public'
        ? 401
        : 403
    expect(res.status, role).toBe(expected)
    const body = JSON.parse(res.bytes.toString('utf8'))
    if (expected === 200) {
      expect(typeof body.isReady).toBe('boolean')
    } else {
      expect(body.errors[0].message, role).toMatch(/[\u4e00-\u9fff].* \/ .*[A-Za-z]/)
    }
    m.record(role, 'campaigns clone', 'R', String(res.status))
  })
})

/** Who reaches 尧都's column's window: the office, Linfen's and 尧都's staff (the moderators). */
const yaoduModerators: RoleName[] = [
  'admin',
  'organizer',
  'countyOrganizer',
  'cityEditor',
  'countyEditor',
]

/**
 * 互动审核 (`POST /api/interactions/moderate`) on a pending comment of 尧都's column: its
 * moderators approve it (200, put back after); everyone else is refused — 401 without an account
 * or with a key that does not verify, 404 for staff, judges and partners it is not theirs to
 * decide (their reads do not reach it) — and it stays pending. 检测文字
 * (`POST /api/sensitive-words/test`): staff only.
 */
describe('the interaction window’s staff endpoints', () => {
  it.each(roles)('%s approving 尧都’s pending comment', async (role) => {
    const id = m.fx.interactions.yaoduPending
    const res = await m.fetchAs(role, '/api/interactions/moderate', {
      method: 'POST',
      body: { ids: [id], decision: 'approve' },
    })
    const expected = yaoduModerators.includes(role)
      ? 200
      : refusedKeys.includes(role) || role === 'public'
        ? 401
        : 404
    expect(res.status, role).toBe(expected)
    const stored = await m.payload.findByID({ collection: 'interactions', id, depth: 0 })
    expect(stored.state, role).toBe(expected === 200 ? 'approved' : 'pending')
    if (expected === 200) {
      await m.payload.update({
        collection: 'interactions',
        id,
        data: { state: 'pending' },
        depth: 0,
      })
    } else {
      const message = JSON.parse(res.bytes.toString('utf8')).errors[0].message as string
      expect(message, role).toMatch(/[\u4e00-\u9fff].* \/ .*[A-Za-z]/)
    }
  })

  it.each(roles)('%s testing a text against Linfen’s word list', async (role) => {
    const res = await m.fetchAs(role, '/api/sensitive-words/test', {
      method: 'POST',
      body: { text: '代开发票，赌 博', campaign: m.fx.campaigns.linfen },
    })
    const staff: RoleName[] = [...yaoduModerators, 'shanghaiOrganizer', 'shanghaiEditor']
    const expected = staff.includes(role)
      ? 200
      : refusedKeys.includes(role) || role === 'public'
        ? 401
        : 403
    expect(res.status, role).toBe(expected)
    const body = JSON.parse(res.bytes.toString('utf8'))
    if (expected === 200) {
      expect(body.outcome).toBe('block')
    } else {
      expect(body.errors[0].message, role).toMatch(/[\u4e00-\u9fff].* \/ .*[A-Za-z]/)
    }
  })
})
