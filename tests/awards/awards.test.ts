/**
 * 评奖与通报, Shanghai 2017 (沪工总宣〔2017〕152号): the city opens its works to a city-wide public
 * vote and an expert committee scores them; "两者结合" (70/30 here) gives first, second and third
 * prizes per project, set as shares of the works received, and the best organizing units
 * (优秀组织单位) are named. The score sheets and votes are seeded through the Local API (the
 * judging and voting tests drive those endpoints); everything the organizer does is over REST.
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../helpers/api'
import type { Booted } from '../helpers/payload'

import { judgingWrite } from '../../src/judging/shared'
import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { bootPayload } from '../helpers/payload'

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
const ids: Record<string, number> = {}
const works: Record<string, number> = {}
const as = {} as Record<
  'admin' | 'organizer' | 'unitEditor' | 'judge' | 'shanxiOrganizer' | 'anonymous',
  Api
>
const password = 'awards-test-password-1'

const campaignName = '2017年上海市“网聚职工正能量 争做中国好网民”主题活动'
const subProjectName = '“最美劳动者”微电影微视频征集'

const rubric = [
  { name: '思想性', weight: 1, maxScore: 10 },
  { name: '艺术性', weight: 1, maxScore: 10 },
  { name: '技术性', weight: 1, maxScore: 10 },
  { name: '传播力', weight: 1, maxScore: 10 },
]
/** Four scores adding up to `sum`: with this rubric the weighted total is 2.5 × sum. */
const scoresFor = (sum: number) =>
  rubric.map(({ name }, index) => ({
    criterion: name,
    score: Math.floor(sum / 4) + (index < sum % 4 ? 1 : 0),
  }))

/**
 * The works of the final round (复评): unit, status, the two judges' score sums (the jury score
 * is 2.5 × their mean) and valid votes. With the most-voted work at 20 votes, the public score
 * is 5 × votes and the final 0.7 × jury + 1.5 × votes:
 *   W2 80/20 → 86 · W3 85/10 → 74.5 · W1 85/8 → 71.5 · W4 70/15 → 71.5 (tied with W1) ·
 *   W5 75/10 → 67.5 · W6 90/0 → 63 (the jury's best, sixth with the vote) · W7 60/10 → 57 ·
 *   W8 65/5 → 53.
 */
const finalRound = {
  W1: { unit: 'pudong', status: 'in-review', sums: [35, 33], votes: 8 },
  W2: { unit: 'pudong', status: 'published', sums: [33, 31], votes: 20 },
  W3: { unit: 'pudong', status: 'published', sums: [34, 34], votes: 10 },
  W4: { unit: 'huangpu', status: 'published', sums: [29, 27], votes: 15 },
  W5: { unit: 'huangpu', status: 'in-review', sums: [30, 30], votes: 10 },
  W6: { unit: 'huangpu', status: 'in-review', sums: [36, 36], votes: 0 },
  W7: { unit: 'jiaoyu', status: 'in-review', sums: [25, 23], votes: 10 },
  W8: { unit: 'huangpu', status: 'in-review', sums: [26, 26], votes: 5 },
} as const
type Work = keyof typeof finalRound

let token = ''

beforeAll(async () => {
  booted = await bootPayload({ name: 'awards' })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const { payload } = booted
  const create = async (collection: string, data: Record<string, unknown>) =>
    Number(
      (await payload.create({ collection: collection as 'organizers', data: data as never })).id,
    )
  const org = (name: string, kind: string, level: string, parent?: number) =>
    create('organizers', { name, kind, level, parent })
  ids.shanghai = await org('上海市总工会', 'federation', 'provincial')
  ids.shanghaiCac = await org('上海市互联网信息办公室', 'cac', 'provincial')
  ids.pudong = await org('浦东新区总工会', 'federation', 'county', ids.shanghai)
  ids.huangpu = await org('黄浦区总工会', 'federation', 'county', ids.shanghai)
  ids.jiaoyu = await org('上海市教育工会', 'industry-union', 'county', ids.shanghai)
  ids.shanxi = await org('山西省总工会', 'federation', 'provincial')
  ids.campaign = await create('campaigns', {
    name: campaignName,
    year: 2017,
    status: 'active',
    hosts: [ids.shanghai, ids.shanghaiCac],
    participants: [ids.pudong, ids.huangpu, ids.jiaoyu],
  })
  await create('notices', {
    title: '关于联合开展“网聚职工正能量 争做中国好网民”主题活动的实施意见',
    documentNumber: '沪工总宣〔2017〕152号',
    issuers: [ids.shanghai, ids.shanghaiCac],
    issueDate: '2017-04-28T12:00:00.000Z',
    recipients: '各区局（产业）工会，市总机关各部室、各直管单位',
    campaign: ids.campaign,
    _status: 'published',
  })
  ids.subProject = await create('sub-projects', {
    campaign: ids.campaign,
    name: subProjectName,
    kind: 'micro-film',
    quota: { mode: 'minimum', count: 2 },
    voting: { enabled: true, publicShare: 30 },
    _status: 'published',
  })
  const user = (email: string, role: string, organizer: number, name: string) =>
    create('users', { email, password, role, organizer, name })
  ids.organizerUser = await user(
    'organizer@sh.test',
    'organizer',
    ids.shanghai,
    '上海市总工会宣教部',
  )
  await user('pudong@sh.test', 'unit-editor', ids.pudong, '浦东新区编辑')
  ids.judgeA = await user('judge-a@sh.test', 'judge', ids.shanghai, '评委甲')
  ids.judgeB = await user('judge-b@sh.test', 'judge', ids.shanghai, '评委乙')
  await user('organizer@sx.test', 'organizer', ids.shanxi, '山西省活动组织者')

  let n = 0
  const work = async (unit: number, status: string) =>
    create('entries', {
      title: `作品${++n}：最美劳动者`,
      subProject: ids.subProject,
      submittingUnit: unit,
      status,
      authors: [{ name: `劳动者${n}` }, { name: `摄像${n}` }],
    })
  for (const [name, spec] of Object.entries(finalRound)) {
    works[name] = await work(ids[spec.unit]!, spec.status)
  }
  // Out in 初评, screened out at its district, never submitted: received, received, not received.
  works.W9 = await work(ids.pudong, 'in-review')
  works.W10 = await work(ids.jiaoyu, 'screened-out')
  works.W11 = await work(ids.jiaoyu, 'draft')

  const round = (name: string, order: number, status: string) =>
    create('judging-rounds', {
      subProject: ids.subProject,
      name,
      order,
      status,
      judgesPerWork: 2,
      panel: [ids.judgeA, ids.judgeB],
      criteria: rubric,
    })
  ids.firstRound = await round('初评', 1, 'closed')
  ids.finalRound = await round('复评', 2, 'open')
  // Sheets as the assignment makes them (its context), already scored and submitted.
  const sheet = async (round: number, entry: number, judge: number, sum: number) =>
    (
      await payload.create({
        collection: 'score-sheets',
        data: {
          round,
          entry,
          judge,
          status: 'submitted',
          scores: scoresFor(sum),
          submittedAt: '2017-10-20T02:00:00.000Z',
        },
        context: { [judgingWrite]: 'assign' },
      })
    ).id
  await sheet(ids.firstRound, works.W9!, ids.judgeA, 20)
  await sheet(ids.firstRound, works.W1!, ids.judgeA, 32)
  for (const [name, spec] of Object.entries(finalRound)) {
    await sheet(ids.finalRound, works[name]!, ids.judgeA, spec.sums[0])
    await sheet(ids.finalRound, works[name]!, ids.judgeB, spec.sums[1])
  }
  let voter = 0
  const vote = (entry: number, valid: boolean) =>
    create('votes', {
      entry,
      subProject: ids.subProject,
      campaign: ids.campaign,
      day: '2017-09-20',
      voter: `voter-${++voter}`,
      valid,
      ...(valid
        ? {}
        : { flags: ['address-burst'], invalidation: { reason: '同一地址段短时大量投票' } }),
    })
  for (const [name, spec] of Object.entries(finalRound)) {
    for (let i = 0; i < spec.votes; i++) {
      await vote(works[name]!, true)
    }
  }
  // A burst on W7, invalidated: counted raw, never valid.
  for (let i = 0; i < 5; i++) {
    await vote(works.W7!, false)
  }

  as.admin = await apiClient(server.url)
  as.organizer = await apiClient(server.url, { email: 'organizer@sh.test', password })
  as.unitEditor = await apiClient(server.url, { email: 'pudong@sh.test', password })
  as.judge = await apiClient(server.url, { email: 'judge-a@sh.test', password })
  as.shanxiOrganizer = await apiClient(server.url, { email: 'organizer@sx.test', password })
  as.anonymous = await apiClient(server.url, null)
  const login = await fetch(`${server.url}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'organizer@sh.test', password }),
  })
  token = ((await login.json()) as { token: string }).token
}, 300_000)

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
})

const entry = (id: number) =>
  booted.payload.findByID({ collection: 'entries', id, depth: 0, overrideAccess: true })

const list = (id: number) =>
  booted.payload.findByID({ collection: 'award-lists', id, depth: 0, overrideAccess: true })

const rowOf = async (listId: number, work: Work) =>
  (await list(listId)).ranking!.find((row) => row.entry === works[work])!

const auditOf = async (listId: number) =>
  (
    await booted.payload.find({
      collection: 'audit-log',
      where: {
        and: [
          { targetCollection: { equals: 'award-lists' } },
          { targetId: { equals: String(listId) } },
        ],
      },
      sort: 'createdAt',
      limit: 0,
      pagination: false,
      overrideAccess: true,
    })
  ).docs

const download = async (path: string) => {
  const res = await fetch(`${server.url}${path}`, { headers: { Authorization: `JWT ${token}` } })
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load((await res.arrayBuffer()) as never)
  return { res, workbook }
}

const rowsOf = (sheet: ExcelJS.Worksheet | undefined) => {
  const rows: unknown[][] = []
  sheet?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
  return rows
}

describe('the prize list of a sub-project', () => {
  it('is created by the campaign’s organizer with tiers as shares of the works received', async () => {
    const res = await as.organizer.post('/api/award-lists', {
      campaign: ids.campaign,
      kind: 'works',
      subProject: ids.subProject,
      tiers: [
        { tier: 'first', share: 10 },
        { tier: 'second', share: 20 },
        { tier: 'third', share: 30 },
      ],
      // The system's fields: a person cannot set them.
      status: 'frozen',
      ranking: [{ entry: works.W8, tier: 'first' }],
    })
    expect(res.status).toBe(201)
    ids.list = res.body.doc.id
    expect(res.body.doc).toMatchObject({
      title: `${subProjectName} 评奖结果`,
      status: 'draft',
      ranking: [],
    })
  })

  it('cannot be frozen before it is proposed', async () => {
    const res = await as.organizer.post(`/api/award-lists/${ids.list}/freeze`, {})
    expect(res.status).toBe(409)
    expect(res.body.errors[0].message).toMatch(/尚未生成建议名单.* \/ .*not been proposed/)
  })

  it('is proposed from 复评 and the vote merged 70/30, tied works sharing a rank', async () => {
    const res = await as.organizer.post(`/api/award-lists/${ids.list}/propose`, {})
    expect(res.status).toBe(200)
    expect(res.body.juryRound).toMatchObject({ id: ids.finalRound, status: 'open' })
    expect(res.body.publicShare).toBe(30)
    const byWork = Object.fromEntries(
      Object.keys(finalRound).map((name) => [
        name,
        res.body.works.find((w: { entry: number }) => w.entry === works[name]),
      ]),
    )
    expect(
      Object.keys(finalRound).map((name) => [
        name,
        byWork[name].juryScore,
        byWork[name].votes,
        byWork[name].finalScore,
        byWork[name].rank,
        byWork[name].tied,
      ]),
    ).toEqual([
      ['W1', 85, 8, 71.5, 3, true],
      ['W2', 80, 20, 86, 1, false],
      ['W3', 85, 10, 74.5, 2, false],
      ['W4', 70, 15, 71.5, 3, true],
      ['W5', 75, 10, 67.5, 5, false],
      ['W6', 90, 0, 63, 6, false],
      ['W7', 60, 10, 57, 7, false],
      ['W8', 65, 5, 53, 8, false],
    ])
    // W9, out in 初评, is not in the final round's ranking.
    expect(res.body.works.map((w: { entry: number }) => w.entry)).not.toContain(works.W9)
  })

  it('sets the places from the works received, the tie at 二等奖’s last place taking it for both', async () => {
    const res = await as.organizer.post(`/api/award-lists/${ids.list}/propose`, {})
    // W1–W10 were submitted; W11 is a draft.
    expect(res.body.received).toBe(10)
    expect(res.body.tiers).toEqual([
      { tier: 'first', label: '一等奖', places: 1, given: 1, isOver: false },
      { tier: 'second', label: '二等奖', places: 2, given: 3, isOver: true },
      { tier: 'third', label: '三等奖', places: 3, given: 3, isOver: false },
    ])
    const stored = await list(ids.list!)
    const tiers = Object.fromEntries(
      Object.keys(finalRound).map((name) => [
        name,
        stored.ranking!.find((row) => row.entry === works[name])!.proposedTier ?? null,
      ]),
    )
    expect(tiers).toEqual({
      W1: 'second',
      W2: 'first',
      W3: 'second',
      W4: 'second',
      W5: 'third',
      W6: 'third',
      W7: 'third',
      W8: null,
    })
    expect(stored.juryRound).toBe(ids.finalRound)
  })

  it('refuses an adjustment without a reason, naming the rows, and writes nothing', async () => {
    const before = await list(ids.list!)
    const row = (work: Work) => before.ranking!.find((each) => each.entry === works[work])!
    const res = await as.organizer.patch(`/api/award-lists/${ids.list}`, {
      ranking: [
        { id: row('W8').id, tier: 'third' },
        { id: row('W7').id, tier: null, reason: '  ' },
      ],
    })
    expect(res.status).toBe(400)
    const message: string = res.body.errors[0].message
    expect(message.split('；')).toEqual([
      '调整原因（第 7 行）：《作品7：最美劳动者》由三等奖改为—，调整奖项须写明原因 / row 7: a tier changed from the proposal needs a reason',
      '调整原因（第 8 行）：《作品8：最美劳动者》由—改为三等奖，调整奖项须写明原因 / row 8: a tier changed from the proposal needs a reason',
    ])
    expect(res.body.errors[0].data.errors.map((each: { path: string }) => each.path)).toEqual([
      'ranking.6.reason',
      'ranking.7.reason',
    ])
    expect((await rowOf(ids.list!, 'W8')).tier ?? null).toBeNull()
    expect((await rowOf(ids.list!, 'W7')).tier).toBe('third')
  })

  it('accepts it with a reason, keeps the proposal’s figures, and records it in the audit log', async () => {
    const before = await list(ids.list!)
    const row = (work: Work) => before.ranking!.find((each) => each.entry === works[work])!
    const res = await as.organizer.patch(`/api/award-lists/${ids.list}`, {
      ranking: [
        // The proposal's own figures cannot be rewritten to dodge the reason.
        {
          id: row('W8').id,
          tier: 'third',
          proposedTier: 'third',
          finalScore: 99,
          reason: '网络传播力突出，评审委员会复议',
        },
        { entry: works.W7, tier: null, reason: '经核查，作品与往届获奖作品雷同' },
      ],
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(await rowOf(ids.list!, 'W8')).toMatchObject({
      tier: 'third',
      proposedTier: null,
      finalScore: 53,
      reason: '网络传播力突出，评审委员会复议',
    })
    expect((await rowOf(ids.list!, 'W7')).tier ?? null).toBeNull()
    expect((await list(ids.list!)).ranking).toHaveLength(8)
    const adjustments = (await auditOf(ids.list!)).filter(
      (each) => (each.details as { operation?: string })?.operation === 'adjust',
    )
    expect(adjustments.map((each) => [each.action, each.actorLabel, each.details])).toEqual(
      expect.arrayContaining([
        [
          'field-change',
          'organizer@sh.test',
          expect.objectContaining({
            entry: works.W8,
            from: null,
            to: 'third',
            proposed: null,
            reason: '网络传播力突出，评审委员会复议',
          }),
        ],
        [
          'field-change',
          'organizer@sh.test',
          expect.objectContaining({
            entry: works.W7,
            from: 'third',
            to: null,
            reason: '经核查，作品与往届获奖作品雷同',
          }),
        ],
      ]),
    )
    expect(adjustments).toHaveLength(2)
    expect(adjustments[0]!.summary).toMatch(/奖项由.*改为.*原因：.* \/ award-lists #\d+: work #\d+/)
  })

  it('refuses a work the proposal does not list', async () => {
    const res = await as.organizer.patch(`/api/award-lists/${ids.list}`, {
      ranking: [{ entry: works.W9, tier: 'third', reason: '补报' }],
    })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toBe(
      '作品（第 1 行）：不在建议名单中，要改变名单请重新生成建议名单 / row 1 is not in the proposal: propose the list again to change who is on it',
    )
  })

  it('cannot be frozen while the jury round is open', async () => {
    const res = await as.organizer.post(`/api/award-lists/${ids.list}/freeze`, {})
    expect(res.status).toBe(409)
    expect(res.body.errors[0].message).toContain('评审轮次“')
    expect(res.body.errors[0].message).toMatch(/尚未结束.* \/ the jury round .* is not closed/)
    expect((await list(ids.list!)).status).toBe('draft')
  })

  it('is frozen once the round is closed: the works carry their prizes, the freeze is audited', async () => {
    const closed = await as.organizer.patch(`/api/judging-rounds/${ids.finalRound}`, {
      status: 'closed',
    })
    expect(closed.status).toBe(200)
    const res = await as.organizer.post(`/api/award-lists/${ids.list}/freeze`, {})
    expect(res.status).toBe(200)
    expect(res.body.works).toEqual({ awarded: 7, notAwarded: 1 })
    const stored = await list(ids.list!)
    expect(stored).toMatchObject({ status: 'frozen', frozenBy: ids.organizerUser })
    expect(stored.frozenAt).toBeTruthy()
    const prizes = Object.fromEntries(
      await Promise.all(
        ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7', 'W8', 'W9'].map(async (name) => {
          const doc = await entry(works[name]!)
          return [name, [doc.awardTier ?? null, doc.status]]
        }),
      ),
    )
    expect(prizes).toEqual({
      W1: ['second', 'awarded'],
      // Public works stay public, with their prize.
      W2: ['first', 'published'],
      W3: ['second', 'published'],
      W4: ['second', 'published'],
      W5: ['third', 'awarded'],
      W6: ['third', 'awarded'],
      W7: [null, 'not-awarded'],
      W8: ['third', 'awarded'],
      // Not ranked in the final round: untouched.
      W9: [null, 'in-review'],
    })
    const frozen = (await auditOf(ids.list!)).filter(
      (each) => (each.details as { field?: string }).field === 'status',
    )
    expect(frozen.at(-1)).toMatchObject({
      action: 'field-change',
      actorLabel: 'organizer@sh.test',
      details: { from: 'draft', to: 'frozen' },
    })
  })

  it('drafts the results notice (通报) in the campaign’s style with the prize table', async () => {
    const stored = await list(ids.list!)
    ids.notice = stored.notice as number
    const res = await as.organizer.get(`/api/notices/${ids.notice}?draft=true&depth=0`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      _status: 'draft',
      title: `关于${campaignName}评选结果的通报`,
      campaign: ids.campaign,
      issuers: [ids.shanghai, ids.shanghaiCac],
      recipients: '各区局（产业）工会，市总机关各部室、各直管单位',
    })
    expect(res.body.attachments).toHaveLength(1)
    expect(res.body.attachments[0].title).toBe(`附件1 ${subProjectName}获奖作品名单`)
    expect(res.body.attachments[0].table.split('\n')).toEqual([
      '奖项\t作品名称\t作者\t报送单位',
      '一等奖\t作品2：最美劳动者\t劳动者2、摄像2\t浦东新区总工会',
      '二等奖\t作品3：最美劳动者\t劳动者3、摄像3\t浦东新区总工会',
      '二等奖\t作品1：最美劳动者\t劳动者1、摄像1\t浦东新区总工会',
      '二等奖\t作品4：最美劳动者\t劳动者4、摄像4\t黄浦区总工会',
      '三等奖\t作品5：最美劳动者\t劳动者5、摄像5\t黄浦区总工会',
      '三等奖\t作品6：最美劳动者\t劳动者6、摄像6\t黄浦区总工会',
      '三等奖\t作品8：最美劳动者\t劳动者8、摄像8\t黄浦区总工会',
    ])
    const text = JSON.stringify(res.body.body)
    expect(text).toContain(
      '根据《关于联合开展“网聚职工正能量 争做中国好网民”主题活动的实施意见》（沪工总宣〔2017〕152号）的部署',
    )
    expect(text).toContain('两者结合（专家评审占 70%，网络投票占 30%）')
    expect(text).toContain('一等奖 1 件、二等奖 3 件、三等奖 3 件')
    // A draft: the public does not read it.
    const anonymous = await as.anonymous.get(`/api/notices/${ids.notice}?draft=true`)
    expect(anonymous.status).not.toBe(200)
  })

  it('serves every score sheet, the votes and the ranking as a workbook', async () => {
    const { res, workbook } = await download(`/api/award-lists/${ids.list}/scores.xlsx`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain('attachment')
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '评分-初评',
      '评分-复评',
      '网络投票',
      '排名与获奖',
    ])
    const first = rowsOf(workbook.getWorksheet('评分-初评'))
    expect(first[0]).toEqual([
      '作品编号',
      '作品名称',
      '评委',
      '状态',
      '思想性（满分 10）',
      '艺术性（满分 10）',
      '技术性（满分 10）',
      '传播力（满分 10）',
      '加权总分',
      '提交时间',
    ])
    expect(first).toHaveLength(3)
    const final = rowsOf(workbook.getWorksheet('评分-复评'))
    expect(final).toHaveLength(17)
    const w1ByB = final.find((row) => row[0] === works.W1 && row[2] === '评委乙')!
    expect(w1ByB.slice(0, 9)).toEqual([
      works.W1,
      '作品1：最美劳动者',
      '评委乙',
      '已提交',
      9,
      8,
      8,
      8,
      82.5,
    ])
    expect((w1ByB[9] as Date).toISOString()).toBe('2017-10-20T02:00:00.000Z')
    const votes = rowsOf(workbook.getWorksheet('网络投票'))
    expect(votes[0]).toEqual([
      '作品编号',
      '作品名称',
      '总票数',
      '有效票数',
      '作废票数',
      '同一地址段短时大量投票',
      '一分钟内大量验证码投同一作品',
      '相同浏览器标识集中投票',
    ])
    expect(votes.find((row) => row[0] === works.W7)).toEqual([
      works.W7,
      '作品7：最美劳动者',
      15,
      10,
      5,
      5,
      0,
      0,
    ])
    // Every work of the sub-project, the draft included.
    expect(votes).toHaveLength(12)
    const ranking = rowsOf(workbook.getWorksheet('排名与获奖'))
    expect(ranking[0]).toEqual([
      '名次',
      '作品编号',
      '作品名称',
      '作者',
      '报送单位',
      '专家评分',
      '有效票数',
      '综合得分',
      '建议奖项',
      '奖项',
      '调整原因',
    ])
    expect(ranking.find((row) => row[1] === works.W8)).toEqual([
      8,
      works.W8,
      '作品8：最美劳动者',
      '劳动者8、摄像8',
      '黄浦区总工会',
      65,
      5,
      53,
      '',
      '三等奖',
      '网络传播力突出，评审委员会复议',
    ])
  })

  it.each([
    ['the organizer', () => as.organizer],
    ['the national office', () => as.admin],
  ])('once frozen, %s can no longer change, propose, refreeze or delete it', async (_, api) => {
    const patch = await api().patch(`/api/award-lists/${ids.list}`, {
      ranking: [{ entry: works.W8, tier: 'first', reason: '再议' }],
    })
    expect(patch.status).toBe(409)
    expect(patch.body.errors[0].message).toMatch(/已确定，任何人都不能再修改 \/ .* is frozen/)
    const tiers = await api().patch(`/api/award-lists/${ids.list}`, { publicShare: 0 })
    expect(tiers.status).toBe(409)
    expect((await api().post(`/api/award-lists/${ids.list}/propose`, {})).status).toBe(409)
    expect((await api().post(`/api/award-lists/${ids.list}/freeze`, {})).status).toBe(409)
    expect((await api().delete(`/api/award-lists/${ids.list}`)).status).toBe(409)
    expect(await rowOf(ids.list!, 'W8')).toMatchObject({ tier: 'third', finalScore: 53 })
    expect((await list(ids.list!)).publicShare ?? null).toBeNull()
  })
})

describe('the 优秀组织单位 list', () => {
  it('proposes the units that reported and met every quota, subtrees rolled up', async () => {
    const created = await as.organizer.post('/api/award-lists', {
      campaign: ids.campaign,
      kind: 'organizing-units',
    })
    expect(created.status).toBe(201)
    ids.units = created.body.doc.id
    expect(created.body.doc.title).toBe('优秀组织单位')
    const res = await as.organizer.post(`/api/award-lists/${ids.units}/propose`, {})
    expect(res.status).toBe(200)
    expect(
      res.body.units.map(
        (row: {
          unit: { name: string }
          reported: number
          quotaMet: boolean
          isAwarded: boolean
        }) => [row.unit.name, row.reported, row.quotaMet, row.isAwarded],
      ),
    ).toEqual([
      ['浦东新区总工会', 4, true, true],
      // W1–W8 after the freeze (awarded, not awarded, published) and W9 in review all count.
      ['黄浦区总工会', 4, true, true],
      // One work reported against at least two; the screened-out and the draft do not count.
      ['上海市教育工会', 1, false, false],
    ])
  })

  it('awards a unit against the proposal only with a reason, audited', async () => {
    const refused = await as.organizer.patch(`/api/award-lists/${ids.units}`, {
      units: [{ unit: ids.jiaoyu, isAwarded: true }],
    })
    expect(refused.status).toBe(400)
    expect(refused.body.errors[0].message).toBe(
      '调整原因（第 3 行）：“上海市教育工会”未达建议条件而授予，须写明原因 / row 3: awarded against the proposal, a reason is required',
    )
    const res = await as.organizer.patch(`/api/award-lists/${ids.units}`, {
      units: [
        { unit: ids.jiaoyu, isAwarded: true, reason: '组织全市教育系统职工广泛参与网络投票' },
      ],
    })
    expect(res.status).toBe(200)
    const audit = (await auditOf(ids.units!)).filter(
      (each) => (each.details as { operation?: string }).operation === 'adjust',
    )
    expect(audit.map((each) => each.details)).toEqual([
      expect.objectContaining({
        unit: ids.jiaoyu,
        from: false,
        to: true,
        reason: '组织全市教育系统职工广泛参与网络投票',
      }),
    ])
  })

  it('freezes into the same 通报, which gains the 优秀组织单位 list', async () => {
    const res = await as.organizer.post(`/api/award-lists/${ids.units}/freeze`, {})
    expect(res.status).toBe(200)
    expect(res.body.notice.id).toBe(ids.notice)
    const notice = await as.organizer.get(`/api/notices/${ids.notice}?draft=true&depth=0`)
    expect(notice.body.attachments.map((row: { title: string }) => row.title)).toEqual([
      `附件1 ${subProjectName}获奖作品名单`,
      '附件2 优秀组织单位名单',
    ])
    expect(notice.body.attachments[1].table.split('\n')).toEqual([
      '序号\t单位名称',
      '1\t浦东新区总工会',
      '2\t黄浦区总工会',
      '3\t上海市教育工会',
    ])
    expect(JSON.stringify(notice.body.body)).toContain('优秀组织单位 3 个')
    const { docs } = await booted.payload.find({
      collection: 'notices',
      where: { campaign: { equals: ids.campaign } },
      draft: true,
      overrideAccess: true,
    })
    expect(docs).toHaveLength(2)
  })
})

describe('who may act on award lists', () => {
  it.each([
    ['a unit editor', () => as.unitEditor],
    ['a judge', () => as.judge],
    ['another province’s organizer', () => as.shanxiOrganizer],
    ['the anonymous', () => as.anonymous],
  ])('refuses %s: no proposing, freezing, workbook or reading', async (_, api) => {
    for (const [method, path] of [
      ['post', `/api/award-lists/${ids.list}/propose`],
      ['post', `/api/award-lists/${ids.units}/freeze`],
      ['get', `/api/award-lists/${ids.list}/scores.xlsx`],
    ] as const) {
      const res = method === 'post' ? await api().post(path, {}) : await api().get(path)
      expect(res.status, path).toBe(403)
      expect(res.body.errors[0].message).toMatch(/只有本活动主办单位的活动组织者和全国办公室可以/)
    }
    const found = await api().get('/api/award-lists')
    expect(found.body?.docs ?? []).toEqual([])
    expect((await api().get(`/api/award-lists/${ids.list}`)).status).toBeGreaterThanOrEqual(403)
    const created = await api().post('/api/award-lists', {
      campaign: ids.campaign,
      kind: 'organizing-units',
    })
    expect(created.status).toBe(403)
  })
})
