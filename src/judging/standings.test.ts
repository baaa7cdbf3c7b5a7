import { describe, expect, it } from 'vitest'

import { computeStandings, topWorks } from './standings'

const works = [1, 2, 3].map((id) => ({ id, title: `作品${id}` }))
const sheet = (id: number, entry: number, judge: number, total: number) => ({
  id,
  entry,
  judge,
  status: 'submitted' as const,
  total,
})

describe('computeStandings', () => {
  it('shares a rank between equal scores, marks them tied, and skips the next rank', () => {
    const standings = computeStandings({
      works,
      sheets: [sheet(1, 1, 1, 80), sheet(2, 2, 1, 80), sheet(3, 3, 1, 70)],
      criteria: [],
      judgesPerWork: 1,
      normalise: false,
    })
    expect(standings.works.map((w) => [w.entry.id, w.rank, w.tied])).toEqual([
      [1, 1, true],
      [2, 1, true],
      [3, 3, false],
    ])
    expect(topWorks(standings, 1)).toEqual([1, 2])
  })

  it('puts a strict and a lenient judge on one scale', () => {
    // Judge 1 gives 90 and 70, judge 2 gives 60 and 40 to the same pair: same z-scores.
    const standings = computeStandings({
      works: works.slice(0, 2),
      sheets: [sheet(1, 1, 1, 90), sheet(2, 2, 1, 70), sheet(3, 1, 2, 60), sheet(4, 2, 2, 40)],
      criteria: [],
      judgesPerWork: 2,
      normalise: true,
    })
    // Panel mean 65, sd 18.03; z = ±1.
    expect(standings.works.map((w) => [w.entry.id, w.raw, w.normalised])).toEqual([
      [1, 75, 83.03],
      [2, 55, 46.97],
    ])
  })

  it('flags the sheet far from the work’s median, not the sound ones', () => {
    const standings = computeStandings({
      works: works.slice(0, 1),
      sheets: [sheet(1, 1, 1, 80), sheet(2, 1, 2, 82), sheet(3, 1, 3, 30)],
      criteria: [],
      judgesPerWork: 3,
      normalise: false,
    })
    expect(standings.works[0]!.flags).toEqual([
      { sheet: 3, judge: 3, total: 30, median: 80, deviation: -50 },
    ])
  })
})
