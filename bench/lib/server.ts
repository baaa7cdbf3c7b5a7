import { spawn, type ChildProcess } from 'node:child_process'

import { ensureBuild } from '../../src/build'
import { freePort, root, say, since, sleep } from './env'

/** The first admin of every bench database (never used for load: partners read anonymously). */
export const benchAdmin = { email: 'bench@bench.local', password: 'bench-admin-password-1' }

export type RunningServer = {
  /** `http://127.0.0.1:<port>`: load only ever goes to loopback. */
  base: string
  /** The Node process whose tree is sampled for RSS. */
  pid: number
  /** Milliseconds from spawn to the first `/readyz` 200. */
  readyMs: number
  child: ChildProcess
  /** What the server printed (the last 20 000 characters). */
  output: () => string
  /** SIGINT, as Ctrl-C: the server stops taking requests, then stops its PostgreSQL. */
  stop: () => Promise<void>
}

/** The variables every bench server runs with; `env` adds to or overrides them. */
export const benchServerEnv = ({
  dataDir,
  port,
}: {
  dataDir: string
  port: number
}): NodeJS.ProcessEnv => ({
  ...process.env,
  NODE_ENV: 'production',
  DATA_DIR: dataDir,
  MEDIA_DIR: `${dataDir}/media`,
  PORT: String(port),
  HOST: '127.0.0.1',
  SEED_DEMO: 'false',
  RATE_LIMIT_ENABLED: 'false',
  LOG_LEVEL: 'warn',
  ADMIN_EMAIL: benchAdmin.email,
  ADMIN_PASSWORD: benchAdmin.password,
  // Always the embedded cluster in `dataDir`, whatever the caller's shell points at.
  DATABASE_URL: '',
  DATABASE_URI: '',
})

/**
 * Starts the production server (`node --import tsx src/server.ts`) on `dataDir` and waits for
 * `/readyz`. Builds the admin first when `.next` is missing or stale, so the build never counts
 * in a measurement.
 */
export const launchServer = async ({
  dataDir,
  env = {},
  nodeArgs = [],
  timeoutMs = 300_000,
}: {
  dataDir: string
  env?: Record<string, string>
  /** Node options before the script, e.g. `--cpu-prof` (not allowed in NODE_OPTIONS). */
  nodeArgs?: string[]
  timeoutMs?: number
}): Promise<RunningServer> => {
  await ensureBuild({ log: say })
  const port = await freePort()
  let output = ''
  const started = performance.now()
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...benchServerEnv({ dataDir, port }), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const keep = (chunk: Buffer) => {
    output = (output + String(chunk)).slice(-20_000)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const base = `http://127.0.0.1:${port}`
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))

  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`server exited with ${child.exitCode} before /readyz:\n${output}`)
    }
    const status = await fetch(`${base}/readyz`).then(
      (res) => res.status,
      () => 0,
    )
    if (status === 200) {
      break
    }
    if (since(started) > timeoutMs) {
      child.kill('SIGKILL')
      throw new Error(`/readyz not 200 after ${timeoutMs / 1000} s:\n${output}`)
    }
    await sleep(50)
  }
  const readyMs = since(started)

  const stop = async () => {
    if (child.exitCode !== null) {
      return
    }
    child.kill('SIGINT')
    const timedOut = await Promise.race([exited.then(() => false), sleep(30_000).then(() => true)])
    if (timedOut) {
      say(`server ${child.pid} did not stop within 30 s of SIGINT: killing it`)
      child.kill('SIGKILL')
      await exited
    }
  }
  return { base, pid: child.pid!, readyMs, child, output: () => output, stop }
}
