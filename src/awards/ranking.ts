/**
 * The ranking a prize list is proposed from, and the places of each tier. Pure: the endpoints
 * read the jury's standings and the valid votes and hand them in.
 *
 * - Jury score: the final round's score of the work (normalised where the round normalises),
 *   out of 100.
 * - Public score: the work's valid votes as a share of the most-voted work's, out of 100, so a
 *   70/30 merge weighs the vote by how a work fared against the best-liked, not by raw counts
 *   (one viral work does not swamp the jury on every other).
 * - Final score: (100 − share)% of the jury's plus share% of the public's, rounded to 2 places;
 *   jury only where the share is 0.
 * - Ties share a rank and a tier and are flagged, never broken silently: where a tie straddles a
 *   tier's last place, every tied work gets the higher tier and the tier shows it is over.
 */

/** A tier's value (`first`, `second`, `third`, `excellence` in this app's lists). */
export type AwardTier = string

export type RankInput = {
  entry: number
  title: string
  /** The jury's score out of 100; null when the work has no submitted sheet. */
  juryScore: number | null
  /** Valid votes (0 where there was no public vote). */
  votes: number
}

export type RankedWork = RankInput & {
  publicScore: number
  finalScore: number
  rank: number
  tied: boolean
}

export type TierSetting = { tier: AwardTier; count?: number | null; share?: number | null }

export type TierPlaces = { tier: AwardTier; places: number; given: number; isOver: boolean }

const round2 = (value: number) => Math.round(value * 100) / 100

/**
 * Ranks the works that the jury scored by their final score, highest first; equal scores share
 * a rank (1, 2, 2, 4). Works the jury did not score are left out: they were not judged.
 */
export const rankWorks = (works: RankInput[], publicShare: number): RankedWork[] => {
  const share = Math.min(Math.max(publicShare, 0), 100) / 100
  const mostVotes = Math.max(0, ...works.map((w) => w.votes))
  const scored = works
    .filter((w): w is RankInput & { juryScore: number } => w.juryScore !== null)
    .map((w) => {
      const publicScore = mostVotes > 0 ? (w.votes / mostVotes) * 100 : 0
      return {
        ...w,
        publicScore: round2(publicScore),
        finalScore: round2((1 - share) * w.juryScore + share * publicScore),
      }
    })
    .sort((a, b) => b.finalScore - a.finalScore || a.entry - b.entry)
  // Sorted, equal scores sit together: a work's rank is where its group starts.
  let groupStart = 0
  return scored.map((work, index) => {
    if (index > 0 && scored[index - 1]!.finalScore !== work.finalScore) {
      groupStart = index
    }
    const tied =
      scored[index - 1]?.finalScore === work.finalScore ||
      scored[index + 1]?.finalScore === work.finalScore
    return { ...work, rank: groupStart + 1, tied }
  })
}

/**
 * Places per tier, from the works received: a count as given, or a share of the received works
 * rounded down (a share never gives more prizes than the notice promised).
 */
export const placesOf = (
  tiers: TierSetting[],
  received: number,
): { tier: AwardTier; places: number }[] =>
  tiers.map(({ tier, count, share }) => ({
    tier,
    places:
      typeof count === 'number' && count >= 0
        ? Math.floor(count)
        : typeof share === 'number' && share >= 0
          ? Math.floor((share / 100) * received)
          : 0,
  }))

/**
 * The tier proposed for each ranked work, tiers filled highest first in rank order. A tie at a
 * tier's last place takes the higher tier for all of its works (the tier is then over its
 * places, which `TierPlaces.isOver` shows); the next tier starts after them.
 */
export const proposeTiers = (
  ranked: RankedWork[],
  places: { tier: AwardTier; places: number }[],
): { proposed: Map<number, AwardTier | null>; tiers: TierPlaces[] } => {
  const proposed = new Map<number, AwardTier | null>(ranked.map((w) => [w.entry, null]))
  const tiers: TierPlaces[] = []
  let next = 0
  for (const { tier, places: count } of places) {
    let given = 0
    while (given < count && next < ranked.length) {
      const rank = ranked[next]!.rank
      // The whole group of works sharing this rank goes together.
      while (next < ranked.length && ranked[next]!.rank === rank) {
        proposed.set(ranked[next]!.entry, tier)
        given++
        next++
      }
    }
    tiers.push({ tier, places: count, given, isOver: given > count })
  }
  return { proposed, tiers }
}
