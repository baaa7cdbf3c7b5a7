import type { PayloadRequest } from 'payload'

import ExcelJS from 'exceljs'
import { commitTransaction, initTransaction, killTransaction } from 'payload'
import { extractID } from 'payload/shared'
import { Readable } from 'node:stream'
import { inflateRawSync } from 'node:zlib'

import type { QuotaColumnTarget, QuotaProblem } from '../domain/quotaTable'

import { normalizeHeading, parseQuotaTable } from '../domain/quotaTable'
import { actorOf, hostedCampaignIds } from '../access/roles'

/**
 * 任务分解表 as a file: a campaign's task table (the `quotas` collection, one row per unit) read
 * from an uploaded workbook or CSV and written back out as one. Reading goes through
 * parseQuotaTable, as the demo data's printed table does, and adds what only the campaign knows:
 * its sub-projects, its units and who takes part in it. Every problem is reported with its row;
 * nothing is guessed, and a table with any problem is not imported at all.
 */

/** Largest file taken, in bytes. */
export const maxTaskTableBytes = 2 * 1024 * 1024

/** Largest a workbook may grow when unzipped: a task table is a few hundred cells. */
const maxUnzippedBytes = 20 * 1024 * 1024

/** Most rows a file may have. */
const maxTaskTableRows = 10_000

/** The heading of the offline-events column. */
export const offlineEventsHeading = '线下活动'

export type TaskTableFormat = 'xlsx' | 'csv'

/** A refusal of the whole request: who asks, which campaign, or a file that cannot be read. */
export class TaskTableRefusal extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 413,
    message: string,
  ) {
    super(message)
    this.name = 'TaskTableRefusal'
  }
}

/** The campaign a task table belongs to, as reading and writing one needs it. */
export type TaskTableCampaign = {
  id: number
  name: string
  /** Its hosts and participants: they and the units below them take part. */
  takingPart: number[]
  /** Its open calls (published sub-projects), each a column, in the order they were created. */
  subProjects: { id: number; name: string }[]
  /** Its propagandist tiers (宣传队伍类别), each a column after the sub-projects. */
  tiers: string[]
}

/** One unit's row as it would be saved. */
export type TaskTableRow = {
  /** 序号 as written. */
  row: number
  /** The unit named; `id` null when no unit has that name. */
  unit: { id: number | null; name: string }
  offlineEvents: number | null
  works: { subProject: { id: number; name: string }; count: number }[]
  /** The unit's own head-count target per tier, overriding the campaign's. */
  propagandists: { tier: string; count: number }[]
  /** What an import does with it: a new row, the unit's stored row replaced, or nothing (a problem row). */
  action: 'create' | 'update' | null
}

export type TaskTablePreview = {
  format: TaskTableFormat
  rows: TaskTableRow[]
  /** Units with a stored row that the file leaves out: an import clears their row. */
  removed: { id: number; name: string }[]
  /** The tiers the file has a column for: an import replaces those targets and keeps the others. */
  tierColumns: string[]
  problems: QuotaProblem[]
}

export type TaskTableImport = {
  rows: number
  created: number
  updated: number
  removed: number
}

const refusedReader =
  '只有全国办公室和活动主办单位的组织者可以导入、导出任务分解表 / only the national office and the organizers of the campaign’s hosts import and export its task table'

/**
 * The campaign whose task table `req` may read and replace: the national office any, an
 * organizer those its unit hosts; everyone else is refused before anything is read.
 */
export const taskTableCampaign = async ({
  req,
  campaignId,
}: {
  req: PayloadRequest
  campaignId: number
}): Promise<TaskTableCampaign> => {
  const actor = actorOf(req)
  if (actor.kind !== 'admin' && actor.kind !== 'organizer') {
    throw new TaskTableRefusal(403, refusedReader)
  }
  const campaign = Number.isSafeInteger(campaignId)
    ? await req.payload
        .findByID({
          collection: 'campaigns',
          id: campaignId,
          depth: 0,
          overrideAccess: false,
          user: req.user,
          disableErrors: true,
          select: { name: true, hosts: true, participants: true, propagandistTargets: true },
          req,
        })
        .catch(() => null)
    : null
  if (!campaign) {
    throw new TaskTableRefusal(
      404,
      `没有编号为 ${campaignId} 的主题活动 / no campaign ${campaignId}`,
    )
  }
  if (
    actor.kind === 'organizer' &&
    !(await hostedCampaignIds(req, actor.organizerId)).includes(campaignId)
  ) {
    throw new TaskTableRefusal(403, refusedReader)
  }
  const { docs } = await req.payload.find({
    collection: 'sub-projects',
    // Open calls only, as the progress matrix: a sub-project still in draft takes no works yet.
    where: { and: [{ campaign: { equals: campaignId } }, { _status: { equals: 'published' } }] },
    depth: 0,
    limit: 0,
    pagination: false,
    sort: 'createdAt',
    select: { name: true },
    overrideAccess: false,
    user: req.user,
    req,
  })
  return {
    id: campaignId,
    name: campaign.name,
    takingPart: [...(campaign.hosts ?? []), ...(campaign.participants ?? [])].map((unit) =>
      Number(extractID(unit)),
    ),
    subProjects: docs.map((doc) => ({ id: Number(doc.id), name: doc.name })),
    tiers: (campaign.propagandistTargets ?? []).map((target) => target.tier),
  }
}

/**
 * The rows of cells of an uploaded file, told apart by its bytes, not its name: an XLSX workbook
 * (its first sheet) or a CSV in UTF-8, with or without a byte-order mark. Anything else, an old
 * .xls, a CSV in another encoding (Excel's “CSV” in Chinese Windows is GBK), an unreadable or
 * oversized workbook, is refused.
 */
export const readSpreadsheet = async (
  bytes: Buffer,
): Promise<{ format: TaskTableFormat; rows: string[][] }> => {
  if (bytes.length > maxTaskTableBytes) {
    throw new TaskTableRefusal(413, tooLargeMessage)
  }
  if (bytes.length === 0) {
    throw new TaskTableRefusal(400, '文件是空的 / the file is empty')
  }
  const workbook = new ExcelJS.Workbook()
  let format: TaskTableFormat
  if (bytes.subarray(0, 4).equals(zipSignature)) {
    format = 'xlsx'
    checkUnzippedSize(bytes)
    try {
      await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer)
    } catch {
      throw new TaskTableRefusal(400, unreadableWorkbook)
    }
  } else if (bytes.subarray(0, 8).equals(oleSignature)) {
    throw new TaskTableRefusal(
      400,
      '这是旧版 Excel（.xls）或加密的工作簿，请另存为 .xlsx 或 CSV UTF-8 后上传 / an old Excel (.xls) or encrypted workbook: save it as .xlsx or CSV UTF-8',
    )
  } else {
    format = 'csv'
    await workbook.csv.read(Readable.from([csvText(bytes)]), {
      // Every value as written: the default reading turns `0x10` into 16 and dates into Dates.
      map: (value: string) => value,
    })
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) {
    throw new TaskTableRefusal(400, unreadableWorkbook)
  }
  if (sheet.rowCount > maxTaskTableRows) {
    throw new TaskTableRefusal(
      413,
      `表格超过 ${maxTaskTableRows} 行 / the table has more than ${maxTaskTableRows} rows`,
    )
  }
  const rows: string[][] = []
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = []
    for (let column = 1; column <= row.cellCount; column++) {
      const cell = row.getCell(column)
      // A merged cell's value is its first cell's: it has none of its own.
      cells.push(cell.type === ExcelJS.ValueType.Merge ? '' : cellText(cell.value))
    }
    rows.push(cells)
  })
  return { format, rows }
}

/**
 * What importing `rows` into `campaign` would save, and every problem that stops it: those of
 * parseQuotaTable (values beyond the header, a value that is not a whole number of 0 or more, a
 * heading that matches no sub-project, a 合计 row that does not add up), and a sub-project
 * without a column, a unit that does not exist, does not take part in the campaign, or has two
 * rows. A heading matches a sub-project by its name (as normalizeHeading reads both), or by
 * `columns`, the uploader's own heading → sub-project id, for tables printed with short headings
 * (Linfen's `微视频` for 网络正能量微视频征集); `线下活动` is the offline events; a heading naming one
 * of the campaign's propagandist tiers (职工好网民宣传员) is the unit's target for it, optional.
 */
export const previewTaskTable = async ({
  req,
  campaign,
  format,
  rows: sheetRows,
  columns: chosen = {},
}: {
  req: PayloadRequest
  campaign: TaskTableCampaign
  format: TaskTableFormat
  rows: string[][]
  columns?: Record<string, number>
}): Promise<TaskTablePreview> => {
  const problems: QuotaProblem[] = []
  const tierColumns: string[] = []
  const preview = (rows: TaskTableRow[], removed: TaskTablePreview['removed'] = []) => ({
    format,
    rows,
    removed,
    tierColumns,
    problems: inTableOrder(problems),
  })

  const table = fromHeader(sheetRows)
  if (typeof table === 'string') {
    problems.push({ row: 'header', message: table })
    return preview([])
  }

  const subProjects = new Map(campaign.subProjects.map((s) => [s.id, s]))
  const columns: Record<string, QuotaColumnTarget> = {
    [offlineEventsHeading]: { kind: 'offline-events' },
  }
  const byName = new Map<string, number[]>()
  for (const subProject of campaign.subProjects) {
    const heading = normalizeHeading(subProject.name)
    byName.set(heading, [...(byName.get(heading) ?? []), subProject.id])
  }
  for (const tier of campaign.tiers) {
    const heading = normalizeHeading(tier)
    if (byName.has(heading)) {
      problems.push({
        row: 'header',
        message: `“${heading}”既是子项目又是宣传队伍类别，须改名其一 / “${heading}” names both a sub-project and a propagandist tier: rename one`,
      })
    } else {
      columns[heading] = { kind: 'propagandists', tier }
    }
  }
  for (const [heading, ids] of byName) {
    if (ids.length === 1) {
      columns[heading] = { kind: 'works', subProject: String(ids[0]) }
    } else {
      problems.push({
        row: 'header',
        message: `有 ${ids.length} 个子项目都叫“${heading}”，其列须在 columns 中指定 / ${ids.length} sub-projects are called “${heading}”: name their columns in columns`,
      })
    }
  }
  for (const [heading, id] of Object.entries(chosen)) {
    if (subProjects.has(id)) {
      columns[normalizeHeading(heading)] = { kind: 'works', subProject: String(id) }
    } else {
      problems.push({
        row: 'header',
        message: `columns 中“${heading}”对应的 ${id} 不是本活动已发布的子项目 / columns: ${id} for “${heading}” is not a published sub-project of this campaign`,
      })
    }
  }

  const parsed = parseQuotaTable({ table, columns, blankCells: 'unset' })
  problems.push(...parsed.problems)

  // Each sub-project and the offline events have exactly one column.
  const headings = table[0]!.slice(2).map(normalizeHeading)
  const seen = new Map<string, number>()
  headings.forEach((heading, i) => {
    const target = columns[heading]
    const key =
      target?.kind === 'works'
        ? target.subProject
        : target?.kind === 'propagandists'
          ? `tier:${target.tier}`
          : target?.kind
    if (!key) {
      return
    }
    const first = seen.get(key)
    if (first === undefined) {
      seen.set(key, i)
      if (target.kind === 'propagandists') {
        tierColumns.push(target.tier)
      }
      return
    }
    problems.push({
      row: 'header',
      message: `表头第 ${i + 3} 列“${heading}”与第 ${first + 3} 列“${headings[first]}”是同一项，该列未导入 / column “${heading}” repeats column ${first + 3}: not loaded`,
    })
  })
  for (const subProject of campaign.subProjects.filter((s) => !seen.has(String(s.id)))) {
    problems.push({
      row: 'header',
      message: `子项目“${subProject.name}”在表中没有对应的列，未导入其任务 / sub-project "${subProject.name}" has no column in the table: no quota loaded for it`,
    })
  }
  if (parsed.rows.length === 0) {
    problems.push({
      row: 'header',
      message: '表中没有任何单位的行，未导入 / the table has no unit rows: nothing to import',
    })
  }

  const units = await unitsNamed({ req, names: parsed.rows.map((row) => row.unit) })
  const stored = await storedRows({ req, campaignId: campaign.id })
  const rowOfUnit = new Map<number, number>()
  const rows = parsed.rows.map((row): TaskTableRow => {
    const where = { row: row.rowNumber, unit: row.unit }
    const found = units.get(bare(row.unit)) ?? []
    const unit = found.length === 1 ? found[0]! : undefined
    let isUsable = false
    if (found.length === 0) {
      problems.push({
        ...where,
        message: `单位“${row.unit}”不存在，本行未导入 / unknown unit, row not loaded`,
      })
    } else if (!unit) {
      problems.push({
        ...where,
        message: `有 ${found.length} 个单位都叫“${row.unit}”，本行未导入 / ${found.length} units are called “${row.unit}”: row not loaded`,
      })
    } else if (!takesPart(campaign, unit.path)) {
      problems.push({
        ...where,
        message: `单位“${unit.name}”不是主题活动“${campaign.name}”的参与单位（主办、参与单位及其下级单位），本行未导入 / "${unit.name}" does not take part in "${campaign.name}" (its hosts, participants and the units below them): row not loaded`,
      })
    } else if (rowOfUnit.has(unit.id)) {
      problems.push({
        ...where,
        message: `单位“${unit.name}”已在序号 ${rowOfUnit.get(unit.id)} 的行中，本行未导入 / "${unit.name}" already has row ${rowOfUnit.get(unit.id)}: row not loaded`,
      })
    } else {
      rowOfUnit.set(unit.id, row.rowNumber)
      isUsable = true
    }
    return {
      row: row.rowNumber,
      unit: { id: unit?.id ?? null, name: unit?.name ?? row.unit },
      offlineEvents: row.offlineEvents ?? null,
      works: row.works.map(({ subProject, count }) => ({
        subProject: subProjects.get(Number(subProject))!,
        count,
      })),
      propagandists: row.propagandists,
      action: unit && isUsable ? (stored.has(unit.id) ? 'update' : 'create') : null,
    }
  })

  const removedIds = [...stored.keys()].filter((id) => !rowOfUnit.has(id))
  const removedNames = await unitNames({ req, ids: removedIds })
  return preview(
    rows,
    removedIds.map((id) => ({ id, name: removedNames.get(id) ?? `#${id}` })),
  )
}

/**
 * Replaces the campaign's task table with the preview's rows, in one transaction: each unit's
 * row created or replaced (its offline events and its works of the campaign's open calls; works
 * it has for a sub-project still in draft, which has no column, are kept), and the rows of units
 * the file leaves out cleared. A preview with problems is refused whole.
 */
export const importTaskTable = async ({
  req,
  campaign,
  preview,
}: {
  req: PayloadRequest
  campaign: TaskTableCampaign
  preview: TaskTablePreview
}): Promise<TaskTableImport> => {
  if (preview.problems.length > 0) {
    throw new TaskTableRefusal(
      400,
      `任务分解表有 ${preview.problems.length} 处问题，未导入任何内容 / ${preview.problems.length} problems in the task table: nothing was imported`,
    )
  }
  const { payload } = req
  const access = { overrideAccess: false, user: req.user, req, depth: 0 } as const
  const columns = new Set(campaign.subProjects.map((s) => s.id))
  const counts: TaskTableImport = { rows: preview.rows.length, created: 0, updated: 0, removed: 0 }
  const shouldCommit = await initTransaction(req)
  try {
    const stored = await storedRows({ req, campaignId: campaign.id })
    /** What a stored row keeps: its works of sub-projects and its targets of tiers that have no column. */
    const kept = (docs: StoredRow[] | undefined) => ({
      works: (docs?.[0]?.works ?? [])
        .map((work) => ({ subProject: Number(extractID(work.subProject)), count: work.count }))
        .filter((work) => !columns.has(work.subProject)),
      propagandists: (docs?.[0]?.propagandists ?? [])
        .map(({ tier, count }) => ({ tier, count }))
        .filter((target) => !preview.tierColumns.includes(target.tier)),
    })
    const remove = async (docs: StoredRow[]) => {
      for (const doc of docs) {
        await payload.delete({ collection: 'quotas', id: doc.id, ...access })
      }
    }
    const imported = new Set(preview.rows.map((row) => row.unit.id))
    for (const row of preview.rows) {
      const unitId = row.unit.id!
      const docs = stored.get(unitId)
      const keep = kept(docs)
      const data = {
        offlineEvents: row.offlineEvents,
        works: [
          ...row.works.map((work) => ({ subProject: work.subProject.id, count: work.count })),
          ...keep.works,
        ],
        propagandists: [...row.propagandists, ...keep.propagandists],
      }
      if (docs?.[0]) {
        await payload.update({ collection: 'quotas', id: docs[0].id, data, ...access })
        // A second stored row of the unit, should it have one, goes: one row per unit.
        await remove(docs.slice(1))
        counts.updated += 1
      } else {
        await payload.create({
          collection: 'quotas',
          data: { campaign: campaign.id, unit: unitId, ...data },
          ...access,
        })
        counts.created += 1
      }
    }
    for (const [unitId, docs] of stored) {
      if (imported.has(unitId)) {
        continue
      }
      const keep = kept(docs)
      if (keep.works.length > 0 || keep.propagandists.length > 0) {
        await payload.update({
          collection: 'quotas',
          id: docs[0]!.id,
          data: { offlineEvents: null, ...keep },
          ...access,
        })
        await remove(docs.slice(1))
      } else {
        await remove(docs)
      }
      counts.removed += 1
    }
    if (shouldCommit) {
      await commitTransaction(req)
    }
    return counts
  } catch (err) {
    await killTransaction(req)
    throw err
  }
}

/** A cell of the table as written: a count, or blank. */
export type TaskTableCell = string | number | null

/**
 * The task table as stored, as a file's rows: 序号, 单位, 线下活动, one column per open call and one
 * per propagandist tier, a row per unit (the campaign's participants in their order, then the
 * others as created), and a 合计 row. A blank cell is no quota set for that unit (its
 * sub-project's rule, or the campaign's target for the tier, applies).
 */
export const storedTaskTable = async ({
  req,
  campaign,
}: {
  req: PayloadRequest
  campaign: TaskTableCampaign
}): Promise<TaskTableCell[][]> => {
  const stored = await storedRows({ req, campaignId: campaign.id })
  const names = await unitNames({ req, ids: [...stored.keys()] })
  const order = (id: number) => {
    const index = campaign.takingPart.indexOf(id)
    return index === -1 ? Number.MAX_SAFE_INTEGER : index
  }
  const unitIds = [...stored.keys()].sort((a, b) => order(a) - order(b) || a - b)
  const header = [
    '序号',
    '单位',
    offlineEventsHeading,
    ...campaign.subProjects.map((s) => s.name),
    ...campaign.tiers,
  ]
  const body = unitIds.map((unitId, index) => {
    const doc = stored.get(unitId)![0]!
    const count = (subProjectId: number) =>
      doc.works?.find((work) => Number(extractID(work.subProject)) === subProjectId)?.count ?? null
    return [
      index + 1,
      names.get(unitId) ?? `#${unitId}`,
      doc.offlineEvents ?? null,
      ...campaign.subProjects.map((s) => count(s.id)),
      ...campaign.tiers.map(
        (tier) => doc.propagandists?.find((target) => target.tier === tier)?.count ?? null,
      ),
    ]
  })
  const total = header
    .slice(2)
    .map((_, column) => body.reduce((sum, row) => sum + (Number(row[column + 2] ?? 0) || 0), 0))
  return [header, ...body, [null, '合计', ...total]]
}

/** The table as an XLSX workbook of one sheet, 任务分解表. */
export const taskTableWorkbook = async (table: TaskTableCell[][]): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '网聚职工正能量'
  const sheet = workbook.addWorksheet('任务分解表')
  sheet.addRows(table)
  sheet.getRow(1).font = { bold: true }
  sheet.getRow(table.length).font = { bold: true }
  sheet.getColumn(2).width = 24
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** The table as CSV in UTF-8 with a byte-order mark, by which Excel knows the encoding. */
export const taskTableCsv = async (table: TaskTableCell[][]): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook()
  workbook.addWorksheet('任务分解表').addRows(table.map((row) => row.map((cell) => cell ?? '')))
  const csv = await workbook.csv.writeBuffer({ formatterOptions: { rowDelimiter: '\r\n' } })
  return Buffer.concat([utf8Bom, Buffer.from(csv)])
}

type StoredRow = {
  id: number
  offlineEvents?: number | null
  works?: { subProject: number | { id: number }; count: number }[] | null
  propagandists?: { tier: string; count: number }[] | null
}

/** The campaign's stored rows by unit (a unit with two has both, the first created first). */
const storedRows = async ({
  req,
  campaignId,
}: {
  req: PayloadRequest
  campaignId: number
}): Promise<Map<number, StoredRow[]>> => {
  const { docs } = await req.payload.find({
    collection: 'quotas',
    where: { campaign: { equals: campaignId } },
    depth: 0,
    limit: 0,
    pagination: false,
    sort: 'createdAt',
    select: { unit: true, offlineEvents: true, works: true, propagandists: true },
    overrideAccess: false,
    user: req.user,
    req,
  })
  const rows = new Map<number, StoredRow[]>()
  for (const doc of docs) {
    const unitId = Number(extractID(doc.unit))
    rows.set(unitId, [
      ...(rows.get(unitId) ?? []),
      {
        id: Number(doc.id),
        offlineEvents: doc.offlineEvents,
        works: doc.works,
        propagandists: doc.propagandists,
      },
    ])
  }
  return rows
}

type UnitDoc = { id: number; name: string; path: string }

/** A unit's name without its whitespace: `尧都区 总工会` is 尧都区总工会. */
const bare = (name: string) => name.replace(/[\s\u3000]+/g, '')

/** The units of these names, by bare name (two units may share one). */
const unitsNamed = async ({
  req,
  names,
}: {
  req: PayloadRequest
  names: string[]
}): Promise<Map<string, UnitDoc[]>> => {
  const wanted = [...new Set(names.flatMap((name) => [name, bare(name)]))]
  const { docs } = wanted.length
    ? await req.payload.find({
        collection: 'organizers',
        where: { name: { in: wanted } },
        depth: 0,
        limit: 0,
        pagination: false,
        select: { name: true, path: true },
        overrideAccess: false,
        user: req.user,
        req,
      })
    : { docs: [] }
  const units = new Map<string, UnitDoc[]>()
  for (const doc of docs) {
    const unit = { id: Number(doc.id), name: doc.name, path: doc.path ?? '' }
    units.set(bare(unit.name), [...(units.get(bare(unit.name)) ?? []), unit])
  }
  return units
}

const unitNames = async ({
  req,
  ids,
}: {
  req: PayloadRequest
  ids: number[]
}): Promise<Map<number, string>> => {
  if (ids.length === 0) {
    return new Map()
  }
  const { docs } = await req.payload.find({
    collection: 'organizers',
    where: { id: { in: ids } },
    depth: 0,
    limit: 0,
    pagination: false,
    select: { name: true },
    overrideAccess: false,
    user: req.user,
    req,
  })
  return new Map(docs.map((doc) => [Number(doc.id), doc.name]))
}

/**
 * Whether a unit takes part in the campaign, by the rule the works' guard
 * (requireParticipatingUnit) applies: it or a unit above it hosts or takes part; a campaign that
 * names neither hosts nor participants takes anyone.
 */
const takesPart = (campaign: TaskTableCampaign, path: string): boolean =>
  campaign.takingPart.length === 0 ||
  path
    .split('/')
    .filter(Boolean)
    .some((id) => campaign.takingPart.includes(Number(id)))

/**
 * The sheet's rows from its header on: a title above it (a row of one cell, `附件1`) is left
 * out. The header starts with 序号 and 单位; otherwise why not, as a problem.
 */
const fromHeader = (rows: string[][]): string[][] | string => {
  const filled = (cells: string[]) => cells.filter((cell) => cell.trim()).length
  const start = rows.findIndex((cells) => filled(cells) > 1)
  const header = rows[start]
  if (!header) {
    return '表格为空，或没有表头（序号、单位及各列） / the table is empty or has no header (序号, 单位 and its columns)'
  }
  const [first = '', second = ''] = header.map(normalizeHeading)
  if (first !== '序号' || second !== '单位') {
    return `表头应以“序号”“单位”两列开头，而不是“${first}”“${second}”，未导入 / the header must start with 序号 and 单位, not “${first}” and “${second}”`
  }
  return rows.slice(start)
}

/** Problems as a reader goes through the table: its header, each row by 序号, then 合计. */
const inTableOrder = (problems: QuotaProblem[]): QuotaProblem[] => {
  const rank = ({ row }: QuotaProblem) =>
    row === 'header' ? -1 : row === 'total' ? Number.MAX_SAFE_INTEGER : row
  return [...problems].sort((a, b) => rank(a) - rank(b))
}

/** A cell's value as the text a reader sees in it; a formula without its result, as written. */
const cellText = (value: ExcelJS.CellValue): string => {
  if (value === null || value === undefined) {
    return ''
  }
  if (typeof value === 'string') {
    return value
  }
  if (typeof value === 'number') {
    return String(value)
  }
  if (typeof value === 'boolean') {
    return value ? 'TRUE' : 'FALSE'
  }
  if (value instanceof Date) {
    return value.toISOString()
  }
  if ('richText' in value) {
    return value.richText.map((part) => part.text).join('')
  }
  if ('formula' in value || 'sharedFormula' in value) {
    const { result } = value as ExcelJS.CellFormulaValue
    return result === undefined || result === null
      ? `=${(value as ExcelJS.CellFormulaValue).formula ?? ''}`
      : cellText(result as ExcelJS.CellValue)
  }
  if ('error' in value) {
    return value.error
  }
  if ('text' in value) {
    return cellText(value.text as ExcelJS.CellValue)
  }
  return JSON.stringify(value)
}

const zipSignature = Buffer.from([0x50, 0x4b, 0x03, 0x04])
const oleSignature = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
const utf8Bom = Buffer.from([0xef, 0xbb, 0xbf])

const tooLargeMessage = `文件超过 ${maxTaskTableBytes / 1024 / 1024} MB 的上限，已拒收 / the file is larger than the ${maxTaskTableBytes / 1024 / 1024} MB limit and was refused`

const unreadableWorkbook =
  '无法读取该 XLSX 工作簿，文件可能已损坏 / the XLSX workbook cannot be read: the file may be damaged'

/** The text of a CSV file in UTF-8, its byte-order mark dropped; any other encoding is refused. */
const csvText = (bytes: Buffer): string => {
  const body = bytes.subarray(0, 3).equals(utf8Bom) ? bytes.subarray(3) : bytes
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body)
  } catch {
    text = '\0'
  }
  if (text.includes('\0')) {
    throw new TaskTableRefusal(
      400,
      '文件既不是 XLSX 工作簿，也不是 UTF-8 编码的 CSV（Excel 中请另存为“CSV UTF-8”） / the file is neither an XLSX workbook nor a CSV in UTF-8 (in Excel: save as “CSV UTF-8”)',
    )
  }
  return text
}

/**
 * Refuses a workbook that would unzip to more than maxUnzippedBytes, before it is unzipped to
 * be read: a 2 MB file of zeros unzips to gigabytes. Each entry of the zip's central directory
 * (which the reader follows too) is inflated with that bound, since the sizes a zip declares can
 * lie.
 */
const checkUnzippedSize = (zip: Buffer) => {
  const unreadable = () => new TaskTableRefusal(400, unreadableWorkbook)
  const tooLarge = () =>
    new TaskTableRefusal(
      413,
      `工作簿解压后超过 ${maxUnzippedBytes / 1024 / 1024} MB，已拒收 / the workbook unzips to more than ${maxUnzippedBytes / 1024 / 1024} MB and was refused`,
    )
  let end = -1
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === 0x06054b50) {
      end = at
      break
    }
  }
  if (end === -1) {
    throw unreadable()
  }
  const entries = zip.readUInt16LE(end + 10)
  let at = zip.readUInt32LE(end + 16)
  let unzipped = 0
  for (let n = 0; n < entries; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) {
      throw unreadable()
    }
    const method = zip.readUInt16LE(at + 10)
    const compressedSize = zip.readUInt32LE(at + 20)
    const local = zip.readUInt32LE(at + 42)
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32)
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) {
      throw unreadable()
    }
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    const data = zip.subarray(start, start + compressedSize)
    if (data.length < compressedSize) {
      throw unreadable()
    }
    if (method === 0) {
      unzipped += data.length
    } else if (method === 8) {
      try {
        unzipped += inflateRawSync(data, {
          maxOutputLength: maxUnzippedBytes - unzipped + 1,
        }).length
      } catch (err) {
        throw (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? tooLarge() : unreadable()
      }
    } else {
      throw unreadable()
    }
    if (unzipped > maxUnzippedBytes) {
      throw tooLarge()
    }
  }
}
