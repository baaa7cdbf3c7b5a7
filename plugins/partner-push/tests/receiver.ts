import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'

import express from 'express'
import { Webhook } from 'standardwebhooks'

export type Received = {
  at: number
  headers: Record<string, string>
  body: string
  json: {
    event: string
    sequence: number
    webhookId: string
    deliveryId: number
    item: Record<string, unknown> & {
      uri: string
      version: string
      pubstatus: string
      headlines: { value: string }[]
    }
  }
}
export type Reply = { status: number; delayMs?: number; headers?: Record<string, string> }
export type Receiver = Awaited<ReturnType<typeof startReceiver>>

/**
 * A partner's webhook receiver on loopback, answering from a script of replies (the last one
 * repeats). Once given the site's secret (`trust`), it verifies every push as a partner does,
 * with `standardwebhooks`, and answers a push that does not verify 401 without taking it.
 * `beforeAnswer` runs once a push is taken and before it is answered: what the partner does
 * meanwhile (a test's chance to line up what happens at the same moment).
 */
export const startReceiver = async (
  script: Reply[],
  { beforeAnswer }: { beforeAnswer?: (push: Received) => Promise<void> } = {},
) => {
  const received: Received[] = []
  const rejected: string[] = []
  let secret: string | undefined
  const app = express()
  app.post('/hook', express.text({ type: '*/*' }), async (req, res) => {
    if (secret) {
      try {
        new Webhook(secret).verify(req.body as string, req.headers as Record<string, string>)
      } catch (err) {
        rejected.push(String(err))
        res.sendStatus(401)
        return
      }
    }
    const reply = script[Math.min(received.length, script.length - 1)]!
    const push: Received = {
      at: Date.now(),
      headers: req.headers as Record<string, string>,
      body: req.body as string,
      json: JSON.parse(req.body as string),
    }
    received.push(push)
    await beforeAnswer?.(push)
    if (reply.delayMs) {
      await new Promise((resolve) => setTimeout(resolve, reply.delayMs))
    }
    res
      .status(reply.status)
      .set(reply.headers ?? {})
      .send('ok')
  })
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    /** Pushes that did not verify. */
    rejected,
    /** From now on, verify every push with the partner's signing secret. */
    trust: (whsec: string) => {
      secret = whsec
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
