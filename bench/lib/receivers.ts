import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

import { createServer } from 'node:http'
import { Webhook } from 'standardwebhooks'

/** Epoch milliseconds with sub-millisecond precision, comparable across processes on this machine. */
export const wallNow = (): number => performance.timeOrigin + performance.now()

export type Receiver = { index: number; url: string; secret: string }

/** One verified push as the receiver answered it. */
export type Arrival = { at: number; receiver: number; webhookId: string; body: string }

/**
 * Partner sites' webhook endpoints, one node:http server per partner on its own loopback port,
 * all in this process. Each verifies the Standard Webhooks signature with its partner's secret
 * through the `standardwebhooks` library (what the partner's guide tells partners to use) and
 * answers 204; a push that does not verify gets 400 and is counted as a failure, never as an arrival.
 */
export const startReceivers = async ({ secrets }: { secrets: string[] }) => {
  let arrivals: Arrival[] = []
  const failures: string[] = []
  let waiter: { count: number; resolve: () => void } | null = null

  const handle =
    (index: number, webhook: Webhook) => (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        try {
          webhook.verify(body, req.headers as Record<string, string>)
        } catch (err) {
          failures.push(`receiver ${index}: ${(err as Error).message}`)
          res.writeHead(400).end()
          return
        }
        res.writeHead(204).end()
        arrivals.push({
          at: wallNow(),
          receiver: index,
          webhookId: String(req.headers['webhook-id']),
          body,
        })
        if (waiter && arrivals.length >= waiter.count) {
          waiter.resolve()
        }
      })
    }

  const servers: Server[] = []
  const receivers: Receiver[] = []
  for (const [index, secret] of secrets.entries()) {
    const server = createServer(handle(index, new Webhook(secret)))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    servers.push(server)
    receivers.push({
      index,
      secret,
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    })
  }

  return {
    receivers,
    /** The arrivals since the last call, which starts a new count. */
    take: (): Arrival[] => {
      const taken = arrivals
      arrivals = []
      return taken
    },
    count: () => arrivals.length,
    failures: () => [...failures],
    /** Resolves once `count` pushes have arrived since the last `take`. */
    waitFor: async ({
      count,
      timeoutMs,
      what,
    }: {
      count: number
      timeoutMs: number
      what: string
    }) => {
      if (arrivals.length >= count) {
        return
      }
      let timer: NodeJS.Timeout | undefined
      try {
        await Promise.race([
          new Promise<void>((resolve) => {
            waiter = { count, resolve }
          }),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () =>
                reject(
                  new Error(
                    `${what}: ${arrivals.length} of ${count} pushes after ${timeoutMs / 1000} s; failures: ${failures.slice(0, 3).join('; ') || 'none'}`,
                  ),
                ),
              timeoutMs,
            )
          }),
        ])
      } finally {
        waiter = null
        clearTimeout(timer)
      }
    },
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections()
              server.close(() => resolve())
            }),
        ),
      )
    },
  }
}

export type Receivers = Awaited<ReturnType<typeof startReceivers>>
