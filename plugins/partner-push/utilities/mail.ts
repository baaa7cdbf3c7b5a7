import type { Payload, PayloadRequest } from 'payload'

import type { ResolvedOptions } from '../types'

/** One plain-text mail the plugin sends (a partner disabled, a takedown not acknowledged). */
export type Mail = { to: string; subject: string; text: string }

/**
 * Queues each mail as a job of the app's `mailTaskSlug` (input `{ to, subject, text }`), in
 * `req`'s transaction when given, so it goes only if the change it reports commits. Without that
 * task the mails are sent at once through Payload's email adapter (`payload.sendEmail`); one
 * that fails is logged, not retried.
 */
export const sendMails = async ({
  payload,
  options,
  mails,
  req,
}: {
  payload: Payload
  options: Pick<ResolvedOptions, 'mailTaskSlug'>
  mails: Mail[]
  req?: PayloadRequest
}) => {
  for (const mail of mails) {
    if (options.mailTaskSlug) {
      // The task is the app's, unknown to the plugin's types.
      await payload.jobs.queue({ task: options.mailTaskSlug as never, input: mail as never, req })
    } else {
      await payload
        .sendEmail(mail)
        .catch((err: unknown) =>
          payload.logger.error({ err, msg: `partner push: mail to ${mail.to} not sent` }),
        )
    }
  }
}
