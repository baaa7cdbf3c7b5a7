/**
 * `npm start` with its settings in the project's `.env` only: PORT, HOST, DATA_DIR and LOG_LEVEL
 * are read as their modules load, and the `.env` used to be read after that — the server came up
 * on port 3000, every interface, `.data` and level info whatever the file said.
 */
import fs from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Checkout } from '../helpers/checkout'

import { freePort, loginToken, startBuiltServer, stopBuiltServer } from '../helpers/builtServer'
import { makeCheckout } from '../helpers/checkout'

const admin = { email: 'dot-env@test.local', password: 'dot-env-password-1' }

let checkout: Checkout

beforeAll(async () => {
  checkout = await makeCheckout()
}, 180_000)

afterAll(async () => {
  await checkout?.remove()
})

describe('settings in .env alone', () => {
  it('npm start listens on its PORT and HOST, keeps its database in its DATA_DIR and logs at its LOG_LEVEL', async () => {
    const port = await freePort()
    // 127.0.0.2 is loopback too, but not the default: a server ignoring HOST binds every interface.
    const host = '127.0.0.2'
    const dataDir = path.join(checkout.dir, 'data-from-dotenv')
    await fs.writeFile(
      path.join(checkout.dir, '.env'),
      [`PORT=${port}`, `HOST=${host}`, `DATA_DIR=${dataDir}`, 'LOG_LEVEL=warn', ''].join('\n'),
    )

    const server = await startBuiltServer({
      cwd: checkout.dir,
      dataDir,
      port,
      host,
      admin,
      // Nothing of this run's own settings: only the file may set them.
      env: {
        PORT: undefined,
        HOST: undefined,
        DATA_DIR: undefined,
        MEDIA_DIR: undefined,
        LOG_LEVEL: undefined,
        SEED_DEMO: 'false',
      },
    })
    try {
      expect(await loginToken({ base: server.base, credentials: admin })).toBeTruthy()
      // Bound to HOST only: the usual loopback address on the same port finds nobody.
      const elsewhere = await fetch(`http://127.0.0.1:${port}/readyz`, {
        signal: AbortSignal.timeout(5_000),
      }).then(
        (res) => res.status,
        (err: Error) => String((err.cause as { code?: string } | undefined)?.code ?? err),
      )
      expect(elsewhere).toBe('ECONNREFUSED')
      // The embedded cluster lives under DATA_DIR (linked from there when root's checkout needs it elsewhere).
      expect(await fs.readdir(dataDir)).toEqual(
        expect.arrayContaining(['postgres', 'payload-secret']),
      )
      await expect(fs.access(path.join(checkout.dir, '.data', 'postgres'))).rejects.toThrow()
      // At warn, none of the info lines a start prints (pino's level 30).
      expect(server.output()).not.toMatch(/"level":30/)
    } finally {
      expect(await stopBuiltServer(server.child)).toBe(0)
    }
  }, 300_000)
})
