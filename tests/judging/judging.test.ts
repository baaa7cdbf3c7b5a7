/**
 * 评审, Shanghai 2017 (沪工总宣〔2017〕152号): 上海市总工会 hosts the campaign, its districts report
 * their “最美劳动者”微视频 upward, and an expert committee scores them in two rounds — 初评
 * (blind, normalised per judge) and 复评 (the top of 初评). One judge belongs to 浦东新区总工会
 * and must not score 浦东's works; another is the author of a 静安 work. Over REST and GraphQL,
 * against the real stack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../helpers/api'
import type { Booted } from '../helpers/payload'

import { deadlineDay } from '../../plugins/shared/deadline'
import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { bootPayload, testAdmin } from '../helpers/payload'

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
const ids: Record<string, number> = {}
const works: Record<string, number> = {}
const judges: Record<string, number> = {}
const as: Record<string, Api> = {}
const password = 'judging-test-password-1'

/** A calendar day `days` from today in Beijing, as the admin's day picker stores it (noon UTC). */
const pickerDay = (days: number) => {
  const [y, m, d] = deadlineDay(new Date(), 'Asia/Shanghai').split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d! + days, 12)).toISOString()
}

const rubric = [
  { name: '思想性', weight: 3, maxScore: 10 },
  { name: '艺术性', weight: 3, maxScore: 10 },
  { name: '技术性', weight: 2, maxScore: 10 },
  { name: '传播力', weight: 2, maxScore: 10 },
]
/** Every criterion at `v`: with this rubric the weighted total is 10 × v. */
const even = (v: number) => rubric.map(({ name }) => ({ criterion: name, score: v }))

const districts = ['黄浦区', '徐汇区', '静安区', '浦东新区', '杨浦区', '闵行区'] as const

beforeAll(async () => {
  booted = await bootPayload({ name: 'judging' })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const { payload } = booted
  const create = async (collection: string, data: Record<string, unknown>) =>
    Number(
      (await payload.create({ collection: collection as 'organizers', data: data as never })).id,
    )
  ids.national = await create('organizers', {
    name: '中华全国总工会',
    kind: 'federation',
    level: 'national',
  })
  ids.shanghai = await create('organizers', {
    name: '上海市总工会',
    kind: 'federation',
    level: 'provincial',
    parent: ids.national,
  })
  for (const district of districts) {
    ids[district] = await create('organizers', {
      name: `${district}总工会`,
      kind: 'federation',
      level: 'county',
      parent: ids.shanghai,
    })
  }
  ids.campaign = await create('campaigns', {
    name: '2017年上海市“网聚职工正能量 争做中国好网民”主题活动',
    year: 2017,
    status: 'active',
    hosts: [ids.shanghai],
    participants: districts.map((district) => ids[district]),
  })
  ids.video = await create('sub-projects', {
    campaign: ids.campaign,
    name: '“最美劳动者”微视频',
    kind: 'micro-video',
    _status: 'published',
  })
  ids.essay = await create('sub-projects', {
    campaign: ids.campaign,
    name: '“网络好职工”读书征文',
    kind: 'essay',
    _status: 'published',
  })
  const user = (email: string, role: string, name: string, organizer?: number) =>
    create('users', { email, password, role, name, organizer })
  ids.organizer = await user('lu@shzgh.test', 'organizer', '陆焯', ids.shanghai)
  ids.districtOrganizer = await user('org@huangpu.test', 'organizer', '黄浦区组织者', ids['黄浦区'])
  ids.editor = await user('editor@xuhui.test', 'unit-editor', '徐汇区编辑', ids['徐汇区'])
  // The expert committee's accounts, made by the city's organizer (so bound to 上海市总工会, which
  // judges its whole campaign).
  judges.zhou = await user('zhou@judges.test', 'judge', '周海燕', ids.shanghai)
  judges.sun = await user('sun@judges.test', 'judge', '孙立群', ids.shanghai)
  // 浦东新区总工会's own man: never on 浦东's works.
  judges.chen = await user('chen@judges.test', 'judge', '陈建国', ids['浦东新区'])
  // Author of a 静安 work: never on that one.
  judges.liu = await user('liu@judges.test', 'judge', '刘晓峰', ids.shanghai)
  judges.wu = await user('wu@judges.test', 'judge', '吴敏', ids.shanghai)

  // Works reported by each district to the city (报送至上海市总工会), as a report batch leaves them.
  const reported = async (key: string, district: string, authors: string[]) => {
    works[key] = await create('entries', {
      title: `${district}：${key}`,
      subProject: ids.video,
      submittingUnit: ids[district],
      status: 'reported',
      authors: authors.map((name) => ({ name, unit: `${district}某厂`, mobile: '13900000000' })),
      internalNotes: `${district}推荐，待核实`,
      reportPath: [{ from: ids[district], to: ids.shanghai, at: new Date().toISOString() }],
    })
  }
  await reported('外滩守夜人', '黄浦区', ['张建华'])
  await reported('徐汇工匠', '徐汇区', ['李明'])
  await reported('静安老师傅', '静安区', ['刘晓峰', '王芳'])
  await reported('陆家嘴建设者', '浦东新区', ['赵磊'])
  await reported('临港追光者', '浦东新区', ['钱勇'])
  await reported('杨浦工业带', '杨浦区', ['孙伟'])
  await reported('闵行快递员', '闵行区', ['周杰'])
  await reported('静安护士', '静安区', ['郑丽'])
  // Not yet reported to the city, and another call's work: neither enters.
  works.unreported = await create('entries', {
    title: '黄浦区：未报送',
    subProject: ids.video,
    submittingUnit: ids['黄浦区'],
    status: 'screened-in',
  })
  works.essay = await create('entries', {
    title: '徐汇区：读书征文',
    subProject: ids.essay,
    submittingUnit: ids['徐汇区'],
    status: 'reported',
    reportPath: [{ from: ids['徐汇区'], to: ids.shanghai, at: new Date().toISOString() }],
  })

  as.admin = await apiClient(server.url, testAdmin)
  as.organizer = await apiClient(server.url, { email: 'lu@shzgh.test', password })
  as.districtOrganizer = await apiClient(server.url, { email: 'org@huangpu.test', password })
  as.editor = await apiClient(server.url, { email: 'editor@xuhui.test', password })
  for (const name of Object.keys(judges)) {
    as[name] = await apiClient(server.url, { email: `${name}@judges.test`, password })
  }
  as.anonymous = await apiClient(server.url, null)
}, 300_000)

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
})

const keyOf = (id: number) => Object.keys(judges).find((key) => judges[key] === id)!

/** The round's sheets as stored. */
const sheetsOf = async (round: number) =>
  (
    await booted.payload.find({
      collection: 'score-sheets',
      where: { round: { equals: round } },
      depth: 0,
      limit: 0,
      sort: 'id',
    })
  ).docs.map((sheet) => ({
    ...sheet,
    entry: Number(sheet.entry),
    judge: Number(sheet.judge),
  }))

const storedSheet = (id: number) =>
  booted.payload.findByID({ collection: 'score-sheets', id, depth: 0 })

/** Chinese, then English. */
const bilingual = /[\u4e00-\u9fff].* \/ .*[A-Za-z]/

const roundData = {
  subProject: 0,
  name: '初评',
  order: 1,
  entrySource: 'reported',
  judgesPerWork: 5,
  blind: true,
  normalise: true,
  criteria: rubric,
}

describe('初评: assigning the judges', () => {
  it('lets the organizer set a round up on its campaign', async () => {
    const { status, body } = await as.organizer.post('/api/judging-rounds', {
      ...roundData,
      subProject: ids.video,
      panel: Object.values(judges),
      opensAt: pickerDay(-1),
      closesAt: pickerDay(10),
    })
    expect(status, JSON.stringify(body)).toBe(201)
    ids.first = body.doc.id
    expect(body.doc).toMatchObject({
      title: '“最美劳动者”微视频 初评',
      campaign: { id: ids.campaign },
      status: 'draft',
    })
  })

  it.each(['districtOrganizer', 'editor', 'zhou', 'anonymous'])(
    'refuses assignment by %s, bilingually, writing nothing',
    async (who) => {
      const { status, body } = await as[who]!.post(`/api/judging-rounds/${ids.first}/assign`, {})
      expect([401, 403]).toContain(status)
      expect(body.errors[0].message).toMatch(bilingual)
      expect(await sheetsOf(ids.first!)).toEqual([])
    },
  )

  it('refuses a panel too small for K judges free of conflicts, naming the works, and writes nothing', async () => {
    // Five judges, five per work: 浦东's works lose 陈建国, 静安老师傅 loses 刘晓峰.
    const { status, body } = await as.organizer.post(`/api/judging-rounds/${ids.first}/assign`, {})
    expect(status).toBe(400)
    expect(body.errors[0].message).toMatch(bilingual)
    expect(body.errors[0].message).toContain('3 件作品分不到 5 位无回避的评委')
    expect(body.errors[0].data.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      [works['陆家嘴建设者'], works['临港追光者'], works['静安老师傅']]
        .map((id) => `works.${id}`)
        .sort(),
    )
    expect(await sheetsOf(ids.first!)).toEqual([])
    expect(
      (await booted.payload.findByID({ collection: 'judging-rounds', id: ids.first! })).assignedAt,
    ).toBeFalsy()
  })

  it('gives every reported work three judges, balanced, none with a conflict of interest', async () => {
    await as.organizer.patch(`/api/judging-rounds/${ids.first}`, { judgesPerWork: 3 })
    const { status, body } = await as.organizer.post(`/api/judging-rounds/${ids.first}/assign`, {})
    expect(status, JSON.stringify(body)).toBe(200)
    expect(body).toMatchObject({ works: 8, sheets: { created: 24, total: 24 } })
    const sheets = await sheetsOf(ids.first!)
    const reportedWorks = Object.entries(works)
      .filter(([key]) => !['unreported', 'essay'].includes(key))
      .map(([, id]) => id)
    expect([...new Set(sheets.map((sheet) => sheet.entry))].sort()).toEqual(reportedWorks.sort())
    for (const work of reportedWorks) {
      expect(new Set(sheets.filter((s) => s.entry === work).map((s) => s.judge)).size).toBe(3)
    }
    const loads = Object.values(judges)
      .sort((a, b) => a - b)
      .map((id) => sheets.filter((s) => s.judge === id).length)
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1)
    expect(body.load.map((each: { sheets: number }) => each.sheets)).toEqual(loads)
    for (const work of [works['陆家嘴建设者'], works['临港追光者']]) {
      expect(sheets.some((s) => s.entry === work && s.judge === judges.chen)).toBe(false)
    }
    expect(sheets.some((s) => s.entry === works['静安老师傅'] && s.judge === judges.liu)).toBe(
      false,
    )
    expect(sheets.every((s) => s.status === 'assigned')).toBe(true)
    expect(
      (await booted.payload.findByID({ collection: 'judging-rounds', id: ids.first! })).assignedAt,
    ).toBeTruthy()
  })

  it('tops up only when run again: no sheet doubles', async () => {
    const { status, body } = await as.organizer.post(`/api/judging-rounds/${ids.first}/assign`, {})
    expect(status).toBe(200)
    expect(body.sheets).toEqual({ created: 0, withdrawn: 0, total: 24 })
    expect(await sheetsOf(ids.first!)).toHaveLength(24)
  })

  it('lets a judge read its works only once the round is open, exactly those', async () => {
    const before = await as.zhou.get('/api/entries?limit=0&depth=0')
    expect(before.body.docs).toEqual([])
    expect(
      (await as.organizer.patch(`/api/judging-rounds/${ids.first}`, { status: 'open' })).status,
    ).toBe(200)
    for (const [key, id] of Object.entries(judges)) {
      const own = (await sheetsOf(ids.first!)).filter((s) => s.judge === id).map((s) => s.entry)
      const { body } = await as[key]!.get('/api/entries?limit=0&depth=0')
      expect(body.docs.map((doc: { id: number }) => doc.id).sort(), key).toEqual(own.sort())
    }
  })
})

describe('初评 is blind', () => {
  const authors = ['张建华', '李明', '刘晓峰', '王芳', '赵磊', '钱勇', '孙伟', '周杰', '郑丽']
  const named = (value: unknown) => authors.filter((name) => JSON.stringify(value).includes(name))

  it('omits authors, units, the path upward and notes from a judge’s REST reads', async () => {
    const [sheet] = (await sheetsOf(ids.first!)).filter((s) => s.judge === judges.zhou)
    const { status, body } = await as.zhou.get(`/api/entries/${sheet!.entry}?depth=2`)
    expect(status).toBe(200)
    expect(body.title).toBeTruthy()
    for (const field of ['authors', 'submittingUnit', 'reportPath', 'internalNotes', 'origin']) {
      expect(body, field).not.toHaveProperty(field)
    }
    const list = await as.zhou.get('/api/entries?limit=0&depth=2')
    expect(list.body.docs.length).toBeGreaterThan(0)
    expect(named(list.body.docs)).toEqual([])
    for (const doc of list.body.docs) {
      expect(doc).not.toHaveProperty('submittingUnit')
    }
    // A sheet read with its work populated: the same work, as blind.
    const sheets = await as.zhou.get('/api/score-sheets?limit=0&depth=1')
    expect(sheets.body.docs.length).toBeGreaterThan(0)
    expect(named(sheets.body.docs)).toEqual([])
    for (const doc of sheets.body.docs) {
      expect(doc.entry.title).toBeTruthy()
      expect(doc.entry).not.toHaveProperty('submittingUnit')
    }
  })

  it('omits them from a judge’s GraphQL reads', async () => {
    const { body } = await as.zhou.graphql(
      '{ Entries(limit: 0) { docs { id title authors { name unit } submittingUnit { name } internalNotes reportPath { from { name } } } } }',
    )
    expect(body.errors).toBeUndefined()
    expect(body.data.Entries.docs.length).toBeGreaterThan(0)
    for (const doc of body.data.Entries.docs) {
      expect(doc).toMatchObject({ authors: null, submittingUnit: null, reportPath: null })
      expect(doc.internalNotes).toBeNull()
    }
  })

  it('refuses a judge’s queries on who made or sent a work, which would answer what reads omit', async () => {
    for (const query of [
      `where[authors.name][equals]=${encodeURIComponent('刘晓峰')}`,
      `where[submittingUnit][equals]=${ids['静安区']}`,
    ]) {
      const { status, body } = await as.zhou.get(`/api/entries?${query}`)
      expect(status, query).toBeGreaterThanOrEqual(400)
      expect(status, query).toBeLessThan(500)
      expect(body.docs, query).toBeUndefined()
    }
    // The organizer still filters on them.
    const own = await as.organizer.get(
      `/api/entries?where[authors.name][equals]=${encodeURIComponent('刘晓峰')}&depth=0`,
    )
    expect(own.body.docs.map((doc: { id: number }) => doc.id)).toEqual([works['静安老师傅']])
  })

  it('still shows the organizer who made each work', async () => {
    const { body } = await as.organizer.get(`/api/entries/${works['静安老师傅']}?depth=1`)
    expect(body.authors.map((a: { name: string }) => a.name)).toEqual(['刘晓峰', '王芳'])
    expect(body.submittingUnit.name).toBe('静安区总工会')
  })
})

describe('scoring a sheet', () => {
  let sheet: { id: number; entry: number; judge: number }

  beforeAll(async () => {
    sheet = (await sheetsOf(ids.first!)).find((s) => s.judge === judges.zhou)!
  })

  const unchanged = async () => {
    const stored = await storedSheet(sheet.id)
    expect(stored.scores ?? []).toEqual([])
    expect(stored.total ?? null).toBeNull()
    expect(stored.status).toBe('assigned')
  }

  it.each([
    [
      'a score above the maximum',
      [{ criterion: '思想性', score: 11 }],
      'scores.0.score',
      '满分 10 分',
    ],
    [
      'a criterion the rubric lacks',
      [{ criterion: '趣味性', score: 5 }],
      'scores.0.criterion',
      '不是本轮评分标准',
    ],
    ['a negative score', [{ criterion: '艺术性', score: -1 }], 'scores.0.score', '不能为负'],
    [
      'a score that is not a number',
      [{ criterion: '技术性', score: '九' }],
      'scores.0.score',
      '须为数字',
    ],
    [
      'a criterion scored twice',
      [
        { criterion: '传播力', score: 5 },
        { criterion: '传播力', score: 6 },
      ],
      'scores.1.criterion',
      '重复打分',
    ],
  ])('refuses %s with a bilingual 400 and writes nothing', async (_, scores, path, words) => {
    const { status, body } = await as.zhou.patch(`/api/score-sheets/${sheet.id}`, { scores })
    expect(status).toBe(400)
    expect(body.errors[0].message).toMatch(bilingual)
    expect(body.errors[0].message).toContain(words)
    expect(body.errors[0].data.errors[0].path).toBe(path)
    await unchanged()
  })

  it('refuses the organizer typing scores in, bilingually', async () => {
    for (const who of ['organizer', 'admin']) {
      const { status, body } = await as[who]!.patch(`/api/score-sheets/${sheet.id}`, {
        scores: even(8),
      })
      expect(status, who).toBe(403)
      expect(body.errors[0].message).toContain('活动组织者不能代为评分')
    }
    await unchanged()
  })

  it('refuses another judge’s hand on the sheet', async () => {
    const other = Object.keys(judges).find((key) => judges[key] !== sheet.judge)!
    const { status, body } = await as[other]!.patch(`/api/score-sheets/${sheet.id}`, {
      scores: even(8),
    })
    expect(status).toBe(403)
    expect(body.errors[0].message).toBe('这不是您的评分表 / this score sheet is not yours')
    const submit = await as[other]!.post(`/api/score-sheets/${sheet.id}/submit`, {})
    expect(submit.status).toBe(403)
    expect(submit.body.errors[0].message).toMatch(bilingual)
    await unchanged()
  })

  it('refuses scoring outside the window, naming the days', async () => {
    await booted.payload.update({
      collection: 'judging-rounds',
      id: ids.first!,
      data: { opensAt: pickerDay(-5), closesAt: pickerDay(-1) },
    })
    const { status, body } = await as.zhou.patch(`/api/score-sheets/${sheet.id}`, {
      scores: even(8),
    })
    await booted.payload.update({
      collection: 'judging-rounds',
      id: ids.first!,
      data: { opensAt: pickerDay(-1), closesAt: pickerDay(10) },
    })
    expect(status).toBe(403)
    expect(body.errors[0].message).toContain(`至 ${pickerDay(-1).slice(0, 10)}`)
    expect(body.errors[0].message).toContain('已截止')
    await unchanged()
  })

  it('keeps a partial sheet without a total, and will not submit it', async () => {
    const saved = await as.zhou.patch(`/api/score-sheets/${sheet.id}`, {
      scores: [{ criterion: '思想性', score: 9 }],
      comment: '立意好',
    })
    expect(saved.status, JSON.stringify(saved.body)).toBe(200)
    expect(saved.body.doc.total ?? null).toBeNull()
    const { status, body } = await as.zhou.post(`/api/score-sheets/${sheet.id}/submit`, {})
    expect(status).toBe(400)
    expect(body.errors[0].message).toBe(
      '还有评分项未打分：艺术性、技术性、传播力 / not scored yet: 艺术性, 技术性, 传播力',
    )
    expect((await storedSheet(sheet.id)).status).toBe('assigned')
  })

  it('computes the weighted total out of 100 and locks the sheet on submit', async () => {
    const scores = [
      { criterion: '思想性', score: 9 },
      { criterion: '艺术性', score: 8 },
      { criterion: '技术性', score: 7.5 },
      { criterion: '传播力', score: 6 },
    ]
    const saved = await as.zhou.patch(`/api/score-sheets/${sheet.id}`, { scores })
    // (3×9 + 3×8 + 2×7.5 + 2×6) ÷ (3×10 + 3×10 + 2×10 + 2×10) × 100
    expect(saved.body.doc.total).toBe(78)
    const { status, body } = await as.zhou.post(`/api/score-sheets/${sheet.id}/submit`, {})
    expect(status, JSON.stringify(body)).toBe(200)
    expect(body.doc).toMatchObject({ status: 'submitted', total: 78 })
    expect(body.doc.submittedAt).toBeTruthy()
  })

  it('refuses any change to a submitted sheet by its judge, bilingually', async () => {
    const { status, body } = await as.zhou.patch(`/api/score-sheets/${sheet.id}`, {
      scores: even(10),
    })
    expect(status).toBe(409)
    expect(body.errors[0].message).toContain('评分表已提交并锁定')
    const again = await as.zhou.post(`/api/score-sheets/${sheet.id}/submit`, {})
    expect(again.status).toBe(409)
    expect((await storedSheet(sheet.id)).total).toBe(78)
  })

  it('refuses a status set through the collection', async () => {
    const { status, body } = await as.organizer.patch(`/api/score-sheets/${sheet.id}`, {
      status: 'assigned',
    })
    expect(status).toBe(400)
    expect(body.errors[0].message).toMatch(bilingual)
    expect((await storedSheet(sheet.id)).status).toBe('submitted')
  })

  it('reopens only for the organizer, with a reason, and the audit log keeps it', async () => {
    const byJudge = await as.zhou.post(`/api/score-sheets/${sheet.id}/reopen`, { reason: '手误' })
    expect(byJudge.status).toBe(403)
    const noReason = await as.organizer.post(`/api/score-sheets/${sheet.id}/reopen`, {})
    expect(noReason.status).toBe(400)
    expect(noReason.body.errors[0].message).toMatch(bilingual)
    expect((await storedSheet(sheet.id)).status).toBe('submitted')

    const reason = '技术性评分与评语不符，请复核'
    const { status, body } = await as.organizer.post(`/api/score-sheets/${sheet.id}/reopen`, {
      reason,
    })
    expect(status, JSON.stringify(body)).toBe(200)
    const stored = await storedSheet(sheet.id)
    expect(stored.status).toBe('assigned')
    expect(stored.submittedAt ?? null).toBeNull()
    expect(stored.reopenings).toEqual([
      expect.objectContaining({ reason, by: ids.organizer, at: expect.any(String) }),
    ])
    const audit = await as.admin.get(
      `/api/audit-log?where[targetCollection][equals]=score-sheets&where[targetId][equals]=${sheet.id}`,
    )
    expect(audit.body.docs).toHaveLength(1)
    expect(audit.body.docs[0]).toMatchObject({
      action: 'field-change',
      actorLabel: 'lu@shzgh.test',
      details: { from: 'submitted', to: 'assigned', reason },
    })
    expect(audit.body.docs[0].summary).toContain(reason)
  })

  it('lets the judge correct and submit the reopened sheet', async () => {
    await as.zhou.patch(`/api/score-sheets/${sheet.id}`, { scores: even(8) })
    const { status, body } = await as.zhou.post(`/api/score-sheets/${sheet.id}/submit`, {})
    expect(status).toBe(200)
    expect(body.doc.total).toBe(80)
  })
})

describe('a judge declares a conflict of interest', () => {
  let sheet: { id: number; entry: number; judge: number }

  it('wants a reason', async () => {
    sheet = (await sheetsOf(ids.first!)).find((s) => s.judge === judges.wu)!
    const { status, body } = await as.wu.post(`/api/score-sheets/${sheet.id}/declare-conflict`, {})
    expect(status).toBe(400)
    expect(body.errors[0].message).toMatch(bilingual)
    expect((await storedSheet(sheet.id)).status).toBe('assigned')
  })

  it('takes the work from the judge', async () => {
    const { status } = await as.wu.post(`/api/score-sheets/${sheet.id}/declare-conflict`, {
      reason: '作者是我的同事',
    })
    expect(status).toBe(200)
    expect(await storedSheet(sheet.id)).toMatchObject({
      status: 'conflict',
      conflictReason: '作者是我的同事',
    })
    expect((await as.wu.get(`/api/entries/${sheet.entry}`)).status).not.toBe(200)
    const scoring = await as.wu.patch(`/api/score-sheets/${sheet.id}`, { scores: even(5) })
    expect(scoring.status).toBe(409)
    expect(scoring.body.errors[0].message).toMatch(bilingual)
  })

  it('gets the work another judge on the next assignment', async () => {
    const { body } = await as.organizer.post(`/api/judging-rounds/${ids.first}/assign`, {})
    expect(body.sheets).toMatchObject({ created: 1, total: 24 })
    const onWork = (await sheetsOf(ids.first!)).filter((s) => s.entry === sheet.entry)
    expect(onWork.filter((s) => s.status !== 'conflict')).toHaveLength(3)
    expect(onWork.find((s) => s.judge === judges.wu)!.status).toBe('conflict')
  })
})

describe('初评 results', () => {
  // Each work's quality, each judge's leniency; 孙立群 marks 静安护士 far below the others.
  const quality: Record<string, number> = {
    外滩守夜人: 8,
    徐汇工匠: 7,
    静安老师傅: 9,
    陆家嘴建设者: 6,
    临港追光者: 8.5,
    杨浦工业带: 5,
    闵行快递员: 7.5,
    静安护士: 8,
  }
  const leniency: Record<string, number> = { zhou: 0, sun: -1, chen: 1, liu: 0.5, wu: -0.5 }
  const workKey = (id: number) => Object.keys(works).find((key) => works[key] === id)!

  it('refuses the results to judges and to other units', async () => {
    for (const who of ['zhou', 'districtOrganizer', 'editor', 'anonymous']) {
      const { status, body } = await as[who]!.get(`/api/judging-rounds/${ids.first}/results`)
      expect([401, 403], who).toContain(status)
      expect(body.errors[0].message).toMatch(bilingual)
    }
  })

  it('lists works still missing sheets', async () => {
    const { body } = await as.organizer.get(`/api/judging-rounds/${ids.first}/results`)
    expect(body.missing).toHaveLength(8)
  })

  it('ranks by the per-judge normalised mean, raw kept beside it, and flags a far-off sheet', async () => {
    for (const sheet of await sheetsOf(ids.first!)) {
      if (sheet.status !== 'assigned') {
        continue
      }
      const judge = keyOf(sheet.judge)
      const key = workKey(sheet.entry)
      const v =
        judge === 'sun' && key === '静安护士'
          ? 2
          : Math.min(10, Math.max(0, quality[key]! + leniency[judge]!))
      const { status, body } = await as[judge]!.post(`/api/score-sheets/${sheet.id}/submit`, {
        scores: even(v),
      })
      expect(status, JSON.stringify(body)).toBe(200)
    }
    const { status, body } = await as.organizer.get(`/api/judging-rounds/${ids.first}/results`)
    expect(status).toBe(200)
    expect(body.rankedBy).toBe('normalised')
    expect(body.missing).toEqual([])

    // The same figures, worked out here from the stored sheets.
    const submitted = (await sheetsOf(ids.first!)).filter((s) => s.status === 'submitted')
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)))
    const all = submitted.map((s) => s.total!)
    const z = (s: (typeof submitted)[number]) => {
      const own = submitted.filter((o) => o.judge === s.judge).map((o) => o.total!)
      return sd(own) ? (s.total! - mean(own)) / sd(own) : 0
    }
    for (const work of body.works) {
      const own = submitted.filter((s) => s.entry === work.entry.id)
      expect(work.raw).toBeCloseTo(mean(own.map((s) => s.total!)), 2)
      expect(work.normalised).toBeCloseTo(mean(own.map((s) => mean(all) + z(s) * sd(all))), 2)
      expect(work.score).toBe(work.normalised)
      expect(work.criteria.map((c: { name: string }) => c.name)).toEqual(rubric.map((c) => c.name))
    }
    const scores = body.works.map((w: { score: number }) => w.score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
    expect(body.works[0].rank).toBe(1)

    const flagged = body.works.find(
      (w: { entry: { id: number } }) => w.entry.id === works['静安护士'],
    )
    expect(flagged.flags).toEqual([
      expect.objectContaining({ judge: { id: judges.sun, name: '孙立群' }, total: 20 }),
    ])
    expect(flagged.flags[0].deviation).toBeLessThan(-20)
    expect(
      body.works.flatMap((w: { flags: unknown[] }) => w.flags),
      'only the far-off sheet is flagged',
    ).toHaveLength(1)
  })
})

describe('复评: the top of 初评', () => {
  it('closing 初评 takes its works back from its judges', async () => {
    expect(
      (await as.organizer.patch(`/api/judging-rounds/${ids.first}`, { status: 'closed' })).status,
    ).toBe(200)
    for (const key of Object.keys(judges)) {
      expect((await as[key]!.get('/api/entries?limit=0')).body.docs, key).toEqual([])
    }
  })

  it('enters the top three of 初评, and only them', async () => {
    const created = await as.organizer.post('/api/judging-rounds', {
      subProject: ids.video,
      name: '复评',
      order: 2,
      entrySource: 'previous-top',
      topN: 3,
      judgesPerWork: 3,
      blind: false,
      normalise: false,
      panel: [judges.zhou, judges.sun, judges.liu, judges.wu],
      criteria: rubric,
      status: 'open',
      opensAt: pickerDay(0),
      closesAt: pickerDay(5),
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    ids.second = created.body.doc.id
    const first = await as.organizer.get(`/api/judging-rounds/${ids.first}/results`)
    const top = first.body.works
      .filter((w: { rank: number }) => w.rank <= 3)
      .map((w: { entry: { id: number } }) => w.entry.id)
    expect(top).toHaveLength(3)
    const { status, body } = await as.organizer.post(`/api/judging-rounds/${ids.second}/assign`, {})
    expect(status, JSON.stringify(body)).toBe(200)
    expect(body).toMatchObject({ works: 3, sheets: { created: 9 } })
    const entered = [...new Set((await sheetsOf(ids.second!)).map((s) => s.entry))]
    expect(entered.sort()).toEqual(top.sort())
  })

  it('shows ties as ties, sharing a rank', async () => {
    const sheets = await sheetsOf(ids.second!)
    const [a, b, c] = [...new Set(sheets.map((s) => s.entry))].sort((x, y) => x - y)
    // a and b end level at 85 — a's criteria scored unevenly (3×9 + 3×8 + 2×8.5 + 2×8.5),
    // b's evenly — and c at 70.
    const uneven = [
      { criterion: '思想性', score: 9 },
      { criterion: '艺术性', score: 8 },
      { criterion: '技术性', score: 8.5 },
      { criterion: '传播力', score: 8.5 },
    ]
    for (const sheet of sheets) {
      const scores = sheet.entry === a ? uneven : even(sheet.entry === b ? 8.5 : 7)
      const { status } = await as[keyOf(sheet.judge)]!.post(
        `/api/score-sheets/${sheet.id}/submit`,
        { scores },
      )
      expect(status).toBe(200)
    }
    const { body } = await as.organizer.get(`/api/judging-rounds/${ids.second}/results`)
    expect(body.rankedBy).toBe('raw')
    expect(
      body.works.map((w: { entry: { id: number }; raw: number; rank: number; tied: boolean }) => [
        w.entry.id,
        w.raw,
        w.rank,
        w.tied,
      ]),
    ).toEqual([
      [a, 85, 1, true],
      [b, 85, 1, true],
      [c, 70, 3, false],
    ])
  })
})

describe('the office’s judges (评审专家 with no unit)', () => {
  it('are read by an organizer, seated on its panel, and the round stays editable', async () => {
    const expert = await booted.payload.create({
      collection: 'users',
      data: { email: 'expert@acftu.test', password, role: 'judge', name: '全总评审专家' },
    })
    const read = await as.organizer.get(`/api/users/${expert.id}`)
    expect(read.status, JSON.stringify(read.body)).toBe(200)
    const made = await as.organizer.post('/api/judging-rounds', {
      ...roundData,
      subProject: ids.essay,
      judgesPerWork: 1,
      panel: [expert.id, judges.zhou],
    })
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    const edited = await as.organizer.patch(`/api/judging-rounds/${made.body.doc.id}`, {
      name: '终评',
    })
    expect(edited.status, JSON.stringify(edited.body)).toBe(200)
    expect(edited.body.doc.panel.map((judge: { id: number }) => judge.id)).toContain(expert.id)
    // Reading the account is not managing it: that stays the office's.
    const changed = await as.organizer.patch(`/api/users/${expert.id}`, { name: '改名' })
    expect([403, 404]).toContain(changed.status)
    expect((await booted.payload.findByID({ collection: 'users', id: expert.id })).name).toBe(
      '全总评审专家',
    )
  })
})
