import { describe, expect, it } from 'vitest'

import { placesOf, proposeTiers, rankWorks } from './ranking'

const work = (entry: number, juryScore: number | null, votes = 0) => ({
  entry,
  title: `作品${entry}`,
  juryScore,
  votes,
})

describe('rankWorks', () => {
  it('merges 70/30 against the most-voted work and ranks highest first', () => {
    const ranked = rankWorks([work(1, 90, 100), work(2, 80, 400), work(3, 85, 0)], 30)
    // 1: 0.7×90 + 0.3×25 = 70.5; 2: 0.7×80 + 0.3×100 = 86; 3: 0.7×85 = 59.5
    expect(ranked.map((w) => [w.entry, w.finalScore, w.rank])).toEqual([
      [2, 86, 1],
      [1, 70.5, 2],
      [3, 59.5, 3],
    ])
    expect(ranked.find((w) => w.entry === 1)?.publicScore).toBe(25)
  })

  it('is the jury alone where the public share is 0, and leaves out works nobody scored', () => {
    const ranked = rankWorks([work(1, 70, 900), work(2, 75, 1), work(3, null, 50)], 0)
    expect(ranked.map((w) => [w.entry, w.finalScore])).toEqual([
      [2, 75],
      [1, 70],
    ])
  })

  it('gives equal scores one rank and flags them', () => {
    const ranked = rankWorks([work(1, 80), work(2, 90), work(3, 80), work(4, 70)], 0)
    expect(ranked.map((w) => [w.entry, w.rank, w.tied])).toEqual([
      [2, 1, false],
      [1, 2, true],
      [3, 2, true],
      [4, 4, false],
    ])
  })
})

describe('placesOf', () => {
  it('takes counts as given and shares of the works received rounded down', () => {
    expect(
      placesOf(
        [
          { tier: 'first', count: 2 },
          { tier: 'second', share: 10 },
          { tier: 'third', share: 15 },
          { tier: 'excellence' },
        ],
        47,
      ),
    ).toEqual([
      { tier: 'first', places: 2 },
      { tier: 'second', places: 4 },
      { tier: 'third', places: 7 },
      { tier: 'excellence', places: 0 },
    ])
  })
})

describe('proposeTiers', () => {
  it('fills tiers highest first, a tie at the last place taking the higher tier for all', () => {
    const ranked = rankWorks(
      [work(1, 95), work(2, 90), work(3, 90), work(4, 80), work(5, 70), work(6, 60)],
      0,
    )
    const { proposed, tiers } = proposeTiers(ranked, [
      { tier: 'first', places: 2 },
      { tier: 'second', places: 2 },
    ])
    expect(Object.fromEntries(proposed)).toEqual({
      1: 'first',
      2: 'first',
      3: 'first',
      4: 'second',
      5: 'second',
      6: null,
    })
    expect(tiers).toEqual([
      { tier: 'first', places: 2, given: 3, isOver: true },
      { tier: 'second', places: 2, given: 2, isOver: false },
    ])
  })

  it('stops when the works run out', () => {
    const { tiers } = proposeTiers(rankWorks([work(1, 50)], 0), [
      { tier: 'first', places: 3 },
      { tier: 'second', places: 1 },
    ])
    expect(tiers.map((t) => t.given)).toEqual([1, 0])
  })
})
