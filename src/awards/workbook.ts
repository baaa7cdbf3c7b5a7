import type { PayloadRequest } from 'payload'

import ExcelJS from 'exceljs'

import type { AwardList } from '../payload-types'

import { sheetStatuses } from '../../collections/ScoreSheets'
import { voteFlags } from '../../collections/Votes'
import { poolOf } from '../../plugins/shared/pool'
import { subProjectTally } from '../voting/counts'
import { proposedAward } from './propose'
import { loadList, requireHostOrOffice, tierLabel } from './shared'
import { idOf } from '../lib/refusal'

/**
 * `GET /api/award-lists/:id/scores.xlsx` (评分与投票明细), for the campaign's organizers and the
 * national office: what the list was decided from, to file beside the 通报.
 * - works: one sheet per judging round of the sub-project (初评, 复评 …, by order) with every
 *   score sheet — work, judge, status, each criterion of the rubric, the weighted total, when
 *   submitted; 网络投票 with every work of the sub-project's raw, valid and invalidated votes and
 *   the votes carrying each anomaly flag; 排名与获奖 with the list's ranking as it stands.
 * - organizing units: 优秀组织单位 with each unit's works, quota, proposal and award.
 * Judges are named even in blind rounds: blindness hides authors from judges, not judges from
 * the organizers.
 */
export const scoresWorkbook = async ({
  req,
  listId,
}: {
  req: PayloadRequest
  listId: unknown
}): Promise<{ fileName: string; body: Buffer }> => {
  const list = await loadList(req, listId)
  await requireHostOrOffice(req, idOf(list.campaign), {
    zh: '下载评分与投票明细',
    en: 'download the scores and votes',
  })
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '网聚职工正能量'
  if (list.kind === 'organizing-units') {
    await unitsSheet({ req, list, workbook })
  } else {
    await roundSheets({ req, list, workbook })
    await votesSheet({ req, list, workbook })
    await rankingSheet({ req, list, workbook })
  }
  for (const sheet of workbook.worksheets) {
    sheet.getRow(1).font = { bold: true }
  }
  return {
    fileName: `${list.title ?? '评奖结果'}-评分与投票.xlsx`,
    body: Buffer.from(await workbook.xlsx.writeBuffer()),
  }
}

/** A sheet name Excel takes: at most 31 characters, none of `[]:*?/\`, unique in the book. */
const sheetName = (workbook: ExcelJS.Workbook, name: string) => {
  const base = name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 28)
  let candidate = base
  for (let n = 2; workbook.getWorksheet(candidate); n++) {
    candidate = `${base}(${n})`
  }
  return candidate
}

const find = async <T>(
  req: PayloadRequest,
  collection: 'entries' | 'users' | 'organizers',
  ids: number[],
  select: Record<string, true>,
): Promise<Map<number, T>> => {
  if (!ids.length) {
    return new Map()
  }
  const { docs } = await req.payload.find({
    collection,
    where: { id: { in: [...new Set(ids)] } },
    depth: 1,
    limit: 0,
    pagination: false,
    overrideAccess: true,
    select,
    req,
  })
  return new Map(docs.map((doc) => [Number(doc.id), doc as T]))
}

type Work = {
  title: string
  authors?: { name: string }[] | null
  submittingUnit?: { name: string } | number | null
}

const roundSheets = async ({
  req,
  list,
  workbook,
}: {
  req: PayloadRequest
  list: AwardList
  workbook: ExcelJS.Workbook
}) => {
  const subProjectId = idOf(list.subProject)
  if (!subProjectId) {
    return
  }
  const { docs: rounds } = await req.payload.find({
    collection: 'judging-rounds',
    where: { subProject: { equals: subProjectId } },
    sort: 'order',
    depth: 0,
    limit: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  for (const round of rounds) {
    const { docs: sheets } = await req.payload.find({
      collection: 'score-sheets',
      where: { round: { equals: round.id } },
      sort: 'id',
      depth: 0,
      limit: 0,
      pagination: false,
      overrideAccess: true,
      req,
    })
    const works = await find<Work>(
      req,
      'entries',
      sheets.map((sheet) => idOf(sheet.entry)!),
      { title: true },
    )
    const judges = await find<{ name?: string | null; email: string }>(
      req,
      'users',
      sheets.map((sheet) => idOf(sheet.judge)!),
      { name: true, email: true },
    )
    const criteria = [
      ...round.criteria.map((criterion) => criterion.name),
      ...sheets.flatMap((sheet) => (sheet.scores ?? []).map((score) => score.criterion)),
    ].filter((name, index, all) => all.indexOf(name) === index)
    const sheet = workbook.addWorksheet(sheetName(workbook, `评分-${round.name}`))
    sheet.addRow([
      '作品编号',
      '作品名称',
      '评委',
      '状态',
      ...criteria.map((name) => {
        const max = round.criteria.find((criterion) => criterion.name === name)?.maxScore
        return max ? `${name}（满分 ${max}）` : name
      }),
      '加权总分',
      '提交时间',
    ])
    for (const each of sheets) {
      const judge = judges.get(idOf(each.judge)!)
      sheet.addRow([
        idOf(each.entry),
        works.get(idOf(each.entry)!)?.title ?? '',
        judge?.name || judge?.email || `#${idOf(each.judge)}`,
        sheetStatuses.find((status) => status.value === each.status)?.label.zh ?? each.status,
        ...criteria.map(
          (name) => each.scores?.find((score) => score.criterion === name)?.score ?? null,
        ),
        each.total ?? null,
        each.submittedAt ? new Date(each.submittedAt) : null,
      ])
    }
    sheet.getColumn(2).width = 30
    sheet.getColumn(4 + criteria.length + 2).width = 20
  }
}

const votesSheet = async ({
  req,
  list,
  workbook,
}: {
  req: PayloadRequest
  list: AwardList
  workbook: ExcelJS.Workbook
}) => {
  const subProjectId = idOf(list.subProject)
  if (!subProjectId) {
    return
  }
  const { works } = await subProjectTally({ pool: poolOf(req.payload), subProjectId })
  const sheet = workbook.addWorksheet('网络投票')
  sheet.addRow([
    '作品编号',
    '作品名称',
    '总票数',
    '有效票数',
    '作废票数',
    ...voteFlags.map((flag) => flag.label.zh),
  ])
  for (const work of works) {
    sheet.addRow([
      work.entry,
      work.title,
      work.raw,
      work.valid,
      work.invalid,
      ...voteFlags.map((flag) => work.flags[flag.value as keyof typeof work.flags]),
    ])
  }
  sheet.getColumn(2).width = 30
}

const rankingSheet = async ({
  req,
  list,
  workbook,
}: {
  req: PayloadRequest
  list: AwardList
  workbook: ExcelJS.Workbook
}) => {
  const rows = list.ranking ?? []
  const works = await find<Work>(
    req,
    'entries',
    rows.map((row) => idOf(row.entry)!),
    { title: true, authors: true, submittingUnit: true },
  )
  const sheet = workbook.addWorksheet('排名与获奖')
  sheet.addRow([
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
  for (const row of rows) {
    const work = works.get(idOf(row.entry)!)
    const unit = work?.submittingUnit
    sheet.addRow([
      row.rank ?? null,
      idOf(row.entry),
      work?.title ?? '',
      (work?.authors ?? []).map((author) => author.name).join('、'),
      unit && typeof unit === 'object' ? unit.name : '',
      row.juryScore ?? null,
      row.votes ?? null,
      row.finalScore ?? null,
      row.proposedTier ? tierLabel(row.proposedTier) : '',
      row.tier ? tierLabel(row.tier) : '',
      row.reason ?? '',
    ])
  }
  sheet.getColumn(3).width = 30
}

const unitsSheet = async ({
  req,
  list,
  workbook,
}: {
  req: PayloadRequest
  list: AwardList
  workbook: ExcelJS.Workbook
}) => {
  const rows = list.units ?? []
  const units = await find<{ name: string }>(
    req,
    'organizers',
    rows.map((row) => idOf(row.unit)!),
    { name: true },
  )
  const sheet = workbook.addWorksheet('优秀组织单位')
  sheet.addRow(['单位', '报送作品', '完成任务', '建议授予', '授予', '调整原因'])
  const yes = (value: boolean | null | undefined) => (value ? '是' : '否')
  for (const row of rows) {
    sheet.addRow([
      units.get(idOf(row.unit)!)?.name ?? '',
      row.reported ?? 0,
      yes(row.quotaMet),
      yes(proposedAward(row)),
      yes(row.isAwarded),
      row.reason ?? '',
    ])
  }
  sheet.getColumn(1).width = 30
}
