import type { EmailAdapter } from 'payload'

import { nodemailerAdapter } from '@payloadcms/email-nodemailer'
import nodemailer from 'nodemailer'

/**
 * SMTP from the environment. Without SMTP_HOST it returns undefined and Payload logs each
 * mail to the console. The transport is always built here: the adapter would otherwise call
 * a remote test-mail service when it gets none.
 */
export const emailFromEnv = (): Promise<EmailAdapter> | undefined => {
  const host = process.env.SMTP_HOST
  if (!host) {
    return undefined
  }
  const port = Number(process.env.SMTP_PORT ?? 587)
  const transport = nodemailer.createTransport({
    host,
    port,
    secure: process.env.SMTP_SECURE ? process.env.SMTP_SECURE === 'true' : port === 465,
    auth: process.env.SMTP_USER
      ? { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS ?? '' }
      : undefined,
    // Local test servers present self-signed certificates.
    tls: { rejectUnauthorized: process.env.SMTP_TLS_REJECT_UNAUTHORIZED !== 'false' },
  })
  return nodemailerAdapter({
    defaultFromAddress: process.env.SMTP_FROM ?? 'noreply@localhost',
    defaultFromName: process.env.SMTP_FROM_NAME ?? '网聚职工正能量',
    transport,
    skipVerify: true,
  })
}
