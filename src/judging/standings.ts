import type { Criterion, Score } from './scoring'

import { round2 } from './scoring'

/**
 * A round's standings from its score sheets: pure, so the results endpoint and the next round's
 * entry (`previous-top`) read the same ranking.
 *
 * - Only submitted sheets count. A work's raw score is the mean of their totals (out of 100).
 * - Normalised (when the round asks for it): each judge's totals become z-scores over that
 *   judge's submitted sheets in the round, (total − judge's mean) ÷ judge's standard deviation,
 *   and are mapped back onto the panel's scale, panel mean + z × panel standard deviation, so a
 *   strict judge and a lenient one weigh the same. A judge with one sheet, or who gave every
 *   work the same total, has no spread: its sheets are taken at the panel mean (z = 0).
 *   Standard deviations are population ones (÷ n).
 * - Rank: by the normalised score when normalising, else the raw one, as rounded to 2 decimals;
 *   equal scores share a rank (1, 2, 2, 4) and are marked `tied`. Works without a submitted
 *   sheet are listed last, unranked.
 * - Dispersion (评分离散): a submitted sheet is flagged when its total is more than
 *   `dispersion.points` points, or more than `dispersion.panelSds` panel standard deviations
 *   (of all submitted totals in the round), away from the median of the work's submitted
 *   totals. The median, not the others' mean: with three judges one far-off sheet would drag
 *   the others' mean and get the two sound sheets flagged beside it. A work with two sheets far
 *   apart gets both flagged (nothing tells which is off).
 */

export const dispersion = { points: 20, panelSds: 2 } as const

export type SheetForStandings = {
  id: number
  entry: number
  judge: number
  status: 'assigned' | 'submitted' | 'conflict'
  total?: number | null
  scores?: Score[] | null
}

export type WorkStanding = {
  entry: { id: number; title: string }
  rank: number | null
  tied: boolean
  /** What the rank is by: `normalised` when the round normalises, else `raw`. */
  score: number | null
  raw: number | null
  normalised?: number | null
  criteria: { name: string; mean: number | null }[]
  sheets: { assigned: number; submitted: number; conflict: number }
  flags: {
    sheet: number
    judge: number
    total: number
    /** The median of the work's submitted totals. */
    median: number
    deviation: number
  }[]
}

export type Standings = {
  panel: { sheets: number; mean: number | null; sd: number | null }
  judges: {
    judge: number
    assigned: number
    submitted: number
    mean: number | null
    sd: number | null
  }[]
  works: WorkStanding[]
  /** Works with fewer submitted sheets than the round asks (judges per work). */
  missing: { entry: { id: number; title: string }; submitted: number; needed: number }[]
}

const mean = (values: number[]) =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : null

const sd = (values: number[]) => {
  const m = mean(values)
  return m === null
    ? null
    : Math.sqrt(values.reduce((sum, value) => sum + (value - m) ** 2, 0) / values.length)
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const half = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2
}

const maybe = (value: number | null) => (value === null ? null : round2(value))

export const computeStandings = ({
  works,
  sheets,
  criteria,
  judgesPerWork,
  normalise,
}: {
  works: { id: number; title: string }[]
  sheets: SheetForStandings[]
  criteria: Criterion[]
  judgesPerWork: number
  normalise: boolean
}): Standings => {
  const submitted = sheets.filter(
    (sheet): sheet is SheetForStandings & { total: number } =>
      sheet.status === 'submitted' && typeof sheet.total === 'number',
  )
  const totals = submitted.map((sheet) => sheet.total)
  const panelMean = mean(totals)
  const panelSd = sd(totals)

  const judgeIds = [...new Set(sheets.map((sheet) => sheet.judge))].sort((a, b) => a - b)
  const perJudge = new Map(
    judgeIds.map((judge) => {
      const own = submitted.filter((sheet) => sheet.judge === judge).map((sheet) => sheet.total)
      return [judge, { mean: mean(own), sd: sd(own) }]
    }),
  )
  const normalisedTotal = (sheet: { judge: number; total: number }) => {
    const { mean: m, sd: s } = perJudge.get(sheet.judge)!
    const z = s && m !== null ? (sheet.total - m) / s : 0
    return (panelMean ?? 0) + z * (panelSd ?? 0)
  }

  const standings: WorkStanding[] = works.map((work) => {
    const own = sheets.filter((sheet) => sheet.entry === work.id)
    const done = submitted.filter((sheet) => sheet.entry === work.id)
    const raw = mean(done.map((sheet) => sheet.total))
    const normalised = normalise ? mean(done.map(normalisedTotal)) : undefined
    const middle = done.length > 1 ? median(done.map((sheet) => sheet.total)) : null
    const flags = done.flatMap((sheet) => {
      if (middle === null) {
        return []
      }
      const deviation = sheet.total - middle
      const isFar =
        Math.abs(deviation) > dispersion.points ||
        (panelSd !== null && panelSd > 0 && Math.abs(deviation) > dispersion.panelSds * panelSd)
      return isFar
        ? [
            {
              sheet: sheet.id,
              judge: sheet.judge,
              total: sheet.total,
              median: round2(middle),
              deviation: round2(deviation),
            },
          ]
        : []
    })
    return {
      entry: work,
      rank: null,
      tied: false,
      score: maybe(normalise ? (normalised ?? null) : raw),
      raw: maybe(raw),
      ...(normalise ? { normalised: maybe(normalised ?? null) } : {}),
      criteria: criteria.map(({ name }) => ({
        name,
        mean: maybe(
          mean(
            done.flatMap((sheet) =>
              (sheet.scores ?? []).filter((row) => row.criterion === name).map((row) => row.score),
            ),
          ),
        ),
      })),
      sheets: {
        assigned: own.filter((sheet) => sheet.status !== 'conflict').length,
        submitted: done.length,
        conflict: own.filter((sheet) => sheet.status === 'conflict').length,
      },
      flags,
    }
  })

  const ranked = standings
    .filter((each) => each.score !== null)
    .sort((a, b) => b.score! - a.score! || a.entry.id - b.entry.id)
  for (const each of ranked) {
    each.rank = ranked.findIndex((other) => other.score === each.score) + 1
    each.tied = ranked.some((other) => other !== each && other.score === each.score)
  }
  const unranked = standings
    .filter((each) => each.score === null)
    .sort((a, b) => a.entry.id - b.entry.id)

  return {
    panel: { sheets: submitted.length, mean: maybe(panelMean), sd: maybe(panelSd) },
    judges: judgeIds.map((judge) => ({
      judge,
      assigned: sheets.filter((sheet) => sheet.judge === judge && sheet.status !== 'conflict')
        .length,
      submitted: submitted.filter((sheet) => sheet.judge === judge).length,
      mean: maybe(perJudge.get(judge)!.mean),
      sd: maybe(perJudge.get(judge)!.sd),
    })),
    works: [...ranked, ...unranked],
    missing: standings
      .filter((each) => each.sheets.submitted < judgesPerWork)
      .map((each) => ({
        entry: each.entry,
        submitted: each.sheets.submitted,
        needed: judgesPerWork,
      })),
  }
}

/** The works whose rank is within `topN`: every work tied at the cut-off enters too. */
export const topWorks = (standings: Standings, topN: number): number[] =>
  standings.works
    .filter((each) => each.rank !== null && each.rank <= topN)
    .map((each) => each.entry.id)
