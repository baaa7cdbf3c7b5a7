import type { ParsedMail } from 'mailparser'
import type { AddressInfo } from 'node:net'

import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export type Mailbox = {
  port: number
  messages: ParsedMail[]
  /** Resolves with the first message matching `predicate`, waiting up to `timeoutMs`. */
  waitFor: (predicate: (mail: ParsedMail) => boolean, timeoutMs?: number) => Promise<ParsedMail>
  close: () => Promise<void>
  /** SMTP_* variables that point the app at this server. */
  env: Record<string, string>
}

/** A real SMTP server on loopback that keeps every message it accepts. */
export const startMailbox = async (): Promise<Mailbox> => {
  const messages: ParsedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, _session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail)
          callback()
        })
        .catch(callback)
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.server.address() as AddressInfo
  const waitFor: Mailbox['waitFor'] = async (predicate, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = messages.find(predicate)
      if (found) {
        return found
      }
      if (Date.now() > deadline) {
        throw new Error(`no matching mail within ${timeoutMs} ms (got ${messages.length})`)
      }
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  return {
    port,
    messages,
    waitFor,
    close: () => new Promise((resolve) => server.close(() => resolve())),
    env: {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(port),
      SMTP_SECURE: 'false',
      SMTP_FROM: 'cms@test.local',
    },
  }
}
