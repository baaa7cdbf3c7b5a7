import { describe, expect, it } from 'vitest'

import { maxPaging, pagingProblem } from './pagingBounds'

describe('pagingProblem', () => {
  it.each([
    ['page', '-5'],
    ['page', '0'],
    ['page', 'abc'],
    ['page', '1.5'],
    ['page', ''],
    ['page', ['1', '2']],
    ['page', -5],
    ['page', 0],
    ['page', maxPaging + 1],
    ['limit', '-1'],
    ['limit', 'ten'],
    ['limit', -1],
    ['limit', 2.5],
  ] as const)('refuses %s=%j with a bilingual reason', (name, value) => {
    const problem = pagingProblem({ name, value })
    expect(problem).toMatch(
      name === 'page'
        ? /^页码应为 1 到 \d+ 之间的整数.+ \/ page must be a whole number/
        : /^每页条数应为 0 到 \d+ 之间的整数.+ \/ limit must be a whole number/,
    )
  })

  it.each([
    ['page', undefined],
    ['page', '1'],
    ['page', 3],
    ['limit', '0'],
    ['limit', '100'],
    ['limit', 0],
  ] as const)('accepts %s=%j', (name, value) => {
    expect(pagingProblem({ name, value })).toBeNull()
  })
})
