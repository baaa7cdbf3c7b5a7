/**
 * 任务分解表 in and out as a file: preview, import and export over REST, for every kind of
 * caller. Linfen's attachment 1 as printed (rows wider than the header, no micro-film column, a
 * 合计 that does not add up) is written into a workbook here and must be reported exactly as the
 * demo data reports it, and refused; clean tables are imported, shown in the progress matrix and
 * exported back.
 */
import { deflateRawSync } from 'node:zlib'

import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { QuotaProblem } from '../../src/domain/quotaTable'
import type { SeedReport } from '../../src/seed/seed'
import type { Matrix, RoleName } from '../access/matrix/harness'

import { seedData } from '../../src/seed/data'
import { seed } from '../../src/seed/seed'
import { openMatrix, roles } from '../access/matrix/harness'

type Cell = string | number | null

let m: Matrix
/** The demo data's report of loading attachment 1 into a campaign of its own. */
let seedReport: SeedReport
/** A campaign built by the demo data's loader from linfen-2020, its task table left empty. */
const linfen = { campaign: 0, columns: {} as Record<string, number> }

const linfenCampaign = seedData.campaigns.find((c) => c.key === 'linfen-2020')!
const linfenTable = seedData.quotaTables.find((t) => t.campaign === 'linfen-2020')!
const linfenSubProjects = seedData.subProjects.filter((s) => s.campaign === 'linfen-2020')

beforeAll(async () => {
  m = await openMatrix({ name: 'reporting_task_table' })

  // Linfen 2020 twice, through the demo data's own loader: its 19 counties (尧都区 and 霍州市 are
  // the fixture's), hosts and eight sub-projects with the headings attachment 1 gives them. The
  // loader reads attachment 1 into the second campaign and reports what it could not place.
  const campaign = (key: string, suffix: string) => ({
    ...linfenCampaign,
    key,
    name: `${linfenCampaign.name}（${suffix}）`,
    parent: undefined,
  })
  seedReport = await seed({
    payload: m.payload,
    data: {
      organizers: [
        { name: '临汾市总工会', kind: 'federation', level: 'city' },
        { name: '临汾市委网络安全和信息化委员会办公室', kind: 'cac', level: 'city' },
        ...seedData.organizers.filter((o) => linfenCampaign.participants!.includes(o.name)),
      ],
      contacts: [],
      campaigns: [campaign('linfen-file', '附件1 文件'), campaign('linfen-seed', '演示数据')],
      subProjects: ['linfen-file', 'linfen-seed'].flatMap((key) =>
        linfenSubProjects.map((s) => ({ ...s, campaign: key, host: undefined, contacts: [] })),
      ),
      notices: [],
      partnerSites: [],
      quotaTables: [{ ...linfenTable, campaign: 'linfen-seed' }],
    },
  })
  linfen.campaign = Number(
    (
      await m.payload.find({
        collection: 'campaigns',
        where: { name: { equals: `${linfenCampaign.name}（附件1 文件）` } },
      })
    ).docs[0]!.id,
  )
  const { docs: subProjects } = await m.payload.find({
    collection: 'sub-projects',
    where: { campaign: { equals: linfen.campaign } },
    limit: 0,
  })
  // The uploader names the short headings: 微视频 is 网络正能量微视频征集, and so on.
  for (const { name, quotaColumn } of linfenSubProjects) {
    if (quotaColumn) {
      linfen.columns[quotaColumn] = Number(subProjects.find((s) => s.name === name)!.id)
    }
  }
}, 300_000)

afterAll(async () => {
  await m?.close()
})

/** An XLSX workbook of one sheet holding `rows`. */
const xlsxOf = async (rows: Cell[][]): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook()
  workbook.addWorksheet('附件1').addRows(rows)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** A CSV in UTF-8 of `rows`, with a byte-order mark or without. */
const csvOf = (rows: Cell[][], { hasBom }: { hasBom: boolean }): Buffer => {
  const quoted = (cell: Cell) => {
    const text = String(cell ?? '')
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  const text = rows.map((row) => row.map(quoted).join(',')).join('\r\n')
  return Buffer.concat([Buffer.from(hasBom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text)])
}

/** Attachment 1 as printed, in cells: numbers as numbers, the 合计 row's blank 序号 blank. */
const printedRows = (): Cell[][] =>
  linfenTable.table
    .split('\n')
    .map((line) =>
      line.split('\t').map((cell) => (/^\d+$/.test(cell) ? Number(cell) : cell || null)),
    )

const form = (bytes: Buffer, name: string, columns?: Record<string, number>) => {
  const body = new FormData()
  if (columns) {
    body.append('columns', JSON.stringify(columns))
  }
  body.append('file', new Blob([new Uint8Array(bytes)]), name)
  return body
}

const post = (
  role: RoleName,
  campaignId: number,
  action: 'preview' | 'import',
  bytes: Buffer,
  { name = 'task-table.xlsx', columns }: { name?: string; columns?: Record<string, number> } = {},
) =>
  m.call(
    role,
    'POST',
    `/api/campaigns/${campaignId}/task-table/${action}`,
    undefined,
    form(bytes, name, columns),
  )

/** The stored task table of a campaign, by unit id, as comparable data. */
const stored = async (campaignId: number) => {
  const { docs } = await m.payload.find({
    collection: 'quotas',
    where: { campaign: { equals: campaignId } },
    depth: 0,
    limit: 0,
    sort: 'unit',
  })
  return docs.map((doc) => ({
    unit: doc.unit,
    offlineEvents: doc.offlineEvents ?? null,
    works: (doc.works ?? []).map(({ subProject, count }) => ({ subProject, count })),
  }))
}

/** Problems in one order, to compare two lists whatever order each was made in. */
const sorted = (problems: QuotaProblem[]) =>
  [...problems].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))

const bilingual = /[\u4e00-\u9fff].* \/ .*[A-Za-z]/

const fixtureCampaign = () => m.fx.campaigns.linfen
const microVideo = () => ({ id: m.fx.subProjects.linfen, name: '网络正能量微视频征集' })
const header = ['序号', '单位', '线下活动', '网络正能量微视频征集']

describe('Linfen’s attachment 1 as printed (临工办发〔2020〕8号), in a workbook', () => {
  it('reports the 12 problems the demo data reports, and places nothing it cannot', async () => {
    const { status, body } = await post(
      'organizer',
      linfen.campaign,
      'preview',
      await xlsxOf(printedRows()),
      { columns: linfen.columns },
    )
    expect(status).toBe(200)
    const seedProblems = seedReport.quotaTables[0]!.problems
    expect(seedProblems).toHaveLength(12)
    expect(sorted(body.problems)).toEqual(sorted(seedProblems))
    expect(body.problems.map((p: QuotaProblem) => p.row)).toEqual([
      'header',
      11,
      12,
      13,
      14,
      15,
      16,
      17,
      18,
      19,
      'total',
      'total',
    ])
    // Row 11 keeps the eight values under the header; its last three stay out, and no
    // micro-film quota is invented.
    expect(body.rows).toHaveLength(19)
    const row11 = body.rows[10]
    expect(row11).toMatchObject({ row: 11, unit: { name: '浮山县总工会' }, offlineEvents: 1 })
    expect(row11.unit.id).toEqual(expect.any(Number))
    expect(
      row11.works.map((w: { subProject: { name: string }; count: number }) => [
        w.subProject.name,
        w.count,
      ]),
    ).toEqual([
      ['网络正能量微视频征集', 1],
      ['网络正能量专题活动征集', 1],
      ['网络正能量摄影作品征集', 10],
      ['互联网+普惠服务优秀平台征集', 1],
      ['网络正能量诵读作品征集', 1],
      ['网络正能量歌曲征集', 1],
      ['网络正能量微课征集', 1],
    ])
    expect(body.removed).toEqual([])
  })

  it('matches no short heading to a sub-project by itself: unnamed, each is reported', async () => {
    const { body } = await post(
      'organizer',
      linfen.campaign,
      'preview',
      await xlsxOf(printedRows()),
    )
    const messages: string[] = body.problems.map((p: QuotaProblem) => p.message)
    expect(messages.filter((message) => message.includes('不对应任何子项目'))).toHaveLength(7)
    expect(messages.filter((message) => message.includes('在表中没有对应的列'))).toHaveLength(8)
  })

  it('refuses to import it, with the same problems, and saves nothing', async () => {
    const bytes = await xlsxOf(printedRows())
    const preview = await post('organizer', linfen.campaign, 'preview', bytes, {
      columns: linfen.columns,
    })
    const { status, body } = await post('organizer', linfen.campaign, 'import', bytes, {
      columns: linfen.columns,
    })
    expect(status).toBe(400)
    expect(body.errors[0].message).toContain('任务分解表有 12 处问题，未导入任何内容')
    expect(body.problems).toEqual(preview.body.problems)
    expect(await stored(linfen.campaign)).toEqual([])
  })

  it.each([true, false])(
    'reports the same 12 as a CSV in UTF-8 (byte-order mark: %s)',
    async (hasBom) => {
      const { status, body } = await post(
        'organizer',
        linfen.campaign,
        'preview',
        csvOf(printedRows(), { hasBom }),
        { name: '附件1.csv', columns: linfen.columns },
      )
      expect(status).toBe(200)
      expect(sorted(body.problems)).toEqual(sorted(seedReport.quotaTables[0]!.problems))
    },
  )
})

/**
 * What the progress matrix of the fixture's campaign shows of these units: the micro-video quota
 * and the offline events. (The campaign lists no participants: its rows are every unit under
 * 临汾市总工会, Linfen's 19 counties included.)
 */
const progressOf = async (units: string[]) => {
  const { status, body } = await m.call(
    'organizer',
    'GET',
    `/api/campaigns/${fixtureCampaign()}/progress`,
  )
  expect(status).toBe(200)
  return body.rows
    .filter((row: { unit: { name: string } }) => units.includes(row.unit.name))
    .map(
      (row: {
        unit: { name: string }
        cells: { quota: number | null }[]
        offlineEvents: { quota: number | null }
      }) => [row.unit.name, row.cells[0]!.quota, row.offlineEvents.quota],
    )
}

describe('importing a clean table', () => {
  it('previews an XLSX without saving, then imports it: each unit’s row, its quota in the progress matrix', async () => {
    const before = await stored(fixtureCampaign())
    const bytes = await xlsxOf([
      header,
      [1, '尧都区总工会', 2, 4],
      [2, '霍州市总工会', 3, 6],
      [null, '合计', 5, 10],
    ])
    const preview = await post('organizer', fixtureCampaign(), 'preview', bytes)
    expect(preview.status).toBe(200)
    expect(preview.body).toEqual({
      format: 'xlsx',
      rows: [
        {
          row: 1,
          unit: { id: m.fx.organizers.yaodu, name: '尧都区总工会' },
          offlineEvents: 2,
          works: [{ subProject: microVideo(), count: 4 }],
          propagandists: [],
          action: 'update',
        },
        {
          row: 2,
          unit: { id: m.fx.organizers.huozhou, name: '霍州市总工会' },
          offlineEvents: 3,
          works: [{ subProject: microVideo(), count: 6 }],
          propagandists: [],
          action: 'create',
        },
      ],
      removed: [],
      tierColumns: [],
      problems: [],
    })
    expect(await stored(fixtureCampaign())).toEqual(before)

    const imported = await post('organizer', fixtureCampaign(), 'import', bytes)
    expect(imported).toEqual({
      status: 200,
      body: { rows: 2, created: 1, updated: 1, removed: 0 },
    })
    expect(await progressOf(['尧都区总工会', '霍州市总工会'])).toEqual([
      ['尧都区总工会', 4, 2],
      ['霍州市总工会', 6, 3],
    ])
  })

  it('imports a CSV in UTF-8 with a byte-order mark; a blank cell sets no quota', async () => {
    const bytes = csvOf(
      [header, [1, '尧都区总工会', null, 7], [2, '霍州市总工会', 1, 8], [null, '合计', 1, 15]],
      { hasBom: true },
    )
    const { status, body } = await post('admin', fixtureCampaign(), 'import', bytes, {
      name: 'task-table.csv',
    })
    expect(status).toBe(200)
    expect(body).toEqual({ rows: 2, created: 0, updated: 2, removed: 0 })
    expect(await stored(fixtureCampaign())).toEqual([
      {
        unit: m.fx.organizers.yaodu,
        offlineEvents: null,
        works: [{ subProject: m.fx.subProjects.linfen, count: 7 }],
      },
      {
        unit: m.fx.organizers.huozhou,
        offlineEvents: 1,
        works: [{ subProject: m.fx.subProjects.linfen, count: 8 }],
      },
    ])
  })

  it('imports a CSV without a byte-order mark, and clears the row of a unit it leaves out', async () => {
    const bytes = csvOf([header, [1, '尧都区总工会', 1, 1], [null, '合计', 1, 1]], {
      hasBom: false,
    })
    const preview = await post('organizer', fixtureCampaign(), 'preview', bytes, {
      name: 'task-table.csv',
    })
    expect(preview.body).toMatchObject({
      format: 'csv',
      removed: [{ id: m.fx.organizers.huozhou, name: '霍州市总工会' }],
      problems: [],
    })
    const { body } = await post('organizer', fixtureCampaign(), 'import', bytes, {
      name: 'task-table.csv',
    })
    expect(body).toEqual({ rows: 1, created: 0, updated: 1, removed: 1 })
    expect(await stored(fixtureCampaign())).toEqual([
      {
        unit: m.fx.organizers.yaodu,
        offlineEvents: 1,
        works: [{ subProject: m.fx.subProjects.linfen, count: 1 }],
      },
    ])
    // 霍州市 is back on the sub-project's rule, which sets none.
    expect(await progressOf(['霍州市总工会'])).toEqual([['霍州市总工会', null, null]])
  })
})

describe('exporting the task table as stored', () => {
  beforeAll(async () => {
    await post(
      'organizer',
      fixtureCampaign(),
      'import',
      await xlsxOf([
        header,
        [1, '尧都区总工会', 1, 3],
        [2, '霍州市总工会', null, 5],
        [null, '合计', 1, 8],
      ]),
    )
  })

  const table = [
    header,
    [1, '尧都区总工会', 1, 3],
    [2, '霍州市总工会', null, 5],
    [null, '合计', 1, 8],
  ]

  it('as XLSX: 序号, 单位, 线下活动, a column per open call, and a 合计 row', async () => {
    const { status, headers, bytes } = await m.fetchAs(
      'organizer',
      `/api/campaigns/${fixtureCampaign()}/task-table.xlsx`,
    )
    expect(status).toBe(200)
    expect(headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    expect(headers.get('content-disposition')).toContain(
      encodeURIComponent('主题活动-任务分解表.xlsx'),
    )
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(bytes as never)
    const sheet = workbook.getWorksheet('任务分解表')!
    const values = sheet
      .getSheetValues()
      .filter(Boolean)
      .map((row) => Array.from({ length: 4 }, (_, i) => (row as Cell[])[i + 1] ?? null))
    expect(values).toEqual(table)
  })

  it('as CSV in UTF-8 with a byte-order mark, so Excel reads the Chinese', async () => {
    const { status, headers, bytes } = await m.fetchAs(
      'organizer',
      `/api/campaigns/${fixtureCampaign()}/task-table.csv`,
    )
    expect(status).toBe(200)
    expect(headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.subarray(3).toString('utf8').trim().split('\r\n')).toEqual([
      '序号,单位,线下活动,网络正能量微视频征集',
      '1,尧都区总工会,1,3',
      '2,霍州市总工会,,5',
      ',合计,1,8',
    ])
  })

  it.each(['xlsx', 'csv'])(
    'round-trips as %s: the export imported again leaves every row as it was',
    async (format) => {
      const before = await stored(fixtureCampaign())
      const { bytes } = await m.fetchAs(
        'organizer',
        `/api/campaigns/${fixtureCampaign()}/task-table.${format}`,
      )
      const { status, body } = await post('organizer', fixtureCampaign(), 'import', bytes, {
        name: `task-table.${format}`,
      })
      expect(status).toBe(200)
      expect(body).toEqual({ rows: 2, created: 0, updated: 2, removed: 0 })
      expect(await stored(fixtureCampaign())).toEqual(before)
    },
  )
})

describe('row-level problems', () => {
  it('reports every problem with its row and unit, and imports none of it', async () => {
    const before = await stored(fixtureCampaign())
    const bytes = await xlsxOf([
      [...header, '微电影'],
      [1, '尧都区总工会', 1, 1.5, 0],
      [2, '霍州市总工会', -1, '三', 0, 9],
      [3, '上海市总工会', 0, 0, 0],
      [4, '临汾钢铁厂工会', 0, 0, 0],
      [5, '尧都区总工会', 0, 0, 0],
      [null, '合计', 1, 2, 0],
    ])
    const { status, body } = await post('organizer', fixtureCampaign(), 'preview', bytes)
    expect(status).toBe(200)
    expect(
      body.problems.map((p: QuotaProblem) => [p.row, p.unit ?? null, p.message.split(' / ')[0]]),
    ).toEqual([
      ['header', null, '表头第 5 列“微电影”不对应任何子项目，该列未导入'],
      [1, '尧都区总工会', '“网络正能量微视频征集”的值“1.5”不是 0 或正整数，未导入'],
      [
        2,
        '霍州市总工会',
        '有 4 个数值，表头只有 3 列；多出的数值无法对应到任何列，未导入：第4个=9',
      ],
      [2, '霍州市总工会', '“线下活动”的值“-1”不是 0 或正整数，未导入'],
      [2, '霍州市总工会', '“网络正能量微视频征集”的值“三”不是数字，未导入'],
      [
        3,
        '上海市总工会',
        '单位“上海市总工会”不是主题活动“2020年临汾市“网聚职工正能量 争做中国好网民”主题活动”的参与单位（主办、参与单位及其下级单位），本行未导入',
      ],
      [4, '临汾钢铁厂工会', '单位“临汾钢铁厂工会”不存在，本行未导入'],
      [5, '尧都区总工会', '单位“尧都区总工会”已在序号 1 的行中，本行未导入'],
      ['total', null, '“网络正能量微视频征集”合计为 2，但各行之和为 0'],
    ])
    for (const problem of body.problems) {
      expect(problem.message).toMatch(bilingual)
    }
    const imported = await post('organizer', fixtureCampaign(), 'import', bytes)
    expect(imported.status).toBe(400)
    expect(imported.body.problems).toEqual(body.problems)
    expect(await stored(fixtureCampaign())).toEqual(before)
  })

  it.each([
    [
      'a sub-project without a column',
      [
        ['序号', '单位', '线下活动'],
        [1, '尧都区总工会', 1],
      ],
      '子项目“网络正能量微视频征集”在表中没有对应的列，未导入其任务',
    ],
    [
      'a header that does not start with 序号 and 单位',
      [
        ['单位', '线下活动', '网络正能量微视频征集'],
        ['尧都区总工会', 1, 1],
      ],
      '表头应以“序号”“单位”两列开头，而不是“单位”“线下活动”，未导入',
    ],
    ['a header and no unit', [header], '表中没有任何单位的行，未导入'],
    [
      'a sub-project named twice',
      [
        [...header, '网络正能量微视频征集（个）'],
        [1, '尧都区总工会', 1, 1, 2],
      ],
      '表头第 5 列“网络正能量微视频征集”与第 4 列“网络正能量微视频征集”是同一项，该列未导入',
    ],
  ] as [string, Cell[][], string][])('reports %s', async (_case, rows, message) => {
    const { status, body } = await post(
      'organizer',
      fixtureCampaign(),
      'preview',
      await xlsxOf(rows),
    )
    expect(status).toBe(200)
    expect(body.problems.map((p: QuotaProblem) => p.message.split(' / ')[0])).toContain(message)
  })

  it('reads a title above the header, and 合计 written under 序号', async () => {
    const { body } = await post(
      'organizer',
      fixtureCampaign(),
      'preview',
      await xlsxOf([['附件1'], header, [1, '尧都区总工会', 1, 3], ['合计', null, 1, 3]]),
    )
    expect(body.problems).toEqual([])
    expect(body.rows).toHaveLength(1)
  })
})

/** A zip of one entry whose local and central headers declare `declaredSize` unzipped bytes. */
const zipOf = (name: string, content: Buffer, declaredSize: number): Buffer => {
  const data = deflateRawSync(content)
  const fileName = Buffer.from(name)
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt16LE(8, 8)
  local.writeUInt32LE(data.length, 18)
  local.writeUInt32LE(declaredSize, 22)
  local.writeUInt16LE(fileName.length, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE(20, 4)
  central.writeUInt16LE(20, 6)
  central.writeUInt16LE(8, 10)
  central.writeUInt32LE(data.length, 20)
  central.writeUInt32LE(declaredSize, 24)
  central.writeUInt16LE(fileName.length, 28)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(46 + fileName.length, 12)
  end.writeUInt32LE(30 + fileName.length + data.length, 16)
  return Buffer.concat([local, fileName, data, central, fileName, end])
}

// 序号,单位 in GBK, as Excel's “CSV” on a Chinese Windows saves it.
const gbkCsv = Buffer.from([0xd0, 0xf2, 0xba, 0xc5, 0x2c, 0xb5, 0xa5, 0xce, 0xbb])

describe('files it does not take', () => {
  it('has a GBK sample that is what it says', () => {
    expect(new TextDecoder('gbk').decode(gbkCsv)).toBe('序号,单位')
  })

  it.each([
    ['an image', 400, '文件既不是 XLSX 工作簿，也不是 UTF-8 编码的 CSV', () => m.fx.image],
    ['a CSV in GBK', 400, '文件既不是 XLSX 工作簿，也不是 UTF-8 编码的 CSV', () => gbkCsv],
    [
      'an old Excel file',
      400,
      '这是旧版 Excel（.xls）或加密的工作簿',
      () => Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]),
    ],
    [
      'a damaged workbook',
      400,
      '无法读取该 XLSX 工作簿',
      () => Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 7)]),
    ],
    [
      'a workbook that unzips to 64 MB while declaring 100 bytes',
      413,
      '工作簿解压后超过 20 MB',
      () => zipOf('xl/worksheets/sheet1.xml', Buffer.alloc(64 * 1024 * 1024), 100),
    ],
    [
      'a file over 2 MB',
      413,
      '文件超过 2 MB 的上限',
      () => Buffer.alloc(2 * 1024 * 1024 + 1, 0x31),
    ],
    ['an empty file', 400, '文件是空的', () => Buffer.alloc(0)],
  ] as [string, number, string, () => Buffer][])(
    'refuses %s (%i), in Chinese then English, for preview and import',
    async (_case, expected, message, bytes) => {
      const before = await stored(fixtureCampaign())
      for (const action of ['preview', 'import'] as const) {
        const { status, body } = await post('organizer', fixtureCampaign(), action, bytes(), {
          name: 'task-table.xlsx',
        })
        expect(status, action).toBe(expected)
        expect(body.errors[0].message).toContain(message)
        expect(body.errors[0].message).toMatch(bilingual)
      }
      expect(await stored(fixtureCampaign())).toEqual(before)
    },
  )

  it('refuses a form without a file, and columns that are not heading → sub-project id', async () => {
    const noFile = new FormData()
    noFile.append('columns', '{}')
    const path = `/api/campaigns/${fixtureCampaign()}/task-table/preview`
    const missing = await m.call('organizer', 'POST', path, undefined, noFile)
    expect(missing.status).toBe(400)
    expect(missing.body.errors[0].message).toContain('请上传任务分解表文件')
    const badColumns = await post('organizer', fixtureCampaign(), 'preview', gbkCsv, {
      columns: { 微视频: 'twelve' as never },
    })
    expect(badColumns.status).toBe(400)
    expect(badColumns.body.errors[0].message).toContain('columns 应为 JSON 对象')
  })

  it('answers 404 for a campaign that does not exist', async () => {
    const bytes = await xlsxOf([header])
    for (const action of ['preview', 'import'] as const) {
      const { status, body } = await post('admin', 987654, action, bytes)
      expect(status).toBe(404)
      expect(body.errors[0].message).toContain('没有编号为 987654 的主题活动')
    }
    for (const format of ['xlsx', 'csv']) {
      const { status } = await m.call('admin', 'GET', `/api/campaigns/987654/task-table.${format}`)
      expect(status).toBe(404)
    }
  })
})

/** What each caller gets from every endpoint: the office and the hosts' organizers only. */
const expectedStatus: Record<RoleName, number> = {
  admin: 200,
  organizer: 200,
  countyOrganizer: 403,
  shanghaiOrganizer: 403,
  cityEditor: 403,
  countyEditor: 403,
  shanghaiEditor: 403,
  judge: 403,
  partner: 403,
  wrongKey: 401,
  revokedKey: 401,
  public: 403,
}

/** An export as `role`: the file's bytes, or the refusal's JSON. */
const download = async (role: RoleName, format: string) => {
  const { status, bytes } = await m.fetchAs(
    role,
    `/api/campaigns/${fixtureCampaign()}/task-table.${format}`,
  )
  return { status, body: status === 200 ? bytes : JSON.parse(bytes.toString('utf8')) }
}

describe('who may preview, import and export', () => {
  it.each([...roles])('%s', async (role) => {
    const before = await stored(fixtureCampaign())
    const { bytes } = await m.fetchAs(
      'admin',
      `/api/campaigns/${fixtureCampaign()}/task-table.xlsx`,
    )
    const answers = {
      preview: await post(role, fixtureCampaign(), 'preview', bytes),
      import: await post(role, fixtureCampaign(), 'import', bytes),
      xlsx: await download(role, 'xlsx'),
      csv: await download(role, 'csv'),
    }
    for (const [endpoint, { status, body }] of Object.entries(answers)) {
      expect(status, `${role} ${endpoint}`).toBe(expectedStatus[role])
      if (status !== 200) {
        expect(body.errors[0].message, `${role} ${endpoint}`).toMatch(bilingual)
      }
    }
    // An import of the table as it stands changes nothing; a refused one writes nothing.
    expect(await stored(fixtureCampaign())).toEqual(before)
  })
})

describe('propagandist targets per unit (宣传员), a column per tier', () => {
  const tier = '职工好网民宣传员'
  const withTier = [...header, `${tier}(名)`]

  /** Each unit's own targets as stored, and its target in the progress matrix. */
  const targets = async () => {
    const { docs } = await m.payload.find({
      collection: 'quotas',
      where: { campaign: { equals: fixtureCampaign() } },
      depth: 0,
      limit: 0,
      sort: 'unit',
    })
    const { body } = await m.call(
      'organizer',
      'GET',
      `/api/campaigns/${fixtureCampaign()}/progress`,
    )
    return {
      stored: docs.map((doc) => [
        doc.unit,
        (doc.propagandists ?? []).map((t) => [t.tier, t.count]),
      ]),
      progress: Object.fromEntries(
        (
          body.rows as {
            unit: { name: string }
            propagandists: { tier: string; target: number | null }[]
          }[]
        )
          .filter((row) => ['尧都区总工会', '霍州市总工会'].includes(row.unit.name))
          .map((row) => [row.unit.name, row.propagandists.map((t) => [t.tier, t.target])]),
      ),
    }
  }

  beforeAll(async () => {
    // Linfen asks 50 宣传员 of every unit.
    await m.payload.update({
      collection: 'campaigns',
      id: fixtureCampaign(),
      data: { propagandistTargets: [{ tier, count: 50 }] },
    })
  })

  it('imports a unit’s own target; a blank cell leaves the unit on the campaign’s 50', async () => {
    const bytes = await xlsxOf([
      withTier,
      [1, '尧都区总工会', 1, 3, 60],
      [2, '霍州市总工会', null, 5, null],
      [null, '合计', 1, 8, 60],
    ])
    const preview = await post('organizer', fixtureCampaign(), 'preview', bytes)
    expect(preview.body).toMatchObject({
      rows: [
        { unit: { name: '尧都区总工会' }, propagandists: [{ tier, count: 60 }] },
        { unit: { name: '霍州市总工会' }, propagandists: [] },
      ],
      tierColumns: [tier],
      problems: [],
    })
    expect((await post('organizer', fixtureCampaign(), 'import', bytes)).status).toBe(200)
    expect(await targets()).toEqual({
      stored: [
        [m.fx.organizers.yaodu, [[tier, 60]]],
        [m.fx.organizers.huozhou, []],
      ],
      progress: { 尧都区总工会: [[tier, 60]], 霍州市总工会: [[tier, 50]] },
    })
  })

  it('exports the tier after the sub-projects, and keeps a target the file has no column for', async () => {
    const { bytes } = await m.fetchAs(
      'organizer',
      `/api/campaigns/${fixtureCampaign()}/task-table.csv`,
    )
    expect(bytes.subarray(3).toString('utf8').trim().split('\r\n')).toEqual([
      `序号,单位,线下活动,网络正能量微视频征集,${tier}`,
      '1,尧都区总工会,1,3,60',
      '2,霍州市总工会,,5,',
      ',合计,1,8,60',
    ])
    // A table printed without the tier's column changes the works, not the unit's 60.
    const withoutTier = await xlsxOf([
      header,
      [1, '尧都区总工会', 1, 4],
      [2, '霍州市总工会', null, 5],
      [null, '合计', 1, 9],
    ])
    expect((await post('organizer', fixtureCampaign(), 'import', withoutTier)).status).toBe(200)
    expect((await targets()).progress).toEqual({
      尧都区总工会: [[tier, 60]],
      霍州市总工会: [[tier, 50]],
    })
  })

  it('reports a heading that names no tier of the campaign, and saves nothing', async () => {
    const before = await targets()
    const { status, body } = await post(
      'organizer',
      fixtureCampaign(),
      'import',
      await xlsxOf([
        [...header, '网评专家'],
        [1, '尧都区总工会', 1, 4, 10],
        [null, '合计', 1, 4, 10],
      ]),
    )
    expect(status).toBe(400)
    expect(JSON.stringify(body)).toContain('“网评专家”不对应任何子项目')
    expect(await targets()).toEqual(before)
  })

  it.each([
    ['a tier the campaign does not have', [{ tier: '网评专家', count: 10 }], '没有“网评专家”'],
    [
      'a tier twice',
      [
        { tier, count: 10 },
        { tier, count: 20 },
      ],
      '出现了两次',
    ],
  ])(
    'refuses a task-table row with %s, over REST, writing nothing',
    async (_, propagandists, why) => {
      const before = await targets()
      const { status, body } = await m.call('organizer', 'POST', '/api/quotas', {
        campaign: fixtureCampaign(),
        unit: m.fx.organizers.huozhou,
        propagandists,
      })
      expect(status).toBe(400)
      expect(JSON.stringify(body)).toContain(why)
      expect(JSON.stringify(body)).toMatch(bilingual)
      expect(await targets()).toEqual(before)
    },
  )
})
