import { afterAll, beforeAll, expect, it } from 'vitest'

import type { Mailbox } from './helpers/smtp'
import type { Booted } from './helpers/payload'

import { poolOf } from '../plugins/shared/pool'
import { hasHeartbeat, releaseJobsOfLostRunners, withHeartbeat } from '../src/jobs/heartbeat'
import { bootPayload } from './helpers/payload'
import { startMailbox } from './helpers/smtp'
import { waitUntil } from './helpers/wait'

/**
 * A job whose runner died (SIGKILL mid-run) stays `processing`, and Payload's runner never takes
 * it again; src/jobs/heartbeat.ts releases it once nobody says it is alive, and never a job a
 * live runner is still running.
 */

let booted: Booted
let mailbox: Mailbox

beforeAll(async () => {
  mailbox = await startMailbox()
  booted = await bootPayload({ name: 'jobs_heartbeat', env: mailbox.env })
})

afterAll(async () => {
  await booted?.payload.destroy()
  await mailbox?.close()
})

const sql = (text: string, params: unknown[] = []) => poolOf(booted.payload).query(text, params)

/** What a runner killed mid-run leaves behind: the job taken, and untouched since. */
const leftByADeadRunner = async (subject: string) => {
  const job = await booted.payload.jobs.queue({
    task: 'sendMail',
    input: { to: 'office@test.local', subject, text: '请按时上报。' },
  })
  await sql(
    `update payload_jobs set processing = true, updated_at = now() - interval '10 minutes' where id = $1`,
    [job.id],
  )
  return Number(job.id)
}

it("runs a dead runner's job again once it is released, and not before", async () => {
  const id = await leftByADeadRunner('上报提醒（一）')
  await booted.payload.jobs.run({ allQueues: true })
  expect(mailbox.messages.some((mail) => mail.subject === '上报提醒（一）')).toBe(false)

  const released = await releaseJobsOfLostRunners(booted.payload, 180_000)
  expect(released).toContainEqual({ id, task: 'sendMail' })
  await booted.payload.jobs.run({ allQueues: true })
  await waitUntil(() => mailbox.messages.some((mail) => mail.subject === '上报提醒（一）'), {
    timeoutMs: 10_000,
    what: 'the released job to send its mail',
  })
})

it('leaves a job alone while its handler runs, however long', async () => {
  const id = await leftByADeadRunner('上报提醒（二）')
  const job = { id } as never
  const handler = withHeartbeat(async () => {
    // The handler outlives the release interval; its beats keep the job taken.
    await waitUntil(
      async () => {
        const { rows } = await sql(
          `select updated_at > now() - interval '5 seconds' as fresh from payload_jobs where id = $1`,
          [id],
        )
        return rows[0]?.fresh === true
      },
      { timeoutMs: 10_000, intervalMs: 20, what: 'a heartbeat' },
    )
    expect(await releaseJobsOfLostRunners(booted.payload, 5_000)).toEqual([])
    return { output: {} }
  }, 50)
  await handler({ job, req: { payload: booted.payload } } as never)
  const { rows } = await sql('select processing from payload_jobs where id = $1', [id])
  expect(rows[0]?.processing).toBe(true)
})

it("covers every task: the app's, every plugin's and Payload's own scheduled publishing", () => {
  const tasks = booted.payload.config.jobs.tasks ?? []
  expect(tasks.map((task) => task.slug)).toEqual(
    expect.arrayContaining(['sendMail', 'deliverToPartner', 'schedulePublish']),
  )
  expect(tasks.filter((task) => !hasHeartbeat(task.handler)).map((task) => task.slug)).toEqual([])
})
