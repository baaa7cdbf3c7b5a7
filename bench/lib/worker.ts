import { spawn } from 'node:child_process'

import { root, say, sleep } from './env'

export type RunningWorker = {
  pid: number
  /** What the worker printed (the last 20 000 characters). */
  output: () => string
  hasExited: () => boolean
  /** SIGTERM, as a deployment stops it: the worker finishes its running jobs and closes its pool. */
  stop: () => Promise<void>
}

/**
 * `npm run worker` (`node --import tsx src/worker.ts`), the production job runner, on the
 * database this process points at (`DATABASE_URL` and `PAYLOAD_SECRET` as exported by
 * `bootBenchPayload`). It polls the queue with the app's own autorun settings.
 */
export const startWorker = ({
  env = {},
  nodeArgs = [],
}: { env?: Record<string, string>; nodeArgs?: string[] } = {}): RunningWorker => {
  let output = ''
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/worker.ts'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const keep = (chunk: Buffer) => {
    output = (output + String(chunk)).slice(-20_000)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    pid: child.pid!,
    output: () => output,
    hasExited: () => child.exitCode !== null || child.signalCode !== null,
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
