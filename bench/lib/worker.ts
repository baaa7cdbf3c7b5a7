import { spawn } from 'node:child_process'

import { root, say, sleep } from './env'

export type RunningWorker = {
  pid: number
  /** What the worker printed (the last 20 000 characters). */
  output: () => string
  hasExited: () => boolean
  /** SIGTERM, as a deployment stops it: the worker finishes its running jobs and closes its pool. */
  stop: () => Promise<void>
  /** SQL statements the worker has sent so far (started with `countQueries`), else null. */
  queries: () => Promise<number | null>
}

/**
 * Preloaded with `countQueries`: counts every `query` of node-postgres' clients (each copy of
 * `pg` installed: Payload's adapter has its own), and prints the count on SIGUSR2.
 */
const queryCounter = `
import { createRequire } from 'node:module'
let count = 0
for (const from of ['./', './node_modules/@payloadcms/db-postgres/']) {
  try {
    const pg = createRequire(process.cwd() + '/' + from)('pg')
    const query = pg.Client.prototype.query
    if (!query.isCounted) {
      pg.Client.prototype.query = function (...args) { count += 1; return query.apply(this, args) }
      pg.Client.prototype.query.isCounted = true
    }
  } catch {}
}
process.on('SIGUSR2', () => process.stdout.write('\\n{"benchQueries":' + count + '}\\n'))
`

/**
 * `npm run worker` (`node --import tsx src/worker.ts`), the production job runner, on the
 * database this process points at (`DATABASE_URL` and `PAYLOAD_SECRET` as exported by
 * `bootBenchPayload`). It polls the queue with the app's own autorun settings.
 */
export const startWorker = ({
  env = {},
  nodeArgs = [],
  countQueries = false,
}: {
  env?: Record<string, string>
  nodeArgs?: string[]
  /** Count the worker's SQL statements (`queries()`). */
  countQueries?: boolean
} = {}): RunningWorker => {
  let output = ''
  const counter = countQueries
    ? ['--import', `data:text/javascript,${encodeURIComponent(queryCounter)}`]
    : []
  const child = spawn(
    process.execPath,
    [...nodeArgs, ...counter, '--import', 'tsx', 'src/worker.ts'],
    {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', SEED_DEMO: 'false', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  // The counts printed on SIGUSR2, in order (kept apart from the output, which is cut).
  const counts: number[] = []
  const keep = (chunk: Buffer) => {
    const text = String(chunk)
    for (const match of text.matchAll(/\{"benchQueries":(\d+)\}/g)) {
      counts.push(Number(match[1]))
    }
    output = (output + text).slice(-20_000)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    pid: child.pid!,
    output: () => output,
    hasExited: () => child.exitCode !== null || child.signalCode !== null,
    queries: async () => {
      if (!countQueries || child.exitCode !== null || child.signalCode !== null) {
        return null
      }
      const before = counts.length
      child.kill('SIGUSR2')
      for (let waited = 0; waited < 5_000; waited += 20) {
        if (counts.length > before) {
          return counts.at(-1)!
        }
        await sleep(20)
      }
      return null
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        return
      }
      child.kill('SIGTERM')
      const timedOut = await Promise.race([
        exited.then(() => false),
        sleep(30_000).then(() => true),
      ])
      if (timedOut) {
        say(`worker ${child.pid} did not stop within 30 s of SIGTERM: killing it`)
        child.kill('SIGKILL')
        await exited
      }
    },
  }
}
