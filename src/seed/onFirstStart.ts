import type { Payload } from 'payload'

import { formatSeedReport, seed } from './seed'

/**
 * The first `npm start` on an empty database loads the demo data, so a newcomer sees real
 * campaigns at once. SEED_DEMO=false turns it off (production, tests).
 */
export const seedOnFirstStart = async (payload: Payload): Promise<void> => {
  if (process.env.SEED_DEMO === 'false') {
    return
  }
  const { totalDocs } = await payload.count({ collection: 'organizers' })
  if (totalDocs > 0) {
    return
  }
  const { seedData } = await import('./data')
  const report = await seed({ payload, data: seedData })
  for (const line of formatSeedReport(report)) {
    payload.logger.info(line)
  }
}
