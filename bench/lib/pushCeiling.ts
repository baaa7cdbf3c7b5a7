/**
 * The push part's ceiling: a plain undici loop in a process of its own (as the job runner is),
 * sending given bodies to given receivers, each signed at send time with the partner's secret
 * exactly as a delivery attempt signs it (`webhookHeaders`), `concurrency` requests in flight.
 * One shared keep-alive `Agent`: what a plain loop does, no per-request guard or pool.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import type { RssStats } from './residentMemory'

import { webhookHeaders } from '../../plugins/partner-push/utilities/signature'
import { root } from './env'
import { sampleRss } from './residentMemory'

export type CeilingMessage = { url: string; secret: string; webhookId: string; body: string }

export type CeilingRun = {
  /** Epoch ms (sub-ms precision) when the loop sent its first request. */
  startedAt: number
  endedAt: number
  sent: number
  non2xx: number
  errors: number
  /** CPU the loop's process spent from its first request to its last response, ms. */
  cpuMs: number
  rss: RssStats
}

/**
 * Runs the loop in a child process over the messages in `file` (JSON `CeilingMessage[]`):
 * `concurrency` requests in flight, at most `perPartner` of them to one URL (null: no cap).
 */
export const runPushCeiling = async ({
  file,
  concurrency,
  perPartner,
}: {
  file: string
  concurrency: number
  perPartner: number | null
}): Promise<CeilingRun> => {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PUSH_CEILING_FILE: file,
      PUSH_CEILING_CONCURRENCY: String(concurrency),
      PUSH_CEILING_PER_PARTNER: String(perPartner ?? 0),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const rss = sampleRss({ pid: child.pid! })
  let out = ''
  child.stdout!.on('data', (chunk) => (out += String(chunk)))
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', resolve)
  })
  const stats = rss.stop()
  if (code !== 0) {
    throw new Error(`push ceiling exited with ${code}: ${out.slice(-2000)}`)
  }
  return { ...(JSON.parse(out) as Omit<CeilingRun, 'rss'>), rss: stats }
}

const loop = async () => {
  const { Agent, request } = await import('undici')
  const messages = JSON.parse(
    await fs.readFile(process.env.PUSH_CEILING_FILE!, 'utf8'),
  ) as CeilingMessage[]
  const concurrency = Number(process.env.PUSH_CEILING_CONCURRENCY)
  const perPartner = Number(process.env.PUSH_CEILING_PER_PARTNER) || Infinity
  const agent = new Agent({ keepAliveTimeout: 10_000 })
  let non2xx = 0
  let errors = 0
  const send = async ({ url, secret, webhookId, body }: CeilingMessage) => {
    try {
      const res = await request(url, {
        method: 'POST',
        body,
        headers: webhookHeaders({ id: webhookId, body, secrets: [secret] }),
        dispatcher: agent,
      })
      await res.body.dump()
      if (res.statusCode < 200 || res.statusCode > 299) {
        non2xx += 1
      }
    } catch {
      errors += 1
    }
  }
  // Warm-up, untimed (the receivers' clock tells it apart): the first requests load undici's
  // code paths, as the warm-up fan-out did for the worker.
  await Promise.all(messages.slice(0, concurrency).map(send))
  non2xx = 0
  errors = 0
  // In order, skipping messages whose partner already has `perPartner` requests in flight.
  const waiting = [...messages]
  const inFlight = new Map<string, number>()
  let sleepers: (() => void)[] = []
  const sender = async () => {
    for (;;) {
      const i = waiting.findIndex((m) => (inFlight.get(m.url) ?? 0) < perPartner)
      if (i < 0) {
        if (!waiting.length) {
          return
        }
        // Every sendable partner is at its cap: wait for a send to finish.
        await new Promise<void>((resolve) => sleepers.push(resolve))
        continue
      }
      const [message] = waiting.splice(i, 1)
      inFlight.set(message!.url, (inFlight.get(message!.url) ?? 0) + 1)
      await send(message!)
      inFlight.set(message!.url, inFlight.get(message!.url)! - 1)
      const woken = sleepers
      sleepers = []
      woken.forEach((wake) => wake())
    }
  }
  const cpu = process.cpuUsage()
  const startedAt = performance.timeOrigin + performance.now()
  await Promise.all(Array.from({ length: concurrency }, sender))
  const endedAt = performance.timeOrigin + performance.now()
  const { user, system } = process.cpuUsage(cpu)
  await agent.close()
  process.stdout.write(
    JSON.stringify({
      startedAt,
      endedAt,
      sent: messages.length,
      non2xx,
      errors,
      cpuMs: (user + system) / 1000,
    }),
  )
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await loop()
  process.exit(0)
}
