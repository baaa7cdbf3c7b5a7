import type { TestProject } from 'vitest/node'

import fs from 'node:fs/promises'
import path from 'node:path'

import type { BuiltServer, Credentials } from '../helpers/builtServer'

import { ensureBuild } from '../../src/build'
import {
  freePort,
  loginToken,
  makeDataDir,
  startBuiltServer,
  stopBuiltServer,
} from '../helpers/builtServer'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built server of this e2e run, e.g. `http://127.0.0.1:41234`. */
    e2eBaseUrl: string
    /** Its first admin. */
    e2eAdmin: Credentials
    /**
     * A JWT of that admin, from the run's one API login: the account's logins are rate-limited
     * (RATE_LIMIT_LOGIN_ACCOUNT, 10 in 5 minutes), and a login per file left the browser tests'
     * own logins refused with 429.
     */
    e2eAdminToken: string
  }
}

/** The first admin of the e2e server (ADMIN_EMAIL / ADMIN_PASSWORD). */
const admin: Credentials = { email: 'e2e-admin@test.local', password: 'e2e-test-password-1' }

const say = (msg: string) => process.stdout.write(`e2e: ${msg}\n`)

/**
 * Files that start every server they use themselves and never inject the shared one: a run of
 * only these (`npm run test:scale-out`) skips its start and its demo data.
 */
const ownServersOnly = new Set(['scaleOut.e2e.test.ts'])

/**
 * Whether a file of this run injects the shared server. The files to run are collected before
 * the global setup (vitest's state API); when it names none, the server is started as before.
 */
const needsSharedServer = (project: TestProject): boolean => {
  const files = project.vitest.state.getPaths()
  return files.length === 0 || files.some((file) => !ownServersOnly.has(path.basename(file)))
}

/**
 * Once per e2e run: builds the admin if `.next` is missing or older than the sources (as
 * `npm start` does), starts the built server on a fresh data folder with the demo data (unless
 * no file of the run uses it), and stops it with SIGINT at the end. E2E_LOG=1 prints the
 * server's output when it stops.
 */
export const setup = async (project: TestProject) => {
  const buildStarted = Date.now()
  await ensureBuild({ log: say })
  say(`build current (${Math.round((Date.now() - buildStarted) / 1000)} s)`)
  if (!needsSharedServer(project)) {
    say('no file of this run uses the shared server: not started')
    return
  }

  const dataDir = await makeDataDir('wangju-e2e-')
  const started = Date.now()
  let server: BuiltServer
  try {
    server = await startBuiltServer({
      dataDir,
      port: await freePort(),
      admin,
      // The caller's settings must not leak in: the server runs as a fresh `npm start` does,
      // except that it may push to loopback, where partnerReceiver.e2e.test.ts runs the example
      // receiver (every other private address stays refused: badInput's 10.0.0.1 row).
      env: {
        LOG_LEVEL: 'info',
        OUTBOUND_ALLOW_LIST: '127.0.0.1',
        SEED_DEMO: 'true',
        JOBS_AUTORUN: 'true',
      },
    })
  } catch (err) {
    await fs.rm(dataDir, { recursive: true, force: true })
    throw err
  }
  say(
    `server ready at ${server.base} in ${Math.round((Date.now() - started) / 1000)} s (data in ${dataDir})`,
  )
  project.provide('e2eBaseUrl', server.base)
  project.provide('e2eAdmin', admin)
  project.provide('e2eAdminToken', await loginToken({ base: server.base, credentials: admin }))

  return async () => {
    const code = await stopBuiltServer(server.child).catch((err: unknown) => {
      say(String(err))
      return null
    })
    if (process.env.E2E_LOG || code !== 0) {
      process.stdout.write(server.output())
    }
    await fs.rm(dataDir, { recursive: true, force: true })
    if (code !== 0) {
      throw new Error(`the e2e server exited with ${code} after SIGINT (its output is above)`)
    }
  }
}
