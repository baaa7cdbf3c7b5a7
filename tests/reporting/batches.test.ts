/**
 * 报送批次, Linfen 2020 (临工办发〔2020〕8号): each county screens its works and reports them,
 * with its report on the theme activities and on its 职工好网民宣传员, to the city's mailbox
 * (lfghwlzx@163.com); a level that is not the host reports on upward. Over REST, against a
 * real SMTP server, with the mail's XLSX list read back.
 */
import type { ParsedMail } from 'mailparser'

import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../helpers/api'
import type { Booted } from '../helpers/payload'
import type { Mailbox } from '../helpers/smtp'

import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { bootPayload } from '../helpers/payload'
import { startMailbox } from '../helpers/smtp'

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
let mailbox: Mailbox
const ids: Record<string, number> = {}
const as: Record<
  'yaoduEditor' | 'linfenOrganizer' | 'shanxiOrganizer' | 'shanghaiEditor' | 'anonymous',
  Api
> = {} as never
const password = 'reporting-test-password-1'
let counter = 0

beforeAll(async () => {
  mailbox = await startMailbox()
  booted = await bootPayload({ name: 'reporting_batches', env: mailbox.env })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const { payload } = booted
  const create = async (collection: string, data: Record<string, unknown>) =>
    Number(
      (await payload.create({ collection: collection as 'organizers', data: data as never })).id,
    )
  const org = (name: string, level: string, parent?: number, reportingMailbox?: string) =>
    create('organizers', { name, kind: 'federation', level, parent, reportingMailbox })
  ids.national = await org('中华全国总工会', 'national', undefined, 'wangxuan@acftu.test')
  ids.shanxi = await org('山西省总工会', 'provincial', ids.national, 'sxzgh@test.local')
  ids.linfen = await org('临汾市总工会', 'city', ids.shanxi, 'lfghwlzx@163.com')
  ids.yaodu = await org('尧都区总工会', 'county', ids.linfen, 'yaodu@test.local')
  ids.huozhou = await org('霍州市总工会', 'county', ids.linfen)
  ids.shanghai = await org('上海市总工会', 'provincial')
  ids.campaign = await create('campaigns', {
    name: '2020年临汾市“网聚职工正能量 争做中国好网民”主题活动',
    year: 2020,
    status: 'active',
    hosts: [ids.linfen],
    participants: [ids.yaodu, ids.huozhou],
  })
  ids.microVideo = await create('sub-projects', {
    campaign: ids.campaign,
    name: '网络正能量微视频征集',
    kind: 'micro-video',
    quota: { mode: 'minimum', count: 2 },
    deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    _status: 'published',
  })
  ids.photos = await create('sub-projects', {
    campaign: ids.campaign,
    name: '网络正能量摄影作品征集',
    kind: 'photography',
    deadline: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    _status: 'published',
  })
  // Shanxi's own campaign, which Linfen takes part in: Linfen reports on to the province.
  // The national campaign Shanxi's implements: the province recommends works into it (向全总推荐).
  ids.national2020 = await create('campaigns', {
    name: '2020年“网聚职工正能量 争做中国好网民”主题活动',
    year: 2020,
    status: 'active',
    hosts: [ids.national],
  })
  ids.nationalVideo = await create('sub-projects', {
    campaign: ids.national2020,
    name: '“中国梦·劳动美”网络正能量微视频',
    kind: 'micro-video',
    _status: 'published',
  })
  ids.provincial = await create('campaigns', {
    parent: ids.national2020,
    name: '2020年山西省主题活动',
    year: 2020,
    status: 'active',
    hosts: [ids.shanxi],
    reporting: { subjectTemplate: '{活动}：{单位}报送{子项目}' },
  })
  ids.provincialVideo = await create('sub-projects', {
    campaign: ids.provincial,
    name: '网络正能量微视频征集',
    kind: 'micro-video',
    _status: 'published',
  })
  const user = async (email: string, role: string, organizer: number, name: string) =>
    create('users', { email, password, role, organizer, name })
  await user('yaodu-editor@test.local', 'unit-editor', ids.yaodu, '尧都区编辑')
  await user('linfen-organizer@test.local', 'organizer', ids.linfen, '临汾市活动组织者')
  await user('shanxi-organizer@test.local', 'organizer', ids.shanxi, '山西省活动组织者')
  await user('shanghai-editor@test.local', 'unit-editor', ids.shanghai, '上海市编辑')
  as.yaoduEditor = await apiClient(server.url, { email: 'yaodu-editor@test.local', password })
  as.linfenOrganizer = await apiClient(server.url, {
    email: 'linfen-organizer@test.local',
    password,
  })
  as.shanxiOrganizer = await apiClient(server.url, {
    email: 'shanxi-organizer@test.local',
    password,
  })
  as.shanghaiEditor = await apiClient(server.url, { email: 'shanghai-editor@test.local', password })
  as.anonymous = await apiClient(server.url, null)
}, 300_000)

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
  await mailbox?.close()
})

/** A work of `unit` in `subProject`, as the unit's screening left it. */
const work = async (unit: number, status: string, subProject = ids.microVideo) =>
  Number(
    (
      await booted.payload.create({
        collection: 'entries',
        data: {
          title: `作品${++counter}：车间里的正能量`,
          subProject,
          submittingUnit: unit,
          status: status as 'screened-in',
          authors: [{ name: `张师傅${counter}` }],
        },
      })
    ).id,
  )

const entry = (id: number) =>
  booted.payload.findByID({ collection: 'entries', id, depth: 0, overrideAccess: true })

/** Runs the queued mail jobs now (the test app has no runner of its own). */
const sendQueuedMail = () => booted.payload.jobs.run({ limit: 50 })

const xlsxRows = async (mail: ParsedMail) => {
  const attachment = mail.attachments.find((each) => each.filename?.endsWith('.xlsx'))!
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(attachment.content as never)
  return workbook
    .getWorksheet('报送作品')!
    .getSheetValues()
    .filter(Boolean)
    .map((row) => (row as unknown[]).slice(1))
}

describe('a county reports to the city', () => {
  let batch: number
  let works: number[]

  it('takes a draft batch, addressed to the level above', async () => {
    works = [await work(ids.yaodu, 'screened-in'), await work(ids.yaodu, 'screened-in')]
    const { status, body } = await as.yaoduEditor.post('/api/report-batches', {
      campaign: ids.campaign,
      subProject: ids.microVideo,
      entries: works,
      note: '请审核。',
      activityReport: { text: '全区开展“网聚职工正能量”主题活动 12 场，参与职工 3000 余人。' },
      propagandistReport: {
        text: '已组建职工好网民宣传员队伍。',
        counts: [{ tier: '职工好网民宣传员', count: 50 }],
      },
    })
    expect(status, JSON.stringify(body)).toBe(201)
    batch = body.doc.id
    expect(body.doc).toMatchObject({
      status: 'draft',
      fromUnit: { id: ids.yaodu },
      toUnit: { id: ids.linfen },
      title: '尧都区总工会 → 临汾市总工会：网络正能量微视频征集',
      mailedTo: 'lfghwlzx@163.com',
    })
  })

  it('refuses a work of the neighbouring county, naming it, and changes nothing', async () => {
    const foreign = await work(ids.huozhou, 'screened-in')
    const { status, body } = await as.yaoduEditor.patch(`/api/report-batches/${batch}`, {
      entries: [...works, foreign],
      status: 'submitted',
    })
    expect(status).toBe(400)
    expect(body.errors[0].message).toContain('不是“尧都区总工会”或其下级单位的作品')
    expect(body.errors[0].data.errors).toEqual([
      {
        path: 'entries.2',
        message: expect.stringContaining('was not filed under this unit or one below it'),
      },
    ])
    const stored = await booted.payload.findByID({ collection: 'report-batches', id: batch })
    expect(stored.status).toBe('draft')
    expect((await entry(foreign)).status).toBe('screened-in')
  })

  it('refuses a work the county screened out', async () => {
    const out = await work(ids.yaodu, 'screened-out')
    const { status, body } = await as.yaoduEditor.patch(`/api/report-batches/${batch}`, {
      entries: [...works, out],
      status: 'submitted',
    })
    expect(status).toBe(400)
    expect(body.errors[0].message).toContain('未通过本级初筛')
  })

  it('reports: the works are reported, each with its step upward, and the batch is final', async () => {
    const { status, body } = await as.yaoduEditor.patch(`/api/report-batches/${batch}`, {
      entries: works,
      status: 'submitted',
    })
    expect(status, JSON.stringify(body)).toBe(200)
    expect(body.doc).toMatchObject({ status: 'submitted', isLate: false })
    expect(body.doc.submittedAt).toBeTruthy()
    for (const id of works) {
      const reported = await entry(id)
      expect(reported.status).toBe('reported')
      expect(reported.reportPath).toMatchObject([
        { from: ids.yaodu, to: ids.linfen, batch, at: body.doc.submittedAt },
      ])
    }
    const again = await as.yaoduEditor.patch(`/api/report-batches/${batch}`, { entries: [] })
    expect(again.status).toBeGreaterThanOrEqual(400)
    expect(again.status).toBeLessThan(500)
    expect(
      (await booted.payload.findByID({ collection: 'report-batches', id: batch })).entries,
    ).toHaveLength(2)
  })

  it('mails the city’s reporting mailbox with the notice’s subject, the list as XLSX and the reports', async () => {
    await sendQueuedMail()
    const mail = await mailbox.waitFor((m) => m.subject === '尧都区总工会+网络正能量微视频征集')
    expect((mail.to as { text: string }).text).toBe('lfghwlzx@163.com')
    expect(mail.text).toContain('全区开展“网聚职工正能量”主题活动 12 场')
    expect(mail.text).toContain('职工好网民宣传员：50 人')
    expect(mail.text).toContain('附言：请审核。')
    const rows = await xlsxRows(mail)
    expect(rows[0]).toEqual(['序号', '作品标题', '子项目', '报送单位', '作者', '链接'])
    expect(rows.slice(1).map((row) => row.slice(0, 5))).toEqual(
      await Promise.all(
        works.map(async (id, index) => {
          const stored = await entry(id)
          return [
            index + 1,
            stored.title,
            '网络正能量微视频征集',
            '尧都区总工会',
            stored.authors![0]!.name,
          ]
        }),
      ),
    )
    expect(String(rows[1]![5])).toMatch(new RegExp(`/admin/collections/entries/${works[0]}$`))
  })

  it('sends the county a receipt, to its mailbox and to the editor who reported', async () => {
    const receipt = await mailbox.waitFor(
      (m) => m.subject === '报送回执：尧都区总工会+网络正能量微视频征集',
    )
    expect((receipt.to as { text: string }).text).toBe('yaodu@test.local, yaodu-editor@test.local')
    expect(receipt.text).toContain('向临汾市总工会报送')
    expect(receipt.text).toContain('作品 2 件')
  })

  it('counts the county’s works in the progress matrix against its quota', async () => {
    const { body } = await as.linfenOrganizer.get(`/api/campaigns/${ids.campaign}/progress`)
    const yaodu = body.rows.find((row: { unit: { id: number } }) => row.unit.id === ids.yaodu)
    expect(yaodu.cells[0]).toMatchObject({ reported: 2, quota: 2, state: 'met' })
  })
})

describe('who may report what', () => {
  it('refuses a unit of another province that does not take part', async () => {
    const { status, body } = await as.shanghaiEditor.post('/api/report-batches', {
      campaign: ids.campaign,
      activityReport: { text: '上海市总工会的情况报告' },
    })
    expect(status).toBe(403)
    expect(body.errors[0].message).toContain('不是主题活动')
  })

  it('refuses a county editor reporting for the neighbouring county', async () => {
    const { status, body } = await as.yaoduEditor.post('/api/report-batches', {
      campaign: ids.campaign,
      fromUnit: ids.huozhou,
      activityReport: { text: '代报' },
    })
    expect(status).toBe(403)
    expect(body.errors[0].message).toContain('不是本单位或下级单位')
  })

  it('refuses the host, which reports to nobody', async () => {
    const { status, body } = await as.linfenOrganizer.post('/api/report-batches', {
      campaign: ids.campaign,
      activityReport: { text: '市总工会情况报告' },
    })
    expect(status).toBe(400)
    expect(body.errors[0].message).toContain('不再向上报送')
  })

  it('refuses anonymous callers and hides batches from them', async () => {
    const created = await as.anonymous.post('/api/report-batches', {
      campaign: ids.campaign,
      fromUnit: ids.yaodu,
      activityReport: { text: '匿名' },
    })
    expect(created.status).toBe(403)
    expect((await as.anonymous.get('/api/report-batches')).status).toBe(403)
    expect((await as.shanghaiEditor.get('/api/report-batches')).body.docs).toEqual([])
    expect((await as.linfenOrganizer.get('/api/report-batches')).body.totalDocs).toBeGreaterThan(0)
  })

  it('flags a late report by default, and refuses it where the campaign says so', async () => {
    const late = await work(ids.yaodu, 'screened-in', ids.photos)
    const flagged = await as.yaoduEditor.post('/api/report-batches', {
      campaign: ids.campaign,
      subProject: ids.photos,
      entries: [late],
      status: 'submitted',
    })
    expect(flagged.status, JSON.stringify(flagged.body)).toBe(201)
    expect(flagged.body.doc.isLate).toBe(true)

    await booted.payload.update({
      collection: 'campaigns',
      id: ids.campaign,
      data: { reporting: { lateReporting: 'refuse' } },
    })
    try {
      const refused = await as.yaoduEditor.post('/api/report-batches', {
        campaign: ids.campaign,
        subProject: ids.photos,
        entries: [await work(ids.yaodu, 'screened-in', ids.photos)],
        status: 'submitted',
      })
      expect(refused.status).toBe(403)
      expect(refused.body.errors[0].message).toContain('不接受逾期报送')
    } finally {
      await booted.payload.update({
        collection: 'campaigns',
        id: ids.campaign,
        data: { reporting: { lateReporting: 'flag' } },
      })
    }
  })
})

describe('deadlines per level (分级截止)', () => {
  it('holds each level to its own deadline in the campaign’s phases, not the call’s', async () => {
    // Counties report to the city by yesterday; the city to the province in a fortnight.
    const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()
    const campaign = await booted.payload.create({
      collection: 'campaigns',
      data: {
        name: '2021年临汾市主题活动',
        year: 2021,
        status: 'active',
        hosts: [ids.shanxi],
        phases: [
          {
            name: '作品征集',
            deadlines: [
              { date: daysFromNow(-1), due: '县级工会报送作品', level: 'county' },
              { date: daysFromNow(14), due: '市级工会报送作品', level: 'city' },
            ],
          },
        ],
      },
    })
    const call = await booted.payload.create({
      collection: 'sub-projects',
      data: {
        campaign: campaign.id,
        name: '网络正能量微视频征集',
        kind: 'micro-video',
        deadline: daysFromNow(30),
        _status: 'published',
      },
    })
    const countyWork = await work(ids.yaodu, 'screened-in', call.id)
    const county = await as.yaoduEditor.post('/api/report-batches', {
      campaign: campaign.id,
      subProject: call.id,
      entries: [countyWork],
      status: 'submitted',
    })
    expect(county.status, JSON.stringify(county.body)).toBe(201)
    expect(county.body.doc.isLate).toBe(true)

    const city = await as.linfenOrganizer.post('/api/report-batches', {
      campaign: campaign.id,
      subProject: call.id,
      entries: [countyWork],
      status: 'submitted',
    })
    expect(city.status, JSON.stringify(city.body)).toBe(201)
    expect(city.body.doc.isLate).toBe(false)
  })
})

describe('level by level, up to the host', () => {
  it('lets the city report on what a county reported to it, and the work shows both steps', async () => {
    const county = await work(ids.yaodu, 'screened-in', ids.provincialVideo)
    const first = await as.yaoduEditor.post('/api/report-batches', {
      campaign: ids.provincial,
      subProject: ids.provincialVideo,
      entries: [county],
      status: 'submitted',
    })
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect(first.body.doc.toUnit).toMatchObject({ id: ids.linfen })

    // The county cannot report it a second time: it is now the city's to report on.
    const twice = await as.yaoduEditor.post('/api/report-batches', {
      campaign: ids.provincial,
      entries: [county],
      status: 'submitted',
    })
    expect(twice.status).toBe(400)

    const second = await as.linfenOrganizer.post('/api/report-batches', {
      campaign: ids.provincial,
      subProject: ids.provincialVideo,
      entries: [county],
      status: 'submitted',
    })
    expect(second.status, JSON.stringify(second.body)).toBe(201)
    expect(second.body.doc).toMatchObject({
      toUnit: { id: ids.shanxi },
      mailedTo: 'sxzgh@test.local',
    })
    const { reportPath } = await entry(county)
    expect(reportPath).toMatchObject([
      { from: ids.yaodu, to: ids.linfen, batch: first.body.doc.id },
      { from: ids.linfen, to: ids.shanxi, batch: second.body.doc.id },
    ])

    await sendQueuedMail()
    const mail = await mailbox.waitFor(
      (m) => m.subject === '2020年山西省主题活动：临汾市总工会报送网络正能量微视频征集',
    )
    expect((mail.to as { text: string }).text).toBe('sxzgh@test.local')
  })

  it('lets the province, its campaign’s host, report it into the national campaign it implements', async () => {
    const [county] = (
      await booted.payload.find({
        collection: 'entries',
        where: { subProject: { equals: ids.provincialVideo } },
        depth: 0,
      })
    ).docs
    const { status, body } = await as.shanxiOrganizer.post('/api/report-batches', {
      campaign: ids.provincial,
      entries: [county!.id],
      status: 'submitted',
    })
    expect(status, JSON.stringify(body)).toBe(201)
    expect(body.doc).toMatchObject({
      toUnit: { id: ids.national },
      toCampaign: { id: ids.national2020 },
      mailedTo: 'wangxuan@acftu.test',
    })
    const { docs: arrived } = await booted.payload.find({
      collection: 'entries',
      where: { campaign: { equals: ids.national2020 } },
      depth: 0,
    })
    expect(arrived).toHaveLength(1)
    expect(arrived[0]).toMatchObject({
      title: county!.title,
      subProject: ids.nationalVideo,
      submittingUnit: ids.yaodu,
      status: 'reported',
      origin: county!.id,
    })
    expect(arrived[0]!.reportPath!.map(({ from, to }) => [from, to])).toEqual([
      [ids.yaodu, ids.linfen],
      [ids.linfen, ids.shanxi],
      [ids.shanxi, ids.national],
    ])
  })
})
