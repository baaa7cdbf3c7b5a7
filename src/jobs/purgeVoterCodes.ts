import type { TaskConfig } from 'payload'

import { poolOf } from '../../plugins/shared/pool'
import { votingOptions } from '../voting/options'

/** The task that deletes voter codes no limit counts any more. */
export const purgeCodesTaskSlug = 'purgeVoterCodes'

/**
 * 清理验证码: each night, the one-time codes older than a day past the longest window anything
 * reads them in (their expiry, the per-voter and per-network code limits) are deleted. They are
 * of no use after that, and a code's voter hash and network are personal data the campaign has
 * no reason to keep. Votes are never touched.
 */
export const purgeVoterCodesTask: TaskConfig<'purgeVoterCodes'> = {
  slug: purgeCodesTaskSlug,
  label: '清理过期投票验证码 / Purge voter codes no longer needed',
  // 03:30 Beijing time.
  schedule: [{ cron: '0 30 19 * * *', queue: 'default' }],
  retries: { attempts: 3 },
  inputSchema: [],
  outputSchema: [{ name: 'deleted', type: 'number' }],
  handler: async ({ req }) => {
    const options = votingOptions()
    const keptSeconds =
      Math.max(
        options.codeTtlSeconds,
        options.codeIntervalSeconds,
        options.codesPerVoter.windowSeconds,
        options.codesPerClient.windowSeconds,
      ) + 86_400
    const { rowCount } = await poolOf(req.payload).query(
      'delete from voter_codes where created_at < now() - make_interval(secs => $1::int)',
      [keptSeconds],
    )
    return { output: { deleted: rowCount ?? 0 } }
  },
}
