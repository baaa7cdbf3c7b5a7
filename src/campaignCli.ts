/**
 * `npm run campaign -- clone <campaign id or name> --year 2026 [--start 2026-05-01] [--name …]
 * [--theme …] [--label …] [--no-quotas] [--no-contacts] [--preview]`: next year's edition of a
 * campaign from the command line, for the national office (no access rules apply), as
 * `POST /api/campaigns/:id/clone` makes it (src/campaigns/edition.ts). `--preview` prints what
 * would be created and writes nothing.
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
import { parseArgs } from 'node:util'

process.chdir(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'))

const usage =
  '用法 / usage: npm run campaign -- clone <活动编号或名称 campaign id or name> --year 2026 [--start 2026-05-01] [--name …] [--theme …] [--label …] [--no-quotas] [--no-contacts] [--preview]'

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        year: { type: 'string' },
        start: { type: 'string' },
        name: { type: 'string' },
        theme: { type: 'string' },
        label: { type: 'string' },
        'no-quotas': { type: 'boolean' },
        'no-contacts': { type: 'boolean' },
        preview: { type: 'boolean' },
      },
    })
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${usage}\n`)
    process.exit(2)
  }
})()
const [command, source] = positionals
if (command !== 'clone' || !source) {
  process.stderr.write(`${usage}\n`)
  process.exit(2)
}

const { log } = await import('./lib/log')
const { prepareRuntime } = await import('./lib/runtime')
const { exitOnStartFailure } = await import('./lib/startupError')
const runtime = await prepareRuntime({ mode: 'cli', log: (msg) => log.info(msg) }).catch(
  (err: unknown) => exitOnStartFailure({ err, log }),
)
// This process only writes the edition; a running server keeps its own job runner.
process.env.JOBS_AUTORUN = 'false'
process.env.SEED_DEMO = 'false'

const { createLocalReq, getPayload } = await import('payload')
const { default: config } = await import('./payload.config')
const { createEdition, editionRequestOf, planEdition } = await import('./campaigns/edition')

const payload = await getPayload({ config })
let exitCode = 0
try {
  const sourceId = /^\d+$/.test(source)
    ? Number(source)
    : (
        await payload.find({
          collection: 'campaigns',
          where: { name: { equals: source } },
          limit: 2,
          depth: 0,
        })
      ).docs.map((doc) => doc.id)
  const ids = Array.isArray(sourceId) ? sourceId : [sourceId]
  if (ids.length !== 1) {
    throw new Error(
      ids.length
        ? `有多个名为“${source}”的活动，请用编号 / several campaigns are named "${source}": give the id`
        : `没有名为“${source}”的活动 / no campaign named "${source}"`,
    )
  }
  const request = editionRequestOf({
    year: values.year,
    startDate: values.start,
    name: values.name,
    theme: values.theme,
    label: values.label,
    quotas: !values['no-quotas'],
    contacts: !values['no-contacts'],
  })
  const req = await createLocalReq({}, payload)
  const call = { req, sourceId: ids[0]!, request, isSystem: true }
  const output = values.preview ? await planEdition(call) : await createEdition(call)
  if ('message' in output) {
    process.stdout.write(`${output.message}\n`)
  }
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`)
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
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
