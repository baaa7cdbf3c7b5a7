/**
 * `npm run seed`: loads the demo data (the source notices) into the database `npm start` uses.
 * Safe to run again: what is already there is left as it is.
 */
// First: DATA_DIR and LOG_LEVEL are read as the modules below load.
import './lib/dotEnv'

// Node 20 ends a process whose top-level await waits on nothing it counts as alive with exit
// code 13 and no message: seen once in CI while this command started on a loaded machine, cause
// not found. A timer held for the command's whole life keeps it running; it always ends by
// process.exit with its own code.
setInterval(() => {}, 60_000)
// A command keeps no copies another instance's changes would make stale (plugins/shared/changeNotices.ts).
process.env.CHANGE_NOTICES_LISTEN = 'false'

import path from 'node:path'
import { fileURLToPath } from 'node:url'

process.chdir(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'))

const { log } = await import('./lib/log')
const { prepareRuntime } = await import('./lib/runtime')
const { exitOnStartFailure } = await import('./lib/startupError')
const runtime = await prepareRuntime({ mode: 'cli', log: (msg) => log.info(msg) }).catch(
  (err: unknown) => exitOnStartFailure({ err, log }),
)
// This process only loads data; a running server keeps its own job runner.
process.env.JOBS_AUTORUN = 'false'
// The seed below reports what it does; the boot-time seed would do it silently first.
process.env.SEED_DEMO = 'false'

const { getPayload } = await import('payload')
const { default: config } = await import('./payload.config')
const { seed, formatSeedReport } = await import('./seed/seed')
const { seedData } = await import('./seed/data')

const payload = await getPayload({ config })
let exitCode = 0
try {
  const report = await seed({ payload, data: seedData })
  for (const line of formatSeedReport(report)) {
    process.stdout.write(`${line}\n`)
  }
} catch (err) {
  log.error({ err }, 'seeding failed; nothing was written')
  exitCode = 1
}
// Shutting down may wait on a pool with nothing left to wake the event loop (its time limit is
// unref'd), and Node would then end the process with 13 instead of our code: this timer keeps it
// alive, and exits with the code if the shutdown does not finish.
setTimeout(() => process.exit(exitCode), 10_000)
await payload.destroy()
const { closePool } = await import('./db/pool')
await closePool(payload)
await runtime.cluster?.stop()
process.exit(exitCode)
