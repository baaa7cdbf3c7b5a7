/**
 * The built production server as `npm start` runs it — `node --import tsx src/server.ts` with its
 * embedded PostgreSQL in a data folder of its own — for the smoke test and the e2e suite.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export const root = path.resolve(import.meta.dirname, '..', '..')

/** Screenshots and other files a run leaves for a person to look at (gitignored). */
export const artifactsDir = path.join(root, 'tests', '.artifacts')

export type Credentials = { email: string; password: string }

export type BuiltServer = {
  child: ChildProcess
  /** `http://127.0.0.1:<port>` */
  base: string
  /** Everything the server printed so far (stdout and stderr). */
  output: () => string
}

/** A TCP port nobody listens on right now. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })

/** A fresh, empty data folder the embedded PostgreSQL (run as `postgres` when we are root) can enter. */
export const makeDataDir = async (prefix: string): Promise<string> => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), prefix))
  await fs.chmod(dataDir, 0o755)
  return dataDir
}

/**
 * Starts the server on `dataDir` (uploads in `<dataDir>/media`) and resolves once /readyz
 * answers 200; throws with the server's output if it exits or is not ready in `readyTimeoutMs`.
 * Any DATABASE_URL of the caller is cleared, so the server runs its own embedded cluster unless
 * `databaseUrl` names the one to use.
 */
export const startBuiltServer = async ({
  dataDir,
  port,
  admin,
  env = {},
  readyTimeoutMs = 300_000,
  cwd = root,
  host = '127.0.0.1',
  databaseUrl = '',
  onSpawn,
}: {
  dataDir: string
  port: number
  /** The first admin (ADMIN_EMAIL / ADMIN_PASSWORD). */
  admin: Credentials
  /** More environment for the server, e.g. `SEED_DEMO: 'false'`; `undefined` unsets a variable (say, for a `.env` to set it). */
  env?: Record<string, string | undefined>
  readyTimeoutMs?: number
  /** The checkout to start. @default this one */
  cwd?: string
  /** The address to reach the server on. @default '127.0.0.1' */
  host?: string
  /** An external PostgreSQL (DATABASE_URL) instead of an embedded cluster in `dataDir`. */
  databaseUrl?: string
  /** Called with the process as soon as it is spawned: a caller can stop it even if the start fails. */
  onSpawn?: (child: ChildProcess) => void
}): Promise<BuiltServer> => {
  let output = ''
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      MEDIA_DIR: path.join(dataDir, 'media'),
      PORT: String(port),
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      DATABASE_URL: databaseUrl,
      DATABASE_URI: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  onSpawn?.(child)
  child.stdout!.on('data', (chunk) => (output += String(chunk)))
  child.stderr!.on('data', (chunk) => (output += String(chunk)))
  const base = `http://${host}:${port}`
  const deadline = Date.now() + readyTimeoutMs
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited with ${child.exitCode} before it was ready\n${output}`)
    }
    const status = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5_000) }).then(
      (res) => res.status,
      () => 0,
    )
    if (status === 200) {
      return { child, base, output: () => output }
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`/readyz not 200 after ${readyTimeoutMs / 1000} s\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

/**
 * Stops the server the way an operator does (SIGINT) and resolves with its exit code; kills it
 * and throws if it has not exited in `timeoutMs`.
 */
export const stopBuiltServer = async (
  child: ChildProcess,
  { timeoutMs = 60_000 } = {},
): Promise<number | null> => {
  if (child.exitCode !== null) {
    return child.exitCode
  }
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  child.kill('SIGINT')
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
  })
  const result = await Promise.race([exited, timeout])
  clearTimeout(timer)
  if (result === 'timeout') {
    child.kill('SIGKILL')
    throw new Error(`the server did not stop within ${timeoutMs / 1000} s of SIGINT`)
  }
  return result
}

/** PostgreSQL processes still running on `dataDir` (there should be none once the server stopped). */
export const postgresProcessesFor = (dataDir: string): string[] => {
  const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
  return out.split('\n').filter((line) => line.includes(dataDir) && !line.includes('ps -eo'))
}

/** A JWT for `credentials` from the server at `base`. */
export const loginToken = async ({
  base,
  credentials,
}: {
  base: string
  credentials: Credentials
}): Promise<string> => {
  const res = await fetch(`${base}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  })
  const token = ((await res.json().catch(() => ({}))) as { token?: string }).token
  if (res.status !== 200 || !token) {
    throw new Error(`POST /api/users/login as ${credentials.email}: ${res.status}`)
  }
  return token
}
