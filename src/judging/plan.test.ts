import { describe, expect, it } from 'vitest'

import { automaticConflict, planAssignment } from './plan'

const panel = [1, 2, 3, 4].map((id) => ({ id, name: `评委${id}` }))
const work = (
  id: number,
  extra: Partial<{ unitAncestry: number[]; authorNames: string[] }> = {},
) => ({
  id,
  title: `作品${id}`,
  unitAncestry: [],
  authorNames: [],
  ...extra,
})

describe('planAssignment', () => {
  it('spreads the works evenly, least-loaded judge first, lower id on a tie', () => {
    const plan = planAssignment({
      works: [1, 2, 3, 4].map((id) => work(id)),
      panel,
      sheets: [],
      judgesPerWork: 2,
    })
    expect(plan.create).toEqual([
      { entry: 1, judge: 1 },
      { entry: 1, judge: 2 },
      { entry: 2, judge: 3 },
      { entry: 2, judge: 4 },
      { entry: 3, judge: 1 },
      { entry: 3, judge: 2 },
      { entry: 4, judge: 3 },
      { entry: 4, judge: 4 },
    ])
    expect([...plan.load.values()]).toEqual([2, 2, 2, 2])
  })

  it('replaces a declared conflict and never gives a judge the same work twice', () => {
    const plan = planAssignment({
      works: [work(1)],
      panel,
      sheets: [
        { id: 10, entry: 1, judge: 1, status: 'conflict' },
        { id: 11, entry: 1, judge: 2, status: 'submitted' },
      ],
      judgesPerWork: 2,
    })
    expect(plan.create).toEqual([{ entry: 1, judge: 3 }])
  })

  it('withdraws a sheet still to score whose judge now has a conflict', () => {
    const plan = planAssignment({
      works: [work(1, { authorNames: ['评委 1'] })],
      panel,
      sheets: [{ id: 10, entry: 1, judge: 1, status: 'assigned' }],
      judgesPerWork: 1,
    })
    expect(plan.withdraw).toEqual([
      { sheet: 10, entry: 1, reason: expect.stringContaining('作者') },
    ])
    expect(plan.create).toEqual([{ entry: 1, judge: 2 }])
  })

  it('reports a work that cannot get enough judges', () => {
    const plan = planAssignment({
      works: [work(1, { unitAncestry: [7] })],
      panel: panel.map((judge) => ({ ...judge, unitId: judge.id < 4 ? 7 : undefined })),
      sheets: [],
      judgesPerWork: 2,
    })
    expect(plan.shortages).toEqual([{ entry: { id: 1, title: '作品1' }, has: 1, needed: 2 }])
  })
})

describe('automaticConflict', () => {
  it('names the unit, or the authorship', () => {
    const judge = { id: 1, name: '陈建国', unitId: 9, unitName: '浦东新区总工会' }
    expect(automaticConflict({ judge, work: work(1, { unitAncestry: [9, 12] }) })).toContain(
      '浦东新区总工会',
    )
    expect(automaticConflict({ judge, work: work(1, { authorNames: ['陈 建国'] }) })).toContain(
      '作者',
    )
    expect(automaticConflict({ judge, work: work(1, { unitAncestry: [12] }) })).toBeNull()
  })
})
