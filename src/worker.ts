/**
 * `npm run worker`: the same code as the server, running only the job queue. Start one or
 * more of these and set JOBS_AUTORUN=false on the web instances to move jobs off them.
 */
// First: DATA_DIR and LOG_LEVEL are read as the modules below load.
import './lib/dotEnv'

import path from 'node:path'
import { fileURLToPath } from 'node:url'

;(process.env as Record<string, string>).NODE_ENV ??= 'production'
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
process.chdir(root)

const { log } = await import('./lib/log')
const { prepareRuntime } = await import('./lib/runtime')

const { exitOnStartFailure } = await import('./lib/startupError')
await prepareRuntime({ mode: 'worker', log: (msg) => log.info(msg) }).catch((err: unknown) =>
  exitOnStartFailure({ err, log }),
)
// The worker always runs jobs, whatever the web instances are told.
process.env.JOBS_AUTORUN = 'true'

const { getPayload } = await import('payload')
const { default: config } = await import('./payload.config')
const { closePool } = await import('./db/pool')
const { settleSends } = await import('../plugins/partner-push/jobs/deliver')
const { partnerLinksConsequence, warnIfServerUrlUnset } = await import('./http/serverUrl')
const { publicBaseUrl } = await import('./lib/publicUrl')
const payload = await getPayload({ config, cron: true })
// The worker builds the pushes: their file links need the public address too.
warnIfServerUrlUnset({ consequence: partnerLinksConsequence(publicBaseUrl()) })
log.info('worker running jobs from the queue')

let isStopping = false
const shutdown = async (signal: string) => {
  if (isStopping) {
    return
  }
  isStopping = true
  log.info(`${signal}: worker stopping after the running jobs`)
  // Stops the runners, lets partner pushes under way finish (a send cut off is sent again once its
  // lease runs out), closes the pool; a job cut off mid-run stops saying it is alive and another
  // runner takes it again within minutes (src/jobs/heartbeat.ts).
  await Promise.all(payload.crons.splice(0).map((cron) => cron.stop()))
  await settleSends()
  await payload.destroy()
  await closePool(payload)
  process.exit(0)
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))
