import { afterAll, beforeAll, expect, it } from 'vitest'

import type { Mailbox } from './helpers/smtp'
import type { Booted } from './helpers/payload'

import { bootPayload } from './helpers/payload'
import { startMailbox } from './helpers/smtp'
import { waitUntil } from './helpers/wait'

let booted: Booted
let mailbox: Mailbox

beforeAll(async () => {
  mailbox = await startMailbox()
  booted = await bootPayload({
    name: 'jobs_in_process',
    env: { ...mailbox.env, JOBS_AUTORUN: 'true', JOBS_AUTORUN_CRON: '* * * * * *' },
  })
})

afterAll(async () => {
  await booted?.payload.destroy()
  await mailbox?.close()
})

it('runs a queued job to completion with the in-process runner', async () => {
  const job = await booted.payload.jobs.queue({
    task: 'sendMail',
    input: {
      to: 'editor@test.local',
      subject: '专栏上线通知',
      text: '中国梦·大国工匠篇专栏已上线。',
    },
  })

  const mail = await mailbox.waitFor((m) => m.subject === '专栏上线通知')
  expect(mail.text?.trim()).toBe('中国梦·大国工匠篇专栏已上线。')

  // A job that completes leaves the queue (Payload's deleteJobOnComplete); a failed one stays.
  await waitUntil(
    async () => {
      const { totalDocs } = await booted.payload.count({
        collection: 'payload-jobs',
        where: { id: { equals: job.id } },
      })
      return totalDocs === 0
    },
    { what: 'the completed job to leave the queue' },
  )
})
