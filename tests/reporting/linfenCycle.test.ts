/**
 * Linfen 2020's reporting cycle end to end over HTTP (临工办发〔2020〕8号): the city imports its
 * task table from a workbook, three counties submit and screen works and report them with their
 * activity and propagandist reports, the city's mailbox (lfghwlzx@163.com) receives each batch
 * under the notice's subject with its XLSX list, the county behind quota is reminded before the
 * deadline, and the progress matrix and its workbook agree with what happened.
 */
import type { ParsedMail } from 'mailparser'

import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../helpers/api'
import type { Booted } from '../helpers/payload'
import type { Mailbox } from '../helpers/smtp'

import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { bootPayload, testAdmin } from '../helpers/payload'
import { startMailbox } from '../helpers/smtp'
import { waitUntil } from '../helpers/wait'

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
let mailbox: Mailbox
let city: Api
const counties = ['尧都区总工会', '霍州市总工会', '侯马市总工会'] as const
type County = (typeof counties)[number]
const editors = {} as Record<County, Api>
const unitIds = {} as Record<County | '临汾市总工会', number>
let campaign: number
const calls = { video: 0, photo: 0 }
const password = 'linfen-cycle-password-1'
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()

/** 附件1 as the city keeps it, clean: offline events, micro-videos, photographs per county. */
const taskTable: [County, number, number, number][] = [
  ['尧都区总工会', 2, 2, 1],
  ['霍州市总工会', 1, 1, 1],
  ['侯马市总工会', 1, 2, 1],
]

beforeAll(async () => {
  mailbox = await startMailbox()
  booted = await bootPayload({ name: 'reporting_linfen_cycle', env: mailbox.env })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const admin = await apiClient(server.url, testAdmin)
  const post = async (path: string, data: Record<string, unknown>) => {
    const { status, body } = await admin.post(path, data)
    expect(status, JSON.stringify(body)).toBe(201)
    return Number(body.doc.id)
  }
  // The national office sets the city up; the city's organizer does the rest.
  unitIds['临汾市总工会'] = await post('/api/organizers', {
    name: '临汾市总工会',
    kind: 'federation',
    level: 'city',
    reportingMailbox: 'lfghwlzx@163.com',
  })
  await post('/api/users', {
    email: 'wlzx@linfen.test',
    password,
    role: 'organizer',
    organizer: unitIds['临汾市总工会'],
    name: '临汾市总工会网络中心',
  })
  city = await apiClient(server.url, { email: 'wlzx@linfen.test', password })
  const cityPost = async (path: string, data: Record<string, unknown>) => {
    const { status, body } = await city.post(path, data)
    expect(status, `${path} ${JSON.stringify(body)}`).toBe(201)
    return Number(body.doc.id)
  }
  // Organizers run their own subtree: the counties and their editors are the city's to add.
  for (const [index, name] of counties.entries()) {
    unitIds[name] = await cityPost('/api/organizers', {
      name,
      kind: 'federation',
      level: 'county',
      reportingMailbox: `county${index}@linfen.test`,
    })
    await cityPost('/api/users', {
      email: `editor${index}@linfen.test`,
      password,
      role: 'unit-editor',
      organizer: unitIds[name],
      name: `${name}编辑`,
    })
    editors[name] = await apiClient(server.url, { email: `editor${index}@linfen.test`, password })
  }
  campaign = await cityPost('/api/campaigns', {
    name: '2020年临汾市“网聚职工正能量 争做中国好网民”主题活动',
    year: 2020,
    status: 'active',
    participants: counties.map((name) => unitIds[name]),
    // 三(三): each unit builds a team of 50 职工好网民宣传员.
    propagandistTargets: [{ tier: '职工好网民宣传员', count: 50 }],
  })
  calls.video = await cityPost('/api/sub-projects', {
    campaign,
    name: '网络正能量微视频征集',
    kind: 'micro-video',
    quota: { mode: 'minimum', count: 1 },
    deadline: inDays(2),
    _status: 'published',
  })
  calls.photo = await cityPost('/api/sub-projects', {
    campaign,
    name: '网络正能量摄影作品征集',
    kind: 'photography',
    deadline: inDays(20),
    _status: 'published',
  })
}, 300_000)

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
  await mailbox?.close()
})

const sheetRows = async (bytes: Buffer | ArrayBuffer, sheet?: string) => {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes as never)
  const worksheet = sheet ? workbook.getWorksheet(sheet)! : workbook.worksheets[0]!
  return worksheet
    .getSheetValues()
    .filter(Boolean)
    .map((row) => (row as unknown[]).slice(1))
}

describe('Linfen 2020, from the task table to the progress matrix', () => {
  it('imports the task table from a workbook', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('附件1')
    sheet.addRow(['序号', '单位', '线下活动', '网络正能量微视频征集', '网络正能量摄影作品征集'])
    taskTable.forEach((row, index) => sheet.addRow([index + 1, ...row]))
    const form = new FormData()
    form.append(
      'file',
      new Blob([new Uint8Array(await workbook.xlsx.writeBuffer())], {
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      }),
      '任务分解表.xlsx',
    )
    const token = (await city.post('/api/users/login', { email: 'wlzx@linfen.test', password }))
      .body.token
    const res = await fetch(`${server.url}/api/campaigns/${campaign}/task-table/import`, {
      method: 'POST',
      headers: { Authorization: `JWT ${token}` },
      body: form,
    })
    const body = await res.json()
    expect(res.status, JSON.stringify(body)).toBe(200)
    expect(body).toMatchObject({ created: 3 })
  })

  it('takes the counties’ works, screened by each county and reported with their reports', async () => {
    // Each county submits one work more than its micro-video quota asks, and screens one out;
    // 侯马 reports nothing on micro-videos (it falls behind) and photographs only.
    for (const [name, , videos] of taskTable) {
      const editor = editors[name]
      const made: number[] = []
      for (let n = 0; n <= videos; n++) {
        const { status, body } = await editor.post('/api/entries', {
          title: `${name.replace('总工会', '')}：车间里的正能量（${n + 1}）`,
          subProject: calls.video,
          status: 'submitted',
          authors: [{ name: `职工${n + 1}`, unit: name }],
        })
        expect(status, JSON.stringify(body)).toBe(201)
        made.push(body.doc.id)
      }
      for (const [index, id] of made.entries()) {
        const status = index < videos ? 'screened-in' : 'screened-out'
        expect((await editor.patch(`/api/entries/${id}`, { status })).status).toBe(200)
      }
      if (name === '侯马市总工会') {
        continue
      }
      const batch = await editor.post('/api/report-batches', {
        campaign,
        subProject: calls.video,
        entries: made.slice(0, videos),
        activityReport: { text: `${name}开展主题活动情况。`, events: 3 },
        propagandistReport: { counts: [{ tier: '职工好网民宣传员', count: 50 }] },
        status: 'submitted',
      })
      expect(batch.status, JSON.stringify(batch.body)).toBe(201)
    }
  })

  it('delivers each county’s batch to the city’s mailbox under 单位名称+子项目名称, the works in its XLSX', async () => {
    await booted.payload.jobs.run({ limit: 50 })
    for (const [name, , videos] of taskTable.filter(([name]) => name !== '侯马市总工会')) {
      const mail: ParsedMail = await mailbox.waitFor(
        (m) => m.subject === `${name}+网络正能量微视频征集`,
      )
      expect((mail.to as { text: string }).text).toBe('lfghwlzx@163.com')
      expect(mail.text).toContain(`${name}开展主题活动情况。`)
      expect(mail.text).toContain('职工好网民宣传员：50 人')
      const attachment = mail.attachments.find((each) => each.filename?.endsWith('.xlsx'))!
      const rows = await sheetRows(attachment.content)
      expect(rows.slice(1).map((row) => row[3])).toEqual(Array(videos).fill(name))
    }
  })

  it('reminds the county behind quota before the deadline, and only it', async () => {
    await booted.payload.jobs.queue({ task: 'remindBehindQuota', input: {} })
    await booted.payload.jobs.run({ limit: 10 })
    const reminder = await mailbox.waitFor((m) => Boolean(m.subject?.startsWith('催报：')))
    expect((reminder.to as { text: string }).text).toBe('county2@linfen.test')
    expect(reminder.text).toContain('侯马市总工会')
    await waitUntil(() => mailbox.messages.some((m) => m.subject?.startsWith('催报汇总')), {
      what: 'the digest',
    })
    expect(mailbox.messages.filter((m) => m.subject?.startsWith('催报：'))).toHaveLength(1)
  })

  it('shows the progress matrix, and its workbook, as the cycle left it', async () => {
    const { status, body } = await city.get(`/api/campaigns/${campaign}/progress`)
    expect(status).toBe(200)
    const byUnit = Object.fromEntries(
      body.rows.map(
        (row: {
          unit: { name: string }
          cells: { reported: number; quota: number; state: string }[]
        }) => [
          row.unit.name,
          row.cells.map(({ reported, quota, state }) => ({ reported, quota, state })),
        ],
      ),
    )
    expect(byUnit).toEqual({
      尧都区总工会: [
        { reported: 2, quota: 2, state: 'met' },
        { reported: 0, quota: 1, state: 'behind' },
      ],
      霍州市总工会: [
        { reported: 1, quota: 1, state: 'met' },
        { reported: 0, quota: 1, state: 'behind' },
      ],
      侯马市总工会: [
        { reported: 0, quota: 2, state: 'behind' },
        { reported: 0, quota: 1, state: 'behind' },
      ],
    })
    expect(body.totals).toMatchObject({ reported: 3, quota: 8 })
    // Offline events and the propagandist team, as the batches reported them against the targets.
    const houma = body.rows.find(
      (row: { unit: { name: string } }) => row.unit.name === '侯马市总工会',
    )
    const yaodu = body.rows.find(
      (row: { unit: { name: string } }) => row.unit.name === '尧都区总工会',
    )
    expect(yaodu).toMatchObject({
      offlineEvents: { quota: 2, reported: 3 },
      propagandists: [{ tier: '职工好网民宣传员', target: 50, reported: 50 }],
    })
    expect(houma).toMatchObject({
      offlineEvents: { quota: 1, reported: 0 },
      propagandists: [{ tier: '职工好网民宣传员', target: 50, reported: 0 }],
    })

    const token = (await city.post('/api/users/login', { email: 'wlzx@linfen.test', password }))
      .body.token
    const res = await fetch(`${server.url}/api/campaigns/${campaign}/progress.xlsx`, {
      headers: { Authorization: `JWT ${token}` },
    })
    const rows = await sheetRows(Buffer.from(await res.arrayBuffer()), '报送进度')
    expect(rows.slice(2)).toEqual([
      [1, '尧都区总工会', 2, 2, 0, 1, 2, 3, 3, 2, 50, 50],
      [2, '霍州市总工会', 1, 1, 0, 1, 1, 2, 3, 1, 50, 50],
      [3, '侯马市总工会', 0, 2, 0, 1, 0, 3, 0, 1, 0, 50],
      ['合计', undefined, 3, 5, 0, 3, 3, 8, 6, 4, 100, 150],
    ])
  })
})
