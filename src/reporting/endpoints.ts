import type { Endpoint, PayloadRequest } from 'payload'

import ExcelJS from 'exceljs'

import type { CampaignProgress, CellState } from './progress'

import { actorOf } from '../access/roles'
import { campaignDashboard, myCampaigns } from './dashboard'
import { campaignProgress, ProgressRefusal } from './progress'

const stateLabels: Record<CellState, string> = {
  met: '已完成',
  behind: '未完成',
  over: '超出任务',
  none: '未设任务',
}

const refused = (err: unknown): Response | undefined =>
  err instanceof ProgressRefusal
    ? Response.json({ errors: [{ message: err.message }] }, { status: err.status })
    : undefined

const progressOf = (req: PayloadRequest) =>
  campaignProgress({ req, campaignId: Number(req.routeParams?.id) })

/**
 * The progress matrix as a workbook an office forwards or prints: 序号, 单位, then per
 * sub-project the works reported and the quota, the row's 合计, and a 合计 row; a second sheet
 * lists the cells that are not met.
 */
export const progressWorkbook = async (progress: CampaignProgress): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '网聚职工正能量'
  const sheet = workbook.addWorksheet('报送进度')
  const tiers = progress.rows[0]?.propagandists.map((team) => team.tier) ?? []
  sheet.addRow([`${progress.campaign.name} 报送进度`])
  sheet.addRow([
    '序号',
    '单位',
    ...progress.subProjects.flatMap(({ name, quota }) => [
      `${name} 已报送`,
      `${name} 任务（${quota.mode === 'exact' ? '报送' : '至少'}）`,
    ]),
    '合计 已报送',
    '合计 任务',
    '线下活动 已开展',
    '线下活动 任务',
    ...tiers.flatMap((tier) => [`${tier} 已报人数`, `${tier} 目标`]),
  ])
  progress.rows.forEach((row, index) => {
    sheet.addRow([
      index + 1,
      row.unit.name,
      ...row.cells.flatMap((cell) => [cell.reported, cell.quota ?? null]),
      row.total.reported,
      row.total.quota,
      row.offlineEvents.reported,
      row.offlineEvents.quota,
      ...row.propagandists.flatMap((team) => [team.reported, team.target]),
    ])
  })
  const sum = (values: (number | null)[]) => values.reduce<number>((a, b) => a + (b ?? 0), 0)
  sheet.addRow([
    '合计',
    null,
    ...progress.totals.cells.flatMap((cell) => [cell.reported, cell.quota]),
    progress.totals.reported,
    progress.totals.quota,
    sum(progress.rows.map((row) => row.offlineEvents.reported)),
    sum(progress.rows.map((row) => row.offlineEvents.quota)),
    ...tiers.flatMap((_, index) => [
      sum(progress.rows.map((row) => row.propagandists[index]!.reported)),
      sum(progress.rows.map((row) => row.propagandists[index]!.target)),
    ]),
  ])
  sheet.getRow(2).font = { bold: true }
  sheet.getColumn(2).width = 24
  const behind = workbook.addWorksheet('未完成')
  behind.addRow(['单位', '子项目', '已报送', '任务', '状态'])
  for (const row of progress.rows) {
    row.cells.forEach((cell, index) => {
      if (cell.state === 'behind' || cell.state === 'over') {
        behind.addRow([
          row.unit.name,
          progress.subProjects[index]!.name,
          cell.reported,
          cell.quota,
          stateLabels[cell.state],
        ])
      }
    })
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/**
 * `GET /api/campaigns/:id/progress` (JSON) and `/progress.xlsx`; the campaign dashboard built on
 * it, `GET /api/campaigns/:id/dashboard`, and the campaigns a reader's dashboard offers,
 * `GET /api/campaigns/mine`.
 */
export const progressEndpoints: Endpoint[] = [
  {
    path: '/mine',
    method: 'get',
    handler: async (req) => {
      const actor = actorOf(req)
      if (actor.kind === 'public') {
        return Response.json({ errors: [{ message: '请先登录 / log in first' }] }, { status: 401 })
      }
      if (actor.kind === 'partner') {
        return Response.json(
          {
            errors: [
              {
                message:
                  '活动看板只供工作人员使用 / the campaign dashboard is for staff accounts only',
              },
            ],
          },
          { status: 403 },
        )
      }
      return Response.json({ campaigns: await myCampaigns({ req }) })
    },
  },
  {
    path: '/:id/dashboard',
    method: 'get',
    handler: async (req) => {
      try {
        const dashboard = await campaignDashboard({ req, campaignId: Number(req.routeParams?.id) })
        return Response.json(dashboard, { headers: { 'cache-control': 'private, no-store' } })
      } catch (err) {
        return refused(err) ?? Promise.reject(err)
      }
    },
  },
  {
    path: '/:id/progress',
    method: 'get',
    handler: async (req) => {
      try {
        return Response.json(await progressOf(req))
      } catch (err) {
        return refused(err) ?? Promise.reject(err)
      }
    },
  },
  {
    path: '/:id/progress.xlsx',
    method: 'get',
    handler: async (req) => {
      try {
        const progress = await progressOf(req)
        const fileName = `${progress.campaign.name}-报送进度.xlsx`
        return new Response(new Uint8Array(await progressWorkbook(progress)), {
          headers: {
            'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'content-disposition': `attachment; filename="progress.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
            'cache-control': 'private, no-store',
          },
        })
      } catch (err) {
        return refused(err) ?? Promise.reject(err)
      }
    },
  },
]
