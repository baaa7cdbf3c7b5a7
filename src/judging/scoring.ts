/**
 * A score sheet against its round's rubric (评分标准): which scores are wrong, which criteria are
 * still unscored, and the weighted total. Pure, so the hooks, the endpoints and the results
 * agree on them.
 */

export type Criterion = { name: string; weight: number; maxScore: number }
export type Score = { criterion: string; score: number }

type FieldError = { path: string; message: string }

/**
 * Every problem of `scores` at once, with its path: not a list, a criterion the rubric does
 * not have, one scored twice, a score that is not a number, negative, or above the maximum.
 */
export const scoreErrors = ({
  criteria,
  scores,
}: {
  criteria: Criterion[]
  scores: unknown
}): FieldError[] => {
  if (scores === null || scores === undefined) {
    return []
  }
  if (!Array.isArray(scores)) {
    return [{ path: 'scores', message: '评分须为列表 / scores must be a list' }]
  }
  const errors: FieldError[] = []
  const seen = new Set<string>()
  scores.forEach((row: unknown, index) => {
    const { criterion, score } = (row ?? {}) as { criterion?: unknown; score?: unknown }
    const name = typeof criterion === 'string' ? criterion.trim() : ''
    const rule = criteria.find((each) => each.name === name)
    if (!rule) {
      errors.push({
        path: `scores.${index}.criterion`,
        message: `“${name}”不是本轮评分标准中的评分项（${criteria.map((c) => c.name).join('、')}） / "${name}" is not a criterion of this round's rubric`,
      })
      return
    }
    if (seen.has(name)) {
      errors.push({
        path: `scores.${index}.criterion`,
        message: `“${name}”重复打分 / "${name}" is scored twice`,
      })
      return
    }
    seen.add(name)
    if (typeof score !== 'number' || !Number.isFinite(score)) {
      errors.push({
        path: `scores.${index}.score`,
        message: `“${name}”的得分须为数字 / the score for "${name}" must be a number`,
      })
    } else if (score < 0) {
      errors.push({
        path: `scores.${index}.score`,
        message: `“${name}”的得分不能为负 / the score for "${name}" cannot be negative`,
      })
    } else if (score > rule.maxScore) {
      errors.push({
        path: `scores.${index}.score`,
        message: `“${name}”满分 ${rule.maxScore} 分，不能打 ${score} 分 / "${name}" is scored out of ${rule.maxScore}: ${score} is above it`,
      })
    }
  })
  return errors
}

/** The rubric's criteria the sheet has no score for yet. */
export const unscored = ({
  criteria,
  scores,
}: {
  criteria: Criterion[]
  scores: Score[] | null | undefined
}): string[] =>
  criteria
    .map((each) => each.name)
    .filter((name) => !(scores ?? []).some((row) => row.criterion === name))

/**
 * Σ weight × score ÷ Σ weight × maximum × 100, to 2 decimals: a score out of 100 whatever the
 * rubric, so rounds and judges compare. `null` until every criterion is scored (a partial sum
 * would rank an unfinished sheet low) or when the weights add up to nothing.
 */
export const weightedTotal = ({
  criteria,
  scores,
}: {
  criteria: Criterion[]
  scores: Score[] | null | undefined
}): number | null => {
  if (!criteria.length || unscored({ criteria, scores }).length) {
    return null
  }
  let earned = 0
  let possible = 0
  for (const rule of criteria) {
    const row = scores!.find((each) => each.criterion === rule.name)!
    earned += rule.weight * row.score
    possible += rule.weight * rule.maxScore
  }
  return possible > 0 ? round2((earned / possible) * 100) : null
}

/** Rounded to 2 decimals (half away from zero, without binary drift: 2.675 → 2.68). */
export const round2 = (value: number): number =>
  (Math.sign(value) * Math.round(Number((Math.abs(value) * 100).toPrecision(15)))) / 100
