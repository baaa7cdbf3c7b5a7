import type { Payload } from 'payload'

import { settleSends } from '../jobs/deliver'

/**
 * Runs the queued jobs as a runner does, then waits for the sends they started: a delivery job
 * only claims and starts its send, which goes on after the job has finished.
 */
export const runJobs = async (
  payload: Payload,
  args: Parameters<Payload['jobs']['run']>[0] = { allQueues: true, limit: 100 },
) => {
  await payload.jobs.run(args)
  await settleSends()
}
