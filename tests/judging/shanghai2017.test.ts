/**
 * Shanghai 2017's judgement end to end over HTTP (沪工总宣〔2017〕152号, 四(三)): 上海市总工会 and
 * 上海市网信办 open the districts' works "在全市范围内开放网友投票，邀请有关专家组成评审委员会评审，
 * 两者结合最终评出…一、二、三等奖". Every step is taken by the user who takes it in life: the national
 * office sets the city up; the city's organizer opens the campaign and its “最In网言网语” call
 * (slogans of at most 30 characters: text works, no media pipeline); five district unions' editors
 * submit, screen and report their slogans in report batches; the expert committee scores 初评
 * (blind, two judges a work, conflicts excluded) and 复评 (the top eight) as themselves; netizens
 * vote with codes read from a real SMTP server, and a burst from one address block is invalidated;
 * the prize tiers are set from the works received, proposed 70/30, adjusted, frozen, and the 通报
 * draft and the scores workbook read back. Expected figures are worked out here from the scores
 * and votes this file gives, not copied from the app's answers.
 */
import type { ParsedMail } from 'mailparser'

import { addDays } from 'date-fns'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../helpers/api'
import type { Booted } from '../helpers/payload'
import type { Mailbox } from '../helpers/smtp'

import { deadlineDay } from '../../plugins/shared/deadline'
import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { bootPayload, testAdmin } from '../helpers/payload'
import { startMailbox } from '../helpers/smtp'
import { waitUntil } from '../helpers/wait'

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
let mailbox: Mailbox
let admin: Api
let city: Api
const password = 'shanghai-2017-password-1'
const ids: Record<string, number> = {}

const campaignName = '2017年上海市“网聚职工正能量 争做中国好网民”主题活动'
const callName = '“最In网言网语”征集'
const noticeTitle = '关于联合开展“网聚职工正能量 争做中国好网民”主题活动的实施意见'

/** A calendar day in Beijing, `offset` days from today, as the admin's day picker stores it. */
const beijingDay = (offset: number) => `${deadlineDay(addDays(new Date(), offset))}T12:00:00.000Z`

const districts = [
  '黄浦区总工会',
  '徐汇区总工会',
  '静安区总工会',
  '浦东新区总工会',
  '杨浦区总工会',
] as const
type District = (typeof districts)[number]
const editors = {} as Record<District, Api>

/**
 * The slogans each district reports, with what the committee and the public make of them:
 * `first` and `second` the quality each round's judges see (every criterion near it), `votes`
 * the honest netizens' votes. 刘晓峰, an author of 静安's first, sits on the committee.
 */
// prettier-ignore
const reportedWorks = [
  { key: 'H1', district: '黄浦区总工会', title: '网上千万家，文明靠大家', authors: ['张建华'], first: 9.5, second: 9, votes: 2 },
  { key: 'H2', district: '黄浦区总工会', title: '指尖传递正能量，键盘敲出好声音', authors: ['李娟'], first: 7, second: 7.75, votes: 1 },
  { key: 'X1', district: '徐汇区总工会', title: '清朗网络你我共建，文明上网从我做起', authors: ['李明'], first: 8.5, second: 8.5, votes: 6 },
  { key: 'X2', district: '徐汇区总工会', title: '做中国好网民，当上海好职工', authors: ['陈慧'], first: 5.5, second: 0, votes: 0 },
  { key: 'J1', district: '静安区总工会', title: '网络不是法外之地，文明才是通行证', authors: ['刘晓峰', '王芳'], first: 9, second: 8.75, votes: 3 },
  { key: 'J2', district: '静安区总工会', title: '一根网线连万家，一份责任担在肩', authors: ['郑丽'], first: 6.5, second: 7.25, votes: 4 },
  { key: 'P1', district: '浦东新区总工会', title: '工匠精神网上传，劳动光荣处处赞', authors: ['赵磊'], first: 8, second: 8.25, votes: 1 },
  { key: 'P2', district: '浦东新区总工会', title: '守护网络安全，争当中国好网民', authors: ['钱勇'], first: 6, second: 7, votes: 0 },
  { key: 'Y1', district: '杨浦区总工会', title: '百年工业看杨浦，网上文明争一流', authors: ['孙伟'], first: 7.5, second: 8, votes: 5 },
  { key: 'Y2', district: '杨浦区总工会', title: '网言有度，网行有规', authors: ['周杰'], first: 5, second: 0, votes: 0 },
] as const
type WorkKey = (typeof reportedWorks)[number]['key']
const works = {} as Record<WorkKey, number>
const workOf = (id: number) => reportedWorks.find((work) => works[work.key] === id)!
/** Screened out at their district (still received), and one 静安 left as a draft (not received). */
// prettier-ignore
const otherWorks = [
  { district: '黄浦区总工会', title: '转发之前多想想', status: 'screened-out' },
  { district: '徐汇区总工会', title: '上网有规矩，言行有分寸', status: 'screened-out' },
  { district: '浦东新区总工会', title: '网络安全靠大家', status: 'screened-out' },
  { district: '杨浦区总工会', title: '文明上网，从我做起', status: 'screened-out' },
  { district: '静安区总工会', title: '争做好网民', status: 'draft' },
] as const
/** The burst's target: it has one honest vote of its own. */
const burstTarget: WorkKey = 'H2'
const burstSize = 22

/** The expert committee (评审委员会): 陈建国 is 浦东新区总工会's, 刘晓峰 wrote J1. */
const judgeSpecs = [
  { key: 'zhou', name: '周海燕', unit: '上海市总工会', leniency: 0 },
  { key: 'sun', name: '孙立群', unit: '上海市总工会', leniency: -0.25 },
  { key: 'chen', name: '陈建国', unit: '浦东新区总工会', leniency: 0.25 },
  { key: 'liu', name: '刘晓峰', unit: '上海市总工会', leniency: 0 },
  { key: 'wu', name: '吴敏', unit: '上海市总工会', leniency: 0 },
] as const
type JudgeKey = (typeof judgeSpecs)[number]['key']
const judges = {} as Record<JudgeKey, { id: number; api: Api }>
const judgeOf = (id: number) => judgeSpecs.find((spec) => judges[spec.key].id === id)!

const rubric = [
  { name: '思想性', weight: 3, maxScore: 10 },
  { name: '艺术性', weight: 3, maxScore: 10 },
  { name: '技术性', weight: 2, maxScore: 10 },
  { name: '传播力', weight: 2, maxScore: 10 },
]
/** A judge's sheet on a work of `quality`: each criterion a little off it, within 0–10. */
const scoresFor = (quality: number, leniency: number) =>
  rubric.map(({ name }, index) => ({
    criterion: name,
    score: Math.min(10, Math.max(0, quality + leniency + [0.5, 0, -0.5, 0][index]!)),
  }))
const round2 = (value: number) => Math.round(Number((value * 100).toPrecision(15))) / 100
/** The weighted total out of 100, as the notice's committee would add it up. */
const totalOf = (scores: { criterion: string; score: number }[]) =>
  round2(
    (rubric.reduce(
      (sum, { name, weight }) => sum + weight * scores.find((s) => s.criterion === name)!.score,
      0,
    ) /
      rubric.reduce((sum, { weight, maxScore }) => sum + weight * maxScore, 0)) *
      100,
  )
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length

/** 初评's order, as worked out from its sheets; 复评's jury scores, likewise. */
const firstOrder: WorkKey[] = []
const jury: Partial<Record<WorkKey, number>> = {}

type Sheet = { id: number; entry: number; judge: number; status: string; total?: number | null }

/** A round's sheets as the organizer reads them over REST. */
const sheetsOf = async (round: number): Promise<Sheet[]> => {
  const { status, body } = await city.get(
    `/api/score-sheets?where[round][equals]=${round}&limit=0&depth=0&sort=id`,
  )
  expect(status).toBe(200)
  return body.docs.map((sheet: Sheet) => ({
    ...sheet,
    entry: Number(sheet.entry),
    judge: Number(sheet.judge),
  }))
}

/** An anonymous request from `ip` (the app trusts X-Forwarded-For from loopback, one proxy). */
const fromNetizen = async ({
  path,
  body,
  ip,
  agent,
  method = 'POST',
}: {
  path: string
  body?: unknown
  ip: string
  agent: string
  method?: string
}) => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, 'user-agent': agent },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

/** Asks for a code for `email` from `ip` and reads it from the mail the SMTP server received. */
const mailedCode = async (email: string, entry: number, ip: string, agent: string) => {
  const asked = await fromNetizen({ path: '/api/votes/code', body: { email, entry }, ip, agent })
  expect(asked.status, JSON.stringify(asked.body)).toBe(202)
  const mail: ParsedMail = await mailbox.waitFor(
    (each) => (each.to as { text: string }).text === email,
    20_000,
  )
  return /\b(\d{6})\b/.exec(mail.subject ?? '')![1]!
}

const sheetRows = (sheet: ExcelJS.Worksheet | undefined) => {
  const rows: unknown[][] = []
  sheet?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
  return rows
}

beforeAll(async () => {
  mailbox = await startMailbox()
  booted = await bootPayload({ name: 'judging_shanghai2017', env: mailbox.env })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  admin = await apiClient(server.url, testAdmin)
  const post = async (api: Api, path: string, data: Record<string, unknown>) => {
    const { status, body } = await api.post(path, data)
    expect(status, `${path} ${JSON.stringify(body)}`).toBe(201)
    return Number(body.doc.id)
  }
  // The national office sets up the two issuers of the 实施意见 and the city's organizer (陆焯,
  // the notice's contact at 上海市总工会); the city does the rest.
  ids.shanghai = await post(admin, '/api/organizers', {
    name: '上海市总工会',
    kind: 'federation',
    level: 'provincial',
  })
  ids.cac = await post(admin, '/api/organizers', {
    name: '上海市互联网信息办公室',
    kind: 'cac',
    level: 'provincial',
  })
  ids.organizer = await post(admin, '/api/users', {
    email: 'luzhuo@shzgh.test',
    password,
    role: 'organizer',
    organizer: ids.shanghai,
    name: '陆焯',
  })
  city = await apiClient(server.url, { email: 'luzhuo@shzgh.test', password })
}, 300_000)

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
  await mailbox?.close()
})

describe('Shanghai 2017: the districts’ slogans, judged, voted on and awarded', () => {
  it('opens the campaign: districts and their editors, the committee, the 实施意见 and the call with its public vote', async () => {
    const post = async (path: string, data: Record<string, unknown>) => {
      const { status, body } = await city.post(path, data)
      expect(status, `${path} ${JSON.stringify(body)}`).toBe(201)
      return Number(body.doc.id)
    }
    for (const [index, name] of districts.entries()) {
      ids[name] = await post('/api/organizers', {
        name,
        kind: 'federation',
        level: 'county',
        parent: ids.shanghai,
      })
      await post('/api/users', {
        email: `editor${index}@districts.test`,
        password,
        role: 'unit-editor',
        organizer: ids[name],
        name: `${name}宣传干部`,
      })
      editors[name] = await apiClient(server.url, {
        email: `editor${index}@districts.test`,
        password,
      })
    }
    for (const spec of judgeSpecs) {
      const id = await post('/api/users', {
        email: `${spec.key}@judges.test`,
        password,
        role: 'judge',
        organizer: spec.unit === '上海市总工会' ? ids.shanghai : ids[spec.unit],
        name: spec.name,
      })
      judges[spec.key] = {
        id,
        api: await apiClient(server.url, { email: `${spec.key}@judges.test`, password }),
      }
    }
    ids.campaign = await post('/api/campaigns', {
      name: campaignName,
      year: 2017,
      status: 'active',
      participants: districts.map((name) => ids[name]),
    })
    // Joint hosts are the national office's to add.
    const joint = await admin.patch(`/api/campaigns/${ids.campaign}`, {
      hosts: [ids.shanghai, ids.cac],
    })
    expect(joint.status, JSON.stringify(joint.body)).toBe(200)
    ids.notice = await post('/api/notices', {
      title: noticeTitle,
      documentNumber: '沪工总宣〔2017〕152号',
      issuers: [ids.shanghai, ids.cac],
      issueDate: '2017-04-28T12:00:00.000Z',
      recipients: '各区局（产业）工会，市总机关各部室、各直管单位',
      campaign: ids.campaign,
      _status: 'published',
    })
    ids.call = await post('/api/sub-projects', {
      campaign: ids.campaign,
      name: callName,
      kind: 'slogan',
      // 四(二): 网言网语：30字以内.
      spec: { maxTextLength: 30 },
      quota: { mode: 'minimum', count: 2 },
      voting: {
        enabled: true,
        opensAt: beijingDay(-1),
        closesAt: beijingDay(3),
        publicShare: 30,
      },
      _status: 'published',
    })
  }, 180_000)

  it('takes each district’s slogans, screened there and reported to the city in a report batch', async () => {
    let n = 0
    for (const district of districts) {
      const editor = editors[district]
      const submit = async (title: string, authors: readonly string[], status: string) => {
        const { status: code, body } = await editor.post('/api/entries', {
          title,
          text: title,
          subProject: ids.call,
          status,
          authors: authors.map((name) => ({
            name,
            unit: `${district.replace('总工会', '')}某单位`,
          })),
        })
        expect(code, JSON.stringify(body)).toBe(201)
        return Number(body.doc.id)
      }
      const own = reportedWorks.filter((work) => work.district === district)
      for (const work of own) {
        works[work.key] = await submit(work.title, work.authors, 'submitted')
        const screened = await editor.patch(`/api/entries/${works[work.key]}`, {
          status: 'screened-in',
        })
        expect(screened.status).toBe(200)
      }
      for (const other of otherWorks.filter((work) => work.district === district)) {
        const id = await submit(
          other.title,
          [`职工${++n}`],
          other.status === 'draft' ? 'draft' : 'submitted',
        )
        if (other.status === 'screened-out') {
          expect(
            (await editor.patch(`/api/entries/${id}`, { status: 'screened-out' })).status,
          ).toBe(200)
        }
      }
      const batch = await editor.post('/api/report-batches', {
        campaign: ids.campaign,
        subProject: ids.call,
        entries: own.map((work) => works[work.key]),
        activityReport: { text: `${district}开展“网聚职工正能量 争做中国好网民”主题活动情况。` },
        status: 'submitted',
      })
      expect(batch.status, JSON.stringify(batch.body)).toBe(201)
      expect(batch.body.doc).toMatchObject({
        status: 'submitted',
        toUnit: { id: ids.shanghai },
      })
    }
    // A slogan over the notice's 30 characters is refused by the call's spec.
    const tooLong = await editors['黄浦区总工会'].post('/api/entries', {
      title: '超长',
      text: '网'.repeat(31),
      subProject: ids.call,
      status: 'submitted',
    })
    expect(tooLong.status).toBe(400)
    expect(tooLong.body.errors[0].message).toMatch(/30/)

    for (const work of reportedWorks) {
      const { body } = await city.get(`/api/entries/${works[work.key]}?depth=0`)
      expect(body.status, work.key).toBe('reported')
      expect(body.reportPath, work.key).toEqual([
        expect.objectContaining({ from: ids[work.district], to: ids.shanghai }),
      ])
    }
  }, 180_000)

  describe('初评: blind, two judges a work, conflicts excluded', () => {
    it('is assigned by the organizer: every reported work two judges, balanced, none on its own unit’s or its own work', async () => {
      const created = await city.post('/api/judging-rounds', {
        subProject: ids.call,
        name: '初评',
        order: 1,
        entrySource: 'reported',
        judgesPerWork: 2,
        blind: true,
        normalise: false,
        panel: judgeSpecs.map((spec) => judges[spec.key].id),
        criteria: rubric,
        opensAt: beijingDay(-1),
        closesAt: beijingDay(10),
      })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      ids.first = created.body.doc.id
      const { status, body } = await city.post(`/api/judging-rounds/${ids.first}/assign`, {})
      expect(status, JSON.stringify(body)).toBe(200)
      expect(body).toMatchObject({ works: 10, sheets: { created: 20, withdrawn: 0, total: 20 } })

      const sheets = await sheetsOf(ids.first)
      // The reported works and only them: not the screened-out, not the draft.
      expect([...new Set(sheets.map((s) => s.entry))].sort((a, b) => a - b)).toEqual(
        Object.values(works).sort((a, b) => a - b),
      )
      for (const work of reportedWorks) {
        const own = sheets.filter((s) => s.entry === works[work.key])
        expect(new Set(own.map((s) => s.judge)).size, work.key).toBe(2)
      }
      const loads = judgeSpecs.map(
        (spec) => sheets.filter((s) => s.judge === judges[spec.key].id).length,
      )
      expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1)
      expect(
        Object.fromEntries(
          body.load.map((row: { judge: { id: number }; sheets: number }) => [
            judgeOf(row.judge.id).key,
            row.sheets,
          ]),
        ),
      ).toEqual(Object.fromEntries(judgeSpecs.map((spec, index) => [spec.key, loads[index]])))
      // 回避: 浦东's judge on no 浦东 work, 刘晓峰 not on the slogan he wrote.
      const pudong = reportedWorks.filter((w) => w.district === '浦东新区总工会')
      expect(
        sheets.filter(
          (s) => s.judge === judges.chen.id && pudong.some((w) => works[w.key] === s.entry),
        ),
      ).toEqual([])
      expect(sheets.filter((s) => s.judge === judges.liu.id && s.entry === works.J1)).toEqual([])
      expect(
        (await city.patch(`/api/judging-rounds/${ids.first}`, { status: 'open' })).status,
      ).toBe(200)
    })

    it('shows a judge its works without authors or units, over REST and GraphQL', async () => {
      const names = reportedWorks.flatMap((work) => [...work.authors])
      const leaks = (value: unknown) =>
        [...names, ...districts].filter((name) => JSON.stringify(value).includes(name))
      const own = (await sheetsOf(ids.first)).filter((s) => s.judge === judges.zhou.id)
      const { status, body } = await judges.zhou.api.get(`/api/entries/${own[0]!.entry}?depth=1`)
      expect(status).toBe(200)
      expect(body.title).toBe(workOf(own[0]!.entry).title)
      for (const field of ['authors', 'submittingUnit', 'reportPath', 'source']) {
        expect(body, field).not.toHaveProperty(field)
      }
      expect(leaks(body)).toEqual([])

      const list = await judges.zhou.api.get('/api/entries?limit=0&depth=1')
      expect(list.body.docs.map((doc: { id: number }) => doc.id).sort()).toEqual(
        own.map((s) => s.entry).sort(),
      )
      expect(leaks(list.body.docs)).toEqual([])

      const { body: graph } = await judges.zhou.api.graphql(
        '{ Entries(limit: 0) { docs { id title text authors { name unit } submittingUnit { name } reportPath { from { name } } } } }',
      )
      expect(graph.errors).toBeUndefined()
      expect(graph.data.Entries.docs.map((doc: { id: number }) => doc.id).sort()).toEqual(
        own.map((s) => s.entry).sort(),
      )
      for (const doc of graph.data.Entries.docs) {
        expect(doc).toMatchObject({ authors: null, submittingUnit: null, reportPath: null })
        expect(doc.text).toBe(workOf(doc.id).title)
      }
      expect(leaks(graph)).toEqual([])
      // The organizer still reads who made it.
      const full = await city.get(`/api/entries/${works.J1}?depth=1`)
      expect(full.body.authors.map((a: { name: string }) => a.name)).toEqual(['刘晓峰', '王芳'])
      expect(full.body.submittingUnit.name).toBe('静安区总工会')
    })

    it('gives a work declared a conflict by its judge another judge on the next assignment', async () => {
      const sheet = (await sheetsOf(ids.first)).find((s) => s.judge === judges.wu.id)!
      ids.conflicted = sheet.entry
      const declared = await judges.wu.api.post(`/api/score-sheets/${sheet.id}/declare-conflict`, {
        reason: '作者是我的同事',
      })
      expect(declared.status, JSON.stringify(declared.body)).toBe(200)
      expect(declared.body.doc).toMatchObject({
        status: 'conflict',
        conflictReason: '作者是我的同事',
      })
      expect((await judges.wu.api.get(`/api/entries/${sheet.entry}`)).status).not.toBe(200)

      const { status, body } = await city.post(`/api/judging-rounds/${ids.first}/assign`, {})
      expect(status, JSON.stringify(body)).toBe(200)
      expect(body.sheets).toEqual({ created: 1, withdrawn: 0, total: 20 })
      const onWork = (await sheetsOf(ids.first)).filter((s) => s.entry === sheet.entry)
      expect(onWork).toHaveLength(3)
      const replacement = onWork.find((s) => s.status === 'assigned' && s.id > sheet.id)!
      expect(replacement.judge).not.toBe(judges.wu.id)
      expect(onWork.filter((s) => s.status !== 'conflict')).toHaveLength(2)
      const work = workOf(sheet.entry)
      expect(replacement.judge === judges.chen.id && work.district === '浦东新区总工会').toBe(false)
      expect(replacement.judge === judges.liu.id && work.key === 'J1').toBe(false)
    })

    it('is scored by each judge as itself, and ranks by the mean of the submitted sheets', async () => {
      for (const sheet of await sheetsOf(ids.first)) {
        if (sheet.status !== 'assigned') {
          continue
        }
        const judge = judgeOf(sheet.judge)
        const { status, body } = await judges[judge.key].api.post(
          `/api/score-sheets/${sheet.id}/submit`,
          {
            scores: scoresFor(workOf(sheet.entry).first, judge.leniency),
            comment: '主题鲜明，语言凝练',
          },
        )
        expect(status, JSON.stringify(body)).toBe(200)
        expect(body.doc.total).toBe(totalOf(scoresFor(workOf(sheet.entry).first, judge.leniency)))
      }
      const { status, body } = await city.get(`/api/judging-rounds/${ids.first}/results`)
      expect(status).toBe(200)
      expect(body.rankedBy).toBe('raw')
      expect(body.missing).toEqual([])
      const sheets = (await sheetsOf(ids.first)).filter((s) => s.status === 'submitted')
      const expected = reportedWorks
        .map((work) => ({
          key: work.key,
          raw: round2(
            mean(
              sheets
                .filter((s) => s.entry === works[work.key])
                .map((s) => totalOf(scoresFor(work.first, judgeOf(s.judge).leniency))),
            ),
          ),
        }))
        .sort((a, b) => b.raw - a.raw)
      expect(
        body.works.map((w: { entry: { id: number }; raw: number; rank: number; tied: boolean }) => [
          workOf(w.entry.id).key,
          w.raw,
          w.rank,
          w.tied,
        ]),
      ).toEqual(expected.map((w, index) => [w.key, w.raw, index + 1, false]))
      firstOrder.push(...expected.map((w) => w.key))
    }, 180_000)
  })

  describe('复评: the top eight of 初评', () => {
    it('closes 初评, which takes its works back from the judges', async () => {
      expect(
        (await city.patch(`/api/judging-rounds/${ids.first}`, { status: 'closed' })).status,
      ).toBe(200)
      for (const spec of judgeSpecs) {
        expect(
          (await judges[spec.key].api.get('/api/entries?limit=0')).body.docs,
          spec.key,
        ).toEqual([])
      }
    })

    it('enters 初评’s top eight, assigned three judges each free of conflicts, and is scored', async () => {
      const created = await city.post('/api/judging-rounds', {
        subProject: ids.call,
        name: '复评',
        order: 2,
        entrySource: 'previous-top',
        topN: 8,
        judgesPerWork: 3,
        blind: false,
        normalise: false,
        panel: judgeSpecs.map((spec) => judges[spec.key].id),
        criteria: rubric,
        opensAt: beijingDay(-1),
        closesAt: beijingDay(10),
      })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      ids.second = created.body.doc.id
      const assigned = await city.post(`/api/judging-rounds/${ids.second}/assign`, {})
      expect(assigned.status, JSON.stringify(assigned.body)).toBe(200)
      expect(assigned.body).toMatchObject({ works: 8, sheets: { created: 24, total: 24 } })
      expect(
        (await city.patch(`/api/judging-rounds/${ids.second}`, { status: 'open' })).status,
      ).toBe(200)
      const sheets = await sheetsOf(ids.second)
      expect([...new Set(sheets.map((s) => workOf(s.entry).key))].sort()).toEqual(
        firstOrder.slice(0, 8).sort(),
      )
      for (const sheet of sheets) {
        const work = workOf(sheet.entry)
        expect(sheet.judge === judges.chen.id && work.district === '浦东新区总工会').toBe(false)
        expect(sheet.judge === judges.liu.id && work.key === 'J1').toBe(false)
      }
      for (const sheet of sheets) {
        const judge = judgeOf(sheet.judge)
        const { status } = await judges[judge.key].api.post(
          `/api/score-sheets/${sheet.id}/submit`,
          { scores: scoresFor(workOf(sheet.entry).second, judge.leniency) },
        )
        expect(status).toBe(200)
      }
      const results = await city.get(`/api/judging-rounds/${ids.second}/results`)
      expect(results.body.missing).toEqual([])
      for (const standing of results.body.works) {
        const work = workOf(standing.entry.id)
        const own = sheets.filter((s) => s.entry === works[work.key])
        jury[work.key] = round2(
          mean(own.map((s) => totalOf(scoresFor(work.second, judgeOf(s.judge).leniency)))),
        )
        expect(standing.raw, work.key).toBe(jury[work.key])
      }
    }, 180_000)
  })

  describe('the public vote (网络投票)', () => {
    const voters = Array.from({ length: 6 }, (_, index) => ({
      email: `zhigong${index + 1}@example.com`,
      ip: `58.${30 + index}.1.${10 + index}`,
      agent: `Mozilla/5.0 (iPhone; CPU iPhone OS 17_${index} like Mac OS X) MicroMessenger/8.0.4${index}`,
    }))

    it('opens the reported works to the public once the city publishes them', async () => {
      const closed = await fromNetizen({
        path: `/api/votes/code`,
        body: { email: voters[0]!.email, entry: works.X1 },
        ip: voters[0]!.ip,
        agent: voters[0]!.agent,
      })
      // A work the public cannot read yet takes no votes (nor codes for it).
      expect(closed.status).toBe(404)
      for (const work of reportedWorks) {
        const { status, body } = await city.patch(`/api/entries/${works[work.key]}`, {
          status: 'published',
        })
        expect(status, JSON.stringify(body)).toBe(200)
      }
    })

    it('takes each netizen’s votes with a code read from the mail, then its voter token', async () => {
      // Voter i votes for every work with more than i honest votes.
      const tokens: string[] = []
      for (const [index, voter] of voters.entries()) {
        const chosen = reportedWorks.filter((work) => work.votes > index)
        let token = ''
        for (const work of chosen) {
          const body = token
            ? { token }
            : {
                email: voter.email,
                code: await mailedCode(voter.email, works[work.key], voter.ip, voter.agent),
              }
          const cast = await fromNetizen({
            path: `/api/entries/${works[work.key]}/vote`,
            body,
            ip: voter.ip,
            agent: voter.agent,
          })
          expect(cast.status, JSON.stringify(cast.body)).toBe(201)
          token ||= cast.body.token
        }
        tokens.push(token)
      }
      for (const work of reportedWorks) {
        const count = await fromNetizen({
          method: 'GET',
          path: `/api/entries/${works[work.key]}/votes`,
          ip: '58.60.1.1',
          agent: 'curl/8.5.0',
        })
        expect(count.body.votes, work.key).toBe(work.votes)
      }
      // One vote per voter, work and day.
      const again = await fromNetizen({
        path: `/api/entries/${works.X1}/vote`,
        body: { token: tokens[0] },
        ip: voters[0]!.ip,
        agent: voters[0]!.agent,
      })
      expect(again.status).toBe(409)
      expect(again.body.errors[0].message).toMatch(/^今天已为该作品投过票/)
    }, 180_000)

    it('flags a burst from one address block, which the organizer invalidates with a reason the audit log keeps', async () => {
      const bots = Array.from({ length: burstSize }, (_, index) => ({
        email: `shuapiao${index}@example.com`,
        ip: `101.80.7.${index + 1}`,
        agent: 'python-requests/2.31.0',
      }))
      // Each bot's code comes by mail too; the votes then go in together.
      const tokens: string[] = []
      for (const bot of bots) {
        const code = await mailedCode(bot.email, works[burstTarget], bot.ip, bot.agent)
        const verified = await fromNetizen({
          path: '/api/votes/verify',
          body: { email: bot.email, code },
          ip: bot.ip,
          agent: bot.agent,
        })
        expect(verified.status, JSON.stringify(verified.body)).toBe(200)
        tokens.push(verified.body.token)
      }
      const cast = await Promise.all(
        bots.map((bot, index) =>
          fromNetizen({
            path: `/api/entries/${works[burstTarget]}/vote`,
            body: { token: tokens[index] },
            ip: bot.ip,
            agent: bot.agent,
          }),
        ),
      )
      expect(cast.map((answer) => answer.status)).toEqual(Array(burstSize).fill(201))

      const honest = reportedWorks.find((work) => work.key === burstTarget)!.votes
      const tallied = await waitUntil(
        async () => {
          const { body } = await city.get(`/api/votes/summary?subProject=${ids.call}`)
          const row = body.works.find((w: { entry: number }) => w.entry === works[burstTarget])
          return row?.flags['address-burst'] === burstSize ? body : undefined
        },
        { timeoutMs: 20_000, what: 'the burst flagged in the tally' },
      )
      const row = tallied.works.find((w: { entry: number }) => w.entry === works[burstTarget])
      expect(row).toMatchObject({
        raw: honest + burstSize,
        valid: honest + burstSize,
        invalid: 0,
        flags: { 'address-burst': burstSize, 'same-agent': burstSize, 'code-burst': 0 },
      })
      for (const work of reportedWorks.filter((w) => w.key !== burstTarget)) {
        const other = tallied.works.find((w: { entry: number }) => w.entry === works[work.key])
        expect(other?.flags ?? {}, work.key).toEqual({
          'address-burst': 0,
          'code-burst': 0,
          'same-agent': 0,
        })
      }

      const reason = '同一地址段、同一浏览器标识短时集中投票，经核查为刷票'
      const invalidated = await city.post('/api/votes/invalidate', {
        filter: { entry: works[burstTarget], flag: 'address-burst' },
        reason,
      })
      expect(invalidated.status, JSON.stringify(invalidated.body)).toBe(200)
      expect(invalidated.body.invalidated).toHaveLength(burstSize)
      const after = await city.get(`/api/votes/summary?subProject=${ids.call}`)
      expect(
        after.body.works.find((w: { entry: number }) => w.entry === works[burstTarget]),
      ).toMatchObject({ raw: honest + burstSize, valid: honest, invalid: burstSize })
      const count = await fromNetizen({
        method: 'GET',
        path: `/api/entries/${works[burstTarget]}/votes`,
        ip: '58.60.1.1',
        agent: 'curl/8.5.0',
      })
      expect(count.body.votes).toBe(honest)

      const log = await admin.get(
        '/api/audit-log?where[targetCollection][equals]=votes&sort=-createdAt&limit=5',
      )
      expect(log.body.docs[0]).toMatchObject({
        action: 'field-change',
        actorLabel: 'luzhuo@shzgh.test',
        details: expect.objectContaining({ field: 'valid', from: true, to: false, reason }),
      })
      expect(log.body.docs[0].summary).toContain(reason)
      expect([...log.body.docs[0].details.votes].sort()).toEqual(
        [...invalidated.body.invalidated].sort(),
      )
    }, 180_000)
  })

  describe('the prize list and the 通报', () => {
    /** 复评's works by final score, worked out from the sheets and the valid votes. */
    const finalRanking = () => {
      const entered = reportedWorks.filter((work) => jury[work.key] !== undefined)
      const mostVotes = Math.max(...entered.map((work) => work.votes))
      return entered
        .map((work) => ({
          key: work.key,
          jury: jury[work.key]!,
          votes: work.votes,
          final: round2(0.7 * jury[work.key]! + 0.3 * ((work.votes / mostVotes) * 100)),
        }))
        .sort((a, b) => b.final - a.final)
    }
    /** 14 received (10 reported, 4 screened out; the draft is not): 10 % → 1, 20 % → 2, 30 % → 4. */
    const received = reportedWorks.length + otherWorks.filter((w) => w.status !== 'draft').length
    const places = [
      ['first', Math.floor(received * 0.1)],
      ['second', Math.floor(received * 0.2)],
      ['third', Math.floor(received * 0.3)],
    ] as const
    const proposedTiers = () => {
      const ranking = finalRanking()
      let next = 0
      const tiers: Record<string, string | null> = Object.fromEntries(
        ranking.map((w) => [w.key, null]),
      )
      for (const [tier, count] of places) {
        for (let i = 0; i < count && next < ranking.length; i++) {
          tiers[ranking[next++]!.key] = tier
        }
      }
      return tiers
    }
    /** The tiers once the adjustment below is made. */
    const finalTiers = (): Record<string, string | null> => ({
      ...proposedTiers(),
      [adjustment.key]: null,
    })
    const adjustment = {
      key: burstTarget,
      reason: '该作品网络投票中存在集中刷票行为，经评审委员会复议取消奖项',
    }

    it('proposes from 复评 and the valid votes 70/30, the tiers set from the works received', async () => {
      const created = await city.post('/api/award-lists', {
        campaign: ids.campaign,
        kind: 'works',
        subProject: ids.call,
        tiers: [
          { tier: 'first', share: 10 },
          { tier: 'second', share: 20 },
          { tier: 'third', share: 30 },
        ],
      })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      ids.list = created.body.doc.id
      const { status, body } = await city.post(`/api/award-lists/${ids.list}/propose`, {})
      expect(status, JSON.stringify(body)).toBe(200)
      expect(body.juryRound).toMatchObject({ id: ids.second, status: 'open' })
      expect(body.publicShare).toBe(30)
      expect(body.received).toBe(received)
      expect(
        body.tiers.map((t: { tier: string; places: number; given: number }) => [
          t.tier,
          t.places,
          t.given,
        ]),
      ).toEqual(places.map(([tier, count]) => [tier, count, count]))

      const expected = finalRanking()
      // The data is built without ties, so the order below is the only right one.
      expect(new Set(expected.map((w) => w.final)).size).toBe(expected.length)
      const tiers = proposedTiers()
      expect(
        body.works.map(
          (w: {
            entry: number
            juryScore: number
            votes: number
            finalScore: number
            rank: number
            tied: boolean
            proposedTier: string | null
          }) => [
            workOf(w.entry).key,
            w.juryScore,
            w.votes,
            w.finalScore,
            w.rank,
            w.tied,
            w.proposedTier,
          ],
        ),
      ).toEqual(
        expected.map((w, index) => [
          w.key,
          w.jury,
          w.votes,
          w.final,
          index + 1,
          false,
          tiers[w.key],
        ]),
      )
      // The top work's final score, from its sheets and its valid votes.
      const top = expected[0]!
      const topWork = reportedWorks.find((w) => w.key === top.key)!
      const topSheets = (await sheetsOf(ids.second)).filter((s) => s.entry === works[top.key])
      expect(topSheets.map((s) => s.total)).toEqual(
        topSheets.map((s) => totalOf(scoresFor(topWork.second, judgeOf(s.judge).leniency))),
      )
      expect(body.works[0].finalScore).toBe(
        round2(
          0.7 * round2(mean(topSheets.map((s) => s.total!))) +
            0.3 * ((topWork.votes / Math.max(...expected.map((w) => w.votes))) * 100),
        ),
      )
      // Without the vote the committee's order differs: the merge decides.
      expect([...expected].sort((a, b) => b.jury - a.jury).map((w) => w.key)).not.toEqual(
        expected.map((w) => w.key),
      )
    })

    it('takes an adjustment only with a reason, and audits it', async () => {
      const refused = await city.patch(`/api/award-lists/${ids.list}`, {
        ranking: [{ entry: works[adjustment.key], tier: null }],
      })
      expect(refused.status).toBe(400)
      expect(refused.body.errors[0].message).toMatch(/调整奖项须写明原因 \/ .*needs a reason/)
      const { status, body } = await city.patch(`/api/award-lists/${ids.list}`, {
        ranking: [{ entry: works[adjustment.key], tier: null, reason: adjustment.reason }],
      })
      expect(status, JSON.stringify(body)).toBe(200)
      const audit = await admin.get(
        `/api/audit-log?where[targetCollection][equals]=award-lists&where[targetId][equals]=${ids.list}&limit=20`,
      )
      const adjusted = audit.body.docs.filter(
        (doc: { details?: { operation?: string } }) => doc.details?.operation === 'adjust',
      )
      expect(adjusted).toHaveLength(1)
      expect(adjusted[0]).toMatchObject({
        action: 'field-change',
        actorLabel: 'luzhuo@shzgh.test',
        details: expect.objectContaining({
          entry: works[adjustment.key],
          from: proposedTiers()[adjustment.key],
          to: null,
          reason: adjustment.reason,
        }),
      })
    })

    it('freezes only once 复评 is closed; the works then carry their prizes', async () => {
      const early = await city.post(`/api/award-lists/${ids.list}/freeze`, {})
      expect(early.status).toBe(409)
      expect(early.body.errors[0].message).toMatch(/尚未结束.* \/ the jury round .* is not closed/)
      expect(
        (await city.patch(`/api/judging-rounds/${ids.second}`, { status: 'closed' })).status,
      ).toBe(200)
      const { status, body } = await city.post(`/api/award-lists/${ids.list}/freeze`, {})
      expect(status, JSON.stringify(body)).toBe(200)
      const tiers = finalTiers()
      const awarded = Object.values(tiers).filter(Boolean).length
      expect(body.works).toEqual({ awarded, notAwarded: 8 - awarded })
      ids.results = body.notice.id
      for (const [key, tier] of Object.entries(tiers)) {
        const { body: work } = await city.get(`/api/entries/${works[key as WorkKey]}?depth=0`)
        // Published for the vote, they stay published with their prize.
        expect([key, work.awardTier ?? null, work.status]).toEqual([key, tier, 'published'])
      }
      const again = await city.patch(`/api/award-lists/${ids.list}`, {
        ranking: [{ entry: works[adjustment.key], tier: 'third', reason: '再议' }],
      })
      expect(again.status).toBe(409)
    })

    it('drafts the 通报 with the prize table, tiers in order, read back over REST', async () => {
      const { status, body } = await city.get(`/api/notices/${ids.results}?draft=true&depth=0`)
      expect(status).toBe(200)
      expect(body).toMatchObject({
        _status: 'draft',
        title: `关于${campaignName}评选结果的通报`,
        campaign: ids.campaign,
        issuers: [ids.shanghai, ids.cac],
        recipients: '各区局（产业）工会，市总机关各部室、各直管单位',
      })
      const tiers = finalTiers()
      const label = { first: '一等奖', second: '二等奖', third: '三等奖' } as Record<string, string>
      const rows = finalRanking()
        .filter((w) => tiers[w.key])
        .sort(
          (a, b) =>
            ['first', 'second', 'third'].indexOf(tiers[a.key]!) -
            ['first', 'second', 'third'].indexOf(tiers[b.key]!),
        )
        .map((w) => {
          const work = reportedWorks.find((each) => each.key === w.key)!
          return [label[tiers[w.key]!], work.title, work.authors.join('、'), work.district].join(
            '\t',
          )
        })
      expect(body.attachments).toHaveLength(1)
      expect(body.attachments[0].title).toBe(`附件1 ${callName}获奖作品名单`)
      expect(body.attachments[0].table.split('\n')).toEqual([
        '奖项\t作品名称\t作者\t报送单位',
        ...rows,
      ])
      const text = JSON.stringify(body.body)
      expect(text).toContain(`根据《${noticeTitle}》（沪工总宣〔2017〕152号）的部署`)
      expect(text).toContain(`收到参评作品 ${received} 件`)
      expect(text).toContain('两者结合（专家评审占 70%，网络投票占 30%）')
      const count = (tier: string) => Object.values(tiers).filter((t) => t === tier).length
      expect(text).toContain(
        `一等奖 ${count('first')} 件、二等奖 ${count('second')} 件、三等奖 ${count('third')} 件`,
      )
      // A draft: the public does not read it.
      const anonymous = await (
        await apiClient(server.url, null)
      ).get(`/api/notices/${ids.results}?draft=true`)
      expect(anonymous.status).not.toBe(200)
    })

    it('serves the scores workbook: every sheet of both rounds, the votes and the ranking', async () => {
      const token = (await city.post('/api/users/login', { email: 'luzhuo@shzgh.test', password }))
        .body.token
      const res = await fetch(`${server.url}/api/award-lists/${ids.list}/scores.xlsx`, {
        headers: { Authorization: `JWT ${token}` },
      })
      expect(res.status).toBe(200)
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.load((await res.arrayBuffer()) as never)
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
        '评分-初评',
        '评分-复评',
        '网络投票',
        '排名与获奖',
      ])
      // 20 sheets and the one declared a conflict; 24 in 复评; each with its header row.
      expect(sheetRows(workbook.getWorksheet('评分-初评'))).toHaveLength(22)
      expect(sheetRows(workbook.getWorksheet('评分-复评'))).toHaveLength(25)
      // The sheet 吴敏 declared a conflict on is kept, unscored.
      expect(
        sheetRows(workbook.getWorksheet('评分-初评'))
          .filter((row) => row[2] === '吴敏' && row[3] === '回避')
          .map((row) => row[0]),
      ).toEqual([ids.conflicted])
      const votes = sheetRows(workbook.getWorksheet('网络投票'))
      expect(votes.find((row) => row[0] === works[burstTarget])!.slice(2)).toEqual([
        1 + burstSize,
        1,
        burstSize,
        burstSize,
        0,
        burstSize,
      ])
      const ranking = sheetRows(workbook.getWorksheet('排名与获奖'))
      expect(ranking.slice(1).map((row) => [row[1], row[7]])).toEqual(
        finalRanking().map((w) => [works[w.key], w.final]),
      )
      expect(ranking.find((row) => row[1] === works[adjustment.key])![10]).toBe(adjustment.reason)
    })

    it('recommends its first and second prizes to the national campaign (上报全总): a draft batch, reported when submitted, once', async () => {
      // Before the city's campaign implements the national one, there is nowhere to recommend to.
      const nowhere = await city.post(`/api/award-lists/${ids.list}/recommend`, {})
      expect(nowhere.status).toBe(409)
      expect(nowhere.body.errors[0].message).toMatch(/未落实上级活动.* \/ .* implements no parent/)

      const create = async (path: string, data: Record<string, unknown>) => {
        const { status, body } = await admin.post(path, data)
        expect(status, `${path} ${JSON.stringify(body)}`).toBe(201)
        return Number(body.doc.id)
      }
      const acftu = await create('/api/organizers', {
        name: '中华全国总工会',
        kind: 'federation',
        level: 'national',
      })
      const national = await create('/api/campaigns', {
        name: '2017年“网聚职工正能量 争做中国好网民”主题活动',
        year: 2017,
        status: 'active',
        hosts: [acftu],
      })
      const nationalCall = await create('/api/sub-projects', {
        campaign: national,
        name: '网言网语征集',
        kind: 'slogan',
        _status: 'published',
      })
      expect(
        (await admin.patch(`/api/campaigns/${ids.campaign}`, { parent: national })).status,
      ).toBe(200)

      const bad = await city.post(`/api/award-lists/${ids.list}/recommend`, { tiers: ['gold'] })
      expect(bad.status).toBe(400)
      const { status, body } = await city.post(`/api/award-lists/${ids.list}/recommend`, {
        tiers: ['first', 'second'],
      })
      expect(status, JSON.stringify(body)).toBe(201)
      const tiers = finalTiers()
      const winners = (Object.keys(tiers) as WorkKey[])
        .filter((key) => tiers[key] === 'first' || tiers[key] === 'second')
        .map((key) => works[key])
      expect(winners.length).toBeGreaterThan(0)
      expect(body.works).toBe(winners.length)
      const { body: draft } = await city.get(`/api/report-batches/${body.batch.id}?depth=0`)
      expect(draft).toMatchObject({
        status: 'draft',
        fromUnit: ids.shanghai,
        toUnit: acftu,
        toCampaign: national,
        subProject: ids.call,
      })
      expect([...draft.entries].sort()).toEqual([...winners].sort())
      expect(draft.note).toContain('一等奖')
      // Nothing is reported until the organizer submits the draft.
      const above = async () =>
        (
          await admin.get(
            `/api/entries?where[campaign][equals]=${national}&depth=0&limit=0&sort=origin`,
          )
        ).body.docs as { origin: number; subProject: number; status: string }[]
      expect(await above()).toEqual([])

      const submitted = await city.patch(`/api/report-batches/${body.batch.id}`, {
        status: 'submitted',
      })
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200)
      expect((await above()).map((work) => [work.origin, work.subProject, work.status])).toEqual(
        [...winners].sort((a, b) => a - b).map((id) => [id, nationalCall, 'reported']),
      )
      for (const id of winners) {
        // The city's winners keep their prize and stay public.
        const { body: work } = await city.get(`/api/entries/${id}?depth=0`)
        expect([work.status, Boolean(work.awardTier)]).toEqual(['published', true])
      }

      // Recommended once: a second batch of the same works is refused when submitted.
      const twice = await city.post(`/api/award-lists/${ids.list}/recommend`, {
        tiers: ['first'],
      })
      expect(twice.status).toBe(201)
      const refused = await city.patch(`/api/report-batches/${twice.body.batch.id}`, {
        status: 'submitted',
      })
      expect(refused.status).toBe(400)
      expect(refused.body.errors[0].message).toMatch(/已向上报送/)
      expect(await above()).toHaveLength(winners.length)
    })
  })
})
