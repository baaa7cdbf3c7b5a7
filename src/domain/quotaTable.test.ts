import { describe, expect, it } from 'vitest'

import { normalizeHeading, parseQuotaTable } from './quotaTable'

const columns = {
  线下活动: { kind: 'offline-events' as const },
  微视频: { kind: 'works' as const, subProject: '网络正能量微视频征集' },
}

describe('parseQuotaTable', () => {
  it('places values under their headings, whatever spaces and units the headings print', () => {
    const { rows, problems } = parseQuotaTable({
      table:
        '序号\t单 位\t线 下 活动(场)\t微视频 (个)\t职工好网民 宣传员(名)\n1\t尧都区总工会\t1\t3\t50',
      columns: {
        ...columns,
        职工好网民宣传员: { kind: 'propagandists', tier: '职工好网民宣传员' },
      },
    })
    expect(problems).toEqual([])
    expect(rows).toEqual([
      {
        rowNumber: 1,
        unit: '尧都区总工会',
        offlineEvents: 1,
        works: [{ subProject: '网络正能量微视频征集', count: 3 }],
        propagandists: [{ tier: '职工好网民宣传员', count: 50 }],
      },
    ])
  })

  it('reports a short row and a value that is not a number', () => {
    const { rows, problems } = parseQuotaTable({
      table: '序号\t单位\t线下活动\t微视频\n1\t霍州市总工会\t一\n',
      columns,
    })
    expect(rows[0]!.works).toEqual([])
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('只有 1 个数值，少于表头的 2 列；缺少：微视频'),
      expect.stringContaining('“线下活动”的值“一”不是数字'),
    ])
  })

  it('reports a heading that matches no sub-project and leaves its values out', () => {
    const { rows, problems } = parseQuotaTable({
      table: '序号\t单位\t微视频\t微电影\n1\t侯马市总工会\t1\t2',
      columns,
    })
    expect(rows[0]!.works).toEqual([{ subProject: '网络正能量微视频征集', count: 1 }])
    expect(problems[0]!.message).toContain('“微电影”不对应任何子项目')
  })

  it('reports a value that is a number but no count: negative, a fraction, too large', () => {
    const { rows, problems } = parseQuotaTable({
      table:
        '序号\t单位\t线下活动\t微视频\n1\t尧都区总工会\t-1\t1.5\n2\t霍州市总工会\t1e3\t99999999999999999',
      columns,
    })
    expect(rows.map((row) => row.works)).toEqual([[], []])
    expect(problems.map((p) => p.message.split(' / ')[0])).toEqual([
      '“线下活动”的值“-1”不是 0 或正整数，未导入',
      '“微视频”的值“1.5”不是 0 或正整数，未导入',
      '“线下活动”的值“1e3”不是 0 或正整数，未导入',
      '“微视频”的值“99999999999999999”不是 0 或正整数，未导入',
    ])
  })
})

describe('parseQuotaTable on a workbook’s rows of cells', () => {
  it('reads the rows as it reads printed lines', () => {
    const table = '序号\t单位\t线下活动\t微视频\n1\t尧都区总工会\t1\t3\t4\n\t合计\t1\t2'
    expect(
      parseQuotaTable({ table: table.split('\n').map((line) => line.split('\t')), columns }),
    ).toEqual(parseQuotaTable({ table, columns }))
  })

  it('takes a blank cell and a short row as no quota when told blanks are unset', () => {
    const table = [
      ['序号', '单位', '线下活动', '微视频', ''],
      ['1', '尧都区总工会', '', '3', ''],
      ['2', '霍州市总工会', '1'],
      ['合计', '', '1', '3'],
    ]
    expect(parseQuotaTable({ table, columns, blankCells: 'unset' })).toEqual({
      rows: [
        {
          rowNumber: 1,
          unit: '尧都区总工会',
          works: [{ subProject: '网络正能量微视频征集', count: 3 }],
          propagandists: [],
        },
        { rowNumber: 2, unit: '霍州市总工会', offlineEvents: 1, works: [], propagandists: [] },
      ],
      problems: [],
    })
    // As printed text, the same blanks are values missing.
    expect(parseQuotaTable({ table, columns }).problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('“线下活动”的值“”不是数字'),
        expect.stringContaining('只有 1 个数值'),
      ]),
    )
  })
})

describe('normalizeHeading', () => {
  it.each([
    ['spaces and a half-width unit', '摄影 作品(个)', '摄影作品'],
    ['a full-width unit', '微视频（个）', '微视频'],
    ['nested parentheses up to the first closing one', '甲(乙(丙)丁)', '甲丁)'],
    ['nothing after an opening parenthesis that never closes', '微视频(个', '微视频(个'],
  ])('removes %s', (_case, raw, heading) => {
    expect(normalizeHeading(raw)).toBe(heading)
  })

  // The former pattern searched to the end again from every `(`: minutes for this. The timeout is
  // the bound; no test measures time.
  it('reads a heading of 256 K opening parentheses', () => {
    const parentheses = '('.repeat(256 * 1024)
    expect(normalizeHeading(`微视频${parentheses}`) === `微视频${parentheses}`).toBe(true)
  }, 10_000)
})
