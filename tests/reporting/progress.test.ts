/**
 * 报送进度: the progress matrix of a campaign against its task table, over REST, GraphQL and as
 * a workbook, for every kind of caller. Linfen's campaign takes works from its two counties;
 * its micro-video call asks at least 5 works of each, and the task table gives 尧都区 1.
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Matrix, RoleName } from '../access/matrix/harness'

import { openMatrix } from '../access/matrix/harness'

let m: Matrix

beforeAll(async () => {
  m = await openMatrix({ name: 'reporting_progress' })
  await m.payload.update({
    collection: 'sub-projects',
    id: m.fx.subProjects.linfen,
    data: { quota: { mode: 'minimum', count: 5 } },
  })
  // 尧都区 reports two works upward; a third is still with the county (screened, not reported).
  for (const [title, status] of [
    ['尧都区：报送作品一', 'reported'],
    ['尧都区：报送作品二', 'in-review'],
    ['尧都区：初筛通过', 'screened-in'],
  ] as const) {
    await m.payload.create({
      collection: 'entries',
      data: {
        title,
        subProject: m.fx.subProjects.linfen,
        submittingUnit: m.fx.organizers.yaodu,
        status,
      },
    })
  }
}, 300_000)

afterAll(async () => {
  await m?.close()
})

const path = () => `/api/campaigns/${m.fx.campaigns.linfen}/progress`

/** What the office reads: both counties, 尧都区 on its task-table row, 霍州市 on the rule. */
const fullMatrix = () => ({
  campaign: { id: m.fx.campaigns.linfen, year: 2020 },
  subProjects: [
    {
      id: m.fx.subProjects.linfen,
      name: '网络正能量微视频征集',
      quota: { mode: 'minimum', count: 5 },
    },
  ],
  rows: [
    {
      unit: { id: m.fx.organizers.yaodu, name: '尧都区总工会' },
      cells: [{ reported: 2, quota: 1, mode: 'minimum', state: 'met' }],
      total: { reported: 2, quota: 1 },
      isOnTrack: true,
      offlineEvents: { quota: 1 },
    },
    {
      unit: { id: m.fx.organizers.huozhou, name: '霍州市总工会' },
      // Its three published works count as reported; the submitted one does not.
      cells: [{ reported: 3, quota: 5, mode: 'minimum', state: 'behind' }],
      total: { reported: 3, quota: 5 },
      isOnTrack: false,
      offlineEvents: { quota: null },
    },
  ],
  totals: { cells: [{ reported: 5, quota: 6 }], reported: 5, quota: 6 },
  isComplete: true,
})

describe('the progress matrix (GET /api/campaigns/:id/progress)', () => {
  it.each(['admin', 'organizer'] as RoleName[])(
    'shows %s every reporting unit against its quota, with the totals',
    async (role) => {
      const { status, body } = await m.call(role, 'GET', path())
      expect(status).toBe(200)
      expect(body).toMatchObject(fullMatrix())
    },
  )

  it('shows a county editor its own unit’s row only', async () => {
    const { status, body } = await m.call('countyEditor', 'GET', path())
    expect(status).toBe(200)
    expect(body.rows.map((row: { unit: { name: string } }) => row.unit.name)).toEqual([
      '尧都区总工会',
    ])
    expect(body).toMatchObject({ isComplete: false, totals: { reported: 2, quota: 1 } })
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
    for (const suffix of ['', '.xlsx']) {
      const { status, body } = await m.call(role, 'GET', `${path()}${suffix}`)
      expect(status, `${role} ${suffix}`).toBe(expected)
      expect(body.errors[0].message).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/)
    }
  })

  it('answers 404 for a campaign that does not exist', async () => {
    const { status, body } = await m.call('admin', 'GET', '/api/campaigns/987654/progress')
    expect(status).toBe(404)
    expect(body.errors[0].message).toContain('没有编号为 987654 的主题活动')
  })

  it('follows the work: a report upward shows at the next read', async () => {
    const created = await m.payload.create({
      collection: 'entries',
      data: {
        title: '霍州市：补报作品',
        subProject: m.fx.subProjects.linfen,
        submittingUnit: m.fx.organizers.huozhou,
        status: 'reported',
      },
    })
    try {
      const { body } = await m.call('organizer', 'GET', path())
      expect(body.rows[1].cells[0]).toMatchObject({ reported: 4, state: 'behind' })
    } finally {
      await m.payload.delete({ collection: 'entries', id: created.id })
    }
  })
})

describe('the progress matrix over GraphQL (CampaignProgress)', () => {
  it('answers what REST answers', async () => {
    const query = `{ CampaignProgress(id: ${m.fx.campaigns.linfen}) }`
    const { body } = await m.call('organizer', 'POST', '/api/graphql', { query })
    expect(body.data.CampaignProgress).toEqual((await m.call('organizer', 'GET', path())).body)
  })

  it.each(['public', 'shanghaiOrganizer', 'partner'] as RoleName[])(
    'refuses %s with the reason',
    async (role) => {
      const query = `{ CampaignProgress(id: ${m.fx.campaigns.linfen}) }`
      const { body } = await m.call(role, 'POST', '/api/graphql', { query })
      expect(body.data?.CampaignProgress ?? null).toBeNull()
      expect(body.errors[0].message).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/)
    },
  )
})

describe('the progress workbook (GET /api/campaigns/:id/progress.xlsx)', () => {
  it('holds the matrix an office forwards: units, reported and quota, 合计, and what is behind', async () => {
    const { status, headers, bytes } = await m.fetchAs('organizer', `${path()}.xlsx`)
    expect(status).toBe(200)
    expect(headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    expect(headers.get('content-disposition')).toContain('attachment')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(bytes as never)
    const values = (sheet: string) =>
      workbook
        .getWorksheet(sheet)!
        .getSheetValues()
        .filter(Boolean)
        .map((row) => (row as unknown[]).slice(1))
    const progress = values('报送进度')
    expect(progress.slice(1)).toEqual([
      [
        '序号',
        '单位',
        '网络正能量微视频征集 已报送',
        '网络正能量微视频征集 任务（至少）',
        '合计 已报送',
        '合计 任务',
        '线下活动 已开展',
        '线下活动 任务',
      ],
      [1, '尧都区总工会', 2, 1, 2, 1, 0, 1],
      [2, '霍州市总工会', 3, 5, 3, 5, 0],
      ['合计', undefined, 5, 6, 5, 6, 0, 1],
    ])
    expect(values('未完成')).toEqual([
      ['单位', '子项目', '已报送', '任务', '状态'],
      ['霍州市总工会', '网络正能量微视频征集', 3, 5, '未完成'],
    ])
  })
})
