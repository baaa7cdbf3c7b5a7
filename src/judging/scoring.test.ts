import { describe, expect, it } from 'vitest'

import { round2, scoreErrors, weightedTotal } from './scoring'

const criteria = [
  { name: '思想性', weight: 3, maxScore: 10 },
  { name: '传播力', weight: 1, maxScore: 5 },
]

describe('weightedTotal', () => {
  it('is Σ weight × score ÷ Σ weight × maximum, out of 100', () => {
    const scores = [
      { criterion: '思想性', score: 8 },
      { criterion: '传播力', score: 4 },
    ]
    expect(weightedTotal({ criteria, scores })).toBe(round2((28 / 35) * 100))
  })

  it('is null until every criterion is scored', () => {
    expect(weightedTotal({ criteria, scores: [{ criterion: '思想性', score: 8 }] })).toBeNull()
  })
})

describe('scoreErrors', () => {
  it('names each bad score by its path', () => {
    expect(
      scoreErrors({
        criteria,
        scores: [
          { criterion: '传播力', score: 6 },
          { criterion: '趣味性', score: 1 },
        ],
      }).map((error) => error.path),
    ).toEqual(['scores.0.score', 'scores.1.criterion'])
  })
})
