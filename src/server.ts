/**
 * The process: embedded (or external) Postgres, the admin build, Next.js with Payload inside,
 * and Express in front. `npm start` runs it in production mode, `npm run dev` with --dev.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

// First: PORT, HOST, DATA_DIR and LOG_LEVEL are read as the modules below load.
import './lib/dotEnv'

import path from 'node:path'
import { fileURLToPath } from 'node:url'

const isDev = process.argv.includes('--dev')
// Next and Payload read NODE_ENV when they load, so it is settled before importing them.
;(process.env as Record<string, string>).NODE_ENV = isDev ? 'development' : 'production'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
process.chdir(root)

const { log } = await import('./lib/log')
const { prepareRuntime } = await import('./lib/runtime')
const { ensureBuild } = await import('./build')
const { createApp } = await import('./http/app')
const { readRateLimitConfig } = await import('./http/rateLimit')
const { readBodyMaxBytes } = await import('./http/bodyLimit')
const { partnerLinksConsequence, warnIfServerUrlUnset } = await import('./http/serverUrl')
const { publicBaseUrl, recordListeningAddress } = await import('./lib/publicUrl')
const { currentPayload, waitForPayload } = await import('./lib/payloadHandle')
const { closePool } = await import('./db/pool')
const { settleSends } = await import('../plugins/partner-push/jobs/deliver')
const { default: next } = await import('next')

const say = (msg: string) => log.info(msg)
const port = Number(process.env.PORT || 3000)
const host = process.env.HOST || '0.0.0.0'

const { exitOnStartFailure } = await import('./lib/startupError')
const runtime = await prepareRuntime({ mode: isDev ? 'dev' : 'start', log: say }).catch(
  (err: unknown) => exitOnStartFailure({ err, log }),
)

let server: Server | undefined
let app: ReturnType<typeof createApp> | undefined
let isStopping = false

/** A balancer's time to see /readyz fail and stop sending here (SHUTDOWN_DRAIN_MS, default 0). */
const drainMs = Number(process.env.SHUTDOWN_DRAIN_MS || 0)

/**
 * Drain (readiness fails, requests are still served) for SHUTDOWN_DRAIN_MS, then stop taking
 * requests, let in-flight ones finish, close the pool, stop the embedded database.
 */
const shutdown = async (signal: string) => {
  if (isStopping) {
    return
  }
  isStopping = true
  if (app && server && drainMs > 0) {
    say(`${signal}: draining for ${drainMs} ms (/readyz answers 503), then shutting down`)
    app.drain()
    await new Promise((resolve) => setTimeout(resolve, drainMs))
  }
  say(`${signal}: shutting down`)
  const force = setTimeout(() => {
    log.warn('requests still open after 10 s: closing them')
    server?.closeAllConnections()
  }, 10_000)
  force.unref()
  if (server) {
    await new Promise<void>((resolve) => {
      server!.close(() => resolve())
      server!.closeIdleConnections()
    })
  }
  clearTimeout(force)
  // Audit entries of the last feed polls, while the database is still there.
  await app?.close().catch((err: unknown) => log.error({ err }, 'writing pending audit entries'))
  const payload = currentPayload()
  if (payload) {
    // No new jobs, then the partner pushes under way finish while the database is still open.
    await Promise.all(payload.crons.splice(0).map((cron) => cron.stop()))
    await settleSends()
    await payload.destroy().catch((err: unknown) => log.error({ err }, 'stopping Payload'))
    await closePool(payload)
  }
  await runtime.cluster?.stop().catch((err: unknown) => log.error({ err }, 'stopping PostgreSQL'))
  say('stopped')
  process.exit(0)
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))

try {
  // Read before the slow part of the start, so a bad RATE_LIMIT_* or REQUEST_BODY_MAX_KB value fails at once.
  const rateLimitConfig = readRateLimitConfig(process.env)
  const bodyMaxBytes = readBodyMaxBytes(process.env)
  if (!isDev) {
    await ensureBuild({ log: say })
  }
  const nextApp = next({ dev: isDev, dir: root, hostname: 'localhost', port })
  const handle = nextApp.getRequestHandler()
  await nextApp.prepare()
  // instrumentation.ts boots Payload (migrations, first admin, job runner) as Next starts.
  await waitForPayload(180_000)

  app = createApp({
    fallthrough: (req, res) => handle(req, res),
    payload: currentPayload,
    rateLimit: { config: rateLimitConfig },
    bodyMaxBytes,
  })
  server = app.listen(port, host, () => {
    // Links that leave the server (partner pushes and feeds, reset mails) use it without SERVER_URL.
    recordListeningAddress({ host, port: (server!.address() as AddressInfo).port })
    warnIfServerUrlUnset({ consequence: partnerLinksConsequence(publicBaseUrl()) })
    say(`admin ready: ${publicBaseUrl()}/admin  (REST /api, GraphQL /api/graphql)`)
  })
  server.on('error', (err) => {
    log.error({ err }, 'HTTP server error')
    void shutdown('error')
  })
} catch (err) {
  log.error({ err }, 'start failed')
  await runtime.cluster?.stop().catch(() => {})
  process.exit(1)
}
