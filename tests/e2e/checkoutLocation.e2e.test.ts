/**
 * The README's two commands from a checkout in a folder the `postgres` OS user cannot enter, as
 * root (the usual case in a container): under root's home, mode 0700. The embedded PostgreSQL runs
 * as `postgres`, which could neither run the binaries under `node_modules` nor reach `.data`:
 * `npm start` died at once with `spawn …/initdb EACCES` and a raw stack trace.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Checkout } from '../helpers/checkout'

import { freePort, loginToken, startBuiltServer, stopBuiltServer } from '../helpers/builtServer'
import { makeCheckout } from '../helpers/checkout'

const admin = { email: 'root-home@test.local', password: 'root-home-password-1' }

let checkout: Checkout

beforeAll(async () => {
  checkout = await makeCheckout({ parentMode: 0o700 })
}, 180_000)

afterAll(async () => {
  await checkout?.remove()
})

/** The environment of a fresh shell: none of this run's database, vitest or port settings. */
const freshEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const key of Object.keys(env)) {
    if (/^(VITEST|TEST_|DATABASE_|DATA_DIR$|MEDIA_DIR$|PORT$|HOST$)/.test(key)) {
      env[key] = undefined
    }
  }
  return env
}

describe('a checkout in a folder only root may enter (mode 0700)', () => {
  it('npm start: the server starts on its embedded PostgreSQL and serves the admin and the API', async () => {
    const server = await startBuiltServer({
      cwd: checkout.dir,
      dataDir: path.join(checkout.dir, '.data'),
      port: await freePort(),
      admin,
      env: {
        ...freshEnv(),
        DATA_DIR: undefined,
        MEDIA_DIR: undefined,
        SEED_DEMO: 'false',
        LOG_LEVEL: 'info',
      },
    })
    try {
      expect(await loginToken({ base: server.base, credentials: admin })).toBeTruthy()
      expect((await fetch(`${server.base}/admin/login`)).status).toBe(200)
    } finally {
      expect(await stopBuiltServer(server.child)).toBe(0)
    }
  }, 300_000)

  it('npm test: the suite starts its embedded PostgreSQL and a test file passes', async () => {
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [path.join('node_modules', 'vitest', 'vitest.mjs'), 'run', 'tests/readiness.test.ts'],
        {
          cwd: checkout.dir,
          env: { ...freshEnv(), NO_COLOR: '1' },
          encoding: 'utf8',
          timeout: 240_000,
          maxBuffer: 16 * 1024 * 1024,
        },
        (error, stdout, stderr) =>
          resolve({
            code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
            output: stdout + stderr,
          }),
      )
      child.stdin?.end()
    })
    expect(result.output).toMatch(/Test Files\s+1 passed/)
    expect(result.code).toBe(0)
  }, 300_000)

  it('stops with one clear bilingual line naming the folder and the fix when a cluster is already there', async () => {
    // A cluster made while the folder was open, before it was closed: its data is not moved silently.
    const dataDir = path.join(checkout.dir, 'old-data')
    await fs.mkdir(path.join(dataDir, 'postgres'), { recursive: true })
    await fs.writeFile(path.join(dataDir, 'postgres', 'PG_VERSION'), '17\n')
    const failure = await startBuiltServer({
      cwd: checkout.dir,
      dataDir,
      port: await freePort(),
      admin,
      env: { ...freshEnv(), SEED_DEMO: 'false' },
      readyTimeoutMs: 120_000,
    }).then(
      async (server) => {
        await stopBuiltServer(server.child)
        return ''
      },
      (err: unknown) => String(err),
    )
    expect(failure).toContain('the server exited with 1 before it was ready')
    expect(failure).toContain(`该用户无法进入 ${dataDir}`)
    expect(failure).toContain(`which cannot reach ${dataDir}`)
    expect(failure).toContain('DATA_DIR')
    expect(failure).toContain('DATABASE_URL')
    // The message alone: no stack trace.
    expect(failure).not.toMatch(/\n\s+at /)
  }, 180_000)
})
