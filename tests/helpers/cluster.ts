/**
 * A scaled-out deployment on one machine (issue #20): one PostgreSQL that every process reaches
 * only through DATABASE_URL (an embedded cluster this helper starts), one S3-compatible server,
 * app instances of the built server with JOBS_AUTORUN=false and `npm run worker` processes — each
 * with a data and media folder of its own, so a shared disk can never make a test pass. Whatever
 * a start got to, `stop()` stops it.
 */
import type { Socket } from 'node:net'

import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

import pg from 'pg'

import type { Cluster } from '../../src/db/embeddedPostgres'
import type { Credentials } from './builtServer'
import type { S3Server } from './s3'

import { ensureBuild } from '../../src/build'
import { ensureDatabase, startCluster } from '../../src/db/embeddedPostgres'
import {
  artifactsDir,
  freePort,
  makeDataDir,
  root,
  startBuiltServer,
  stopBuiltServer,
} from './builtServer'
import { startS3Server } from './s3'

/** One child process of the deployment: an app instance (with `base`) or a worker. */
export type Member = {
  name: string
  child: ChildProcess
  pid: number
  /** Everything it printed so far (stdout and stderr). */
  output: () => string
}

export type Instance = Member & {
  /** `http://127.0.0.1:<port>` */
  base: string
}

export type Deployment = {
  /** The one database every process uses. */
  databaseUrl: string
  s3: S3Server
  instances: Instance[]
  workers: Member[]
  /** A query on that database from the test process. */
  query: <Row extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<Row[]>
}

/** Where `stop()` leaves each process's output and PostgreSQL's log. */
const logDir = path.join(artifactsDir, 'scale-out')

/** The line `npm run worker` logs once its runners are on (src/worker.ts). */
const workerReadyLine = 'worker running jobs from the queue'

/** A process killed by a signal keeps `exitCode` null: only both null means it still runs. */
export const isRunning = (child: ChildProcess) =>
  child.exitCode === null && child.signalCode === null

/**
 * The deployment, not started yet: `start()` brings up PostgreSQL and S3, then every instance
 * and worker at the same moment (so they race for the boot work, as a rollout does); `stop()`
 * stops whatever was started, also while a start is still under way (a timed-out hook), and
 * leaves each process's output and PostgreSQL's log in `tests/.artifacts/scale-out/`.
 */
export const scaleOut = ({
  instances = 2,
  workers = 2,
  admin,
  env = {},
  instanceEnv = {},
  readyTimeoutMs = 240_000,
}: {
  instances?: number
  workers?: number
  /** The first admin (ADMIN_EMAIL / ADMIN_PASSWORD), created by whichever process boots first. */
  admin: Credentials
  /** Environment of every process (instances and workers). */
  env?: Record<string, string>
  /** Environment of the app instances only. */
  instanceEnv?: Record<string, string>
  readyTimeoutMs?: number
}) => {
  const members: Member[] = []
  const cleanups: (() => Promise<void>)[] = []
  let isStopped = false

  /** What `stop()` undoes, last first; once it has run (a start outliving its hook), at once. */
  const onStop = (cleanup: () => Promise<unknown>) => {
    if (isStopped) {
      void cleanup().catch(() => {})
    } else {
      cleanups.push(async () => void (await cleanup()))
    }
  }

  /** Remembers a spawned process so `stop()` reaches it; one spawned after `stop()` dies at once. */
  const track = (name: string, child: ChildProcess): Member => {
    let output = ''
    child.stdout?.on('data', (chunk) => (output += String(chunk)))
    child.stderr?.on('data', (chunk) => (output += String(chunk)))
    const member = { name, child, pid: child.pid!, output: () => output }
    members.push(member)
    if (isStopped) {
      child.kill('SIGKILL')
    }
    return member
  }

  const start = async (): Promise<Deployment> => {
    const dir = await makeDataDir('wangju-scale-out-')
    onStop(async () => {
      // PostgreSQL's own log (startCluster writes it beside the cluster) goes with the processes'.
      await fs
        .copyFile(path.join(dir, 'postgres.log'), path.join(logDir, 'postgres.log'))
        .catch(() => {})
      await fs.rm(dir, { recursive: true, force: true })
    })

    const cluster: Cluster = await startCluster({ dir: path.join(dir, 'postgres') })
    onStop(() => cluster.stop())
    await ensureDatabase(cluster, 'wangju')
    const databaseUrl = cluster.url('wangju')
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 })
    onStop(() => pool.end())

    const s3 = await startS3Server()
    onStop(() => s3.stop())

    // Instances starting at once on a stale build would each run `next build` in this one
    // checkout, and all but one fail (`Another next build process is already running`): a
    // build current when the run began may be stale by now if the sources changed meanwhile.
    await ensureBuild({ log: (msg) => process.stdout.write(`scale-out: ${msg}\n`) })
    const ports = await Promise.all(Array.from({ length: instances }, () => freePort()))
    const shared = {
      // One secret: a token or API key issued by one instance verifies on every other.
      PAYLOAD_SECRET: randomBytes(32).toString('hex'),
      // One public address for every link, as behind a load balancer: the first instance's.
      SERVER_URL: `http://127.0.0.1:${ports[0]}`,
      SEED_DEMO: 'false',
      // Every process may be the one that boots first and creates the first admin.
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      LOG_LEVEL: 'info',
      ...s3.env,
      ...env,
    }
    const names = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, i) => `${prefix}-${String.fromCharCode(97 + i)}`)

    const started = await Promise.allSettled([
      ...names('instance', instances).map(async (name, i): Promise<Instance> => {
        let member: Member | undefined
        const server = await startBuiltServer({
          dataDir: await makeDataDir(`wangju-scale-out-${name}-`).then((d) => {
            onStop(() => fs.rm(d, { recursive: true, force: true }))
            return d
          }),
          port: ports[i]!,
          admin,
          databaseUrl,
          env: { ...shared, JOBS_AUTORUN: 'false', ...instanceEnv },
          readyTimeoutMs,
          onSpawn: (child) => (member = track(name, child)),
        })
        return { ...member!, base: server.base }
      }),
      ...names('worker', workers).map(async (name) => {
        const workerDir = await makeDataDir(`wangju-scale-out-${name}-`)
        onStop(() => fs.rm(workerDir, { recursive: true, force: true }))
        return startWorker({
          name,
          track,
          readyTimeoutMs,
          env: {
            ...shared,
            NODE_ENV: 'production',
            DATA_DIR: workerDir,
            MEDIA_DIR: path.join(workerDir, 'media'),
            DATABASE_URL: databaseUrl,
            DATABASE_URI: '',
          },
        })
      }),
    ])
    const failed = started.filter((result) => result.status === 'rejected')
    if (failed.length > 0) {
      throw new Error(
        `the deployment did not start:\n${failed.map((f) => String((f as PromiseRejectedResult).reason)).join('\n\n')}`,
      )
    }
    const ready = started.map((result) => (result as PromiseFulfilledResult<Member>).value)
    return {
      databaseUrl,
      s3,
      instances: ready.slice(0, instances) as Instance[],
      workers: ready.slice(instances),
      query: async (text, values) => (await pool.query(text, values)).rows,
    }
  }

  /**
   * Stops every process still running (SIGINT, as an operator does; SIGKILL after 30 s), then S3
   * and PostgreSQL, and removes the folders. Throws at the end if a process had to be killed.
   */
  const stop = async () => {
    isStopped = true
    const problems: string[] = []
    await Promise.all(
      members
        .filter((member) => isRunning(member.child))
        .map((member) =>
          stopBuiltServer(member.child, { timeoutMs: 30_000 }).catch((err: unknown) => {
            problems.push(`${member.name}: ${String(err)}`)
          }),
        ),
    )
    await fs.rm(logDir, { recursive: true, force: true })
    await fs.mkdir(logDir, { recursive: true })
    for (const member of members) {
      await fs.writeFile(path.join(logDir, `${member.name}.log`), member.output())
    }
    // Last started, first stopped: S3 and the pool before the cluster, the folders last.
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err: unknown) => problems.push(String(err)))
    }
    if (problems.length > 0) {
      throw new Error(`stopping the deployment:\n${problems.join('\n')}`)
    }
  }

  return { start, stop }
}

/** `npm run worker` with `env`; resolves once its runners are on. */
const startWorker = async ({
  name,
  env,
  track,
  readyTimeoutMs,
}: {
  name: string
  env: Record<string, string>
  track: (name: string, child: ChildProcess) => Member
  readyTimeoutMs: number
}): Promise<Member> => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const member = track(name, child)
  const deadline = Date.now() + readyTimeoutMs
  while (!member.output().includes(workerReadyLine)) {
    if (!isRunning(child)) {
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}):\n${member.output()}`)
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(
        `${name} not running jobs after ${readyTimeoutMs / 1000} s:\n${member.output()}`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return member
}

/** SIGKILL: no shutdown, no settling of sends — a crash. Resolves once the process is gone. */
export const killHard = async (member: Member) => {
  if (!isRunning(member.child)) {
    return
  }
  const exited = new Promise((resolve) => member.child.once('exit', resolve))
  member.child.kill('SIGKILL')
  await exited
}

const hexPort = (port: number) => port.toString(16).toUpperCase().padStart(4, '0')

/**
 * Which of `pids` holds the client end of `socket` (a connection accepted by a server of this
 * process from loopback), or null: the kernel's socket table names the connection's inode, and
 * the process whose descriptors include that socket opened it. Linux only; ask while the
 * connection is open.
 */
export const connectionOwner = async ({
  socket,
  pids,
}: {
  socket: Socket
  pids: number[]
}): Promise<number | null> => {
  const client = `:${hexPort(socket.remotePort!)}`
  const server = `:${hexPort(socket.localPort!)}`
  let inode: string | undefined
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = (await fs.readFile(table, 'utf8').catch(() => '')).split('\n').slice(1)
    for (const line of lines) {
      // sl, local_address, rem_address, st, tx:rx, tr:when, retrnsmt, uid, timeout, inode
      const fields = line.trim().split(/\s+/)
      if (fields[1]?.endsWith(client) && fields[2]?.endsWith(server)) {
        inode = fields[9]
      }
    }
  }
  if (!inode || inode === '0') {
    return null
  }
  const target = `socket:[${inode}]`
  for (const pid of pids) {
    const fds = await fs.readdir(`/proc/${pid}/fd`).catch(() => [])
    for (const fd of fds) {
      if ((await fs.readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')) === target) {
        return pid
      }
    }
  }
  return null
}
