import { afterAll, beforeAll, expect, it } from 'vitest'

import type { Mailbox } from './helpers/smtp'
import type { Booted } from './helpers/payload'

import { poolOf } from '../plugins/shared/pool'
import { hasHeartbeat, releaseJobsOfLostRunners, withHeartbeat } from '../src/jobs/heartbeat'
import { bootPayload } from './helpers/payload'
import { startMailbox } from './helpers/smtp'
import { waitUntil } from './helpers/wait'

/**
 * Several runners on one queue (workers, and each process's two crons): a job is run by one of
 * them (src/jobs/claims.ts), and a job whose runner died (SIGKILL mid-run) — which Payload's
 * runner never takes again — is released once nobody says it is alive (src/jobs/heartbeat.ts),
 * never while a live runner still runs it.
 */

let booted: Booted
let mailbox: Mailbox

beforeAll(async () => {
  mailbox = await startMailbox()
  booted = await bootPayload({ name: 'jobs_runners', env: mailbox.env })
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

it('runs each job once when runners poll at the same moment', async () => {
  const subjects = Array.from({ length: 8 }, (_, i) => `上报通知（${i + 1}）`)
  for (const subject of subjects) {
    await booted.payload.jobs.queue({
      task: 'sendMail',
      input: { to: 'office@test.local', subject, text: '请按时上报。' },
    })
  }
  // Two polls racing, as two workers (or the runner and the scheduler at :00) do.
  await Promise.all([
    booted.payload.jobs.run({ allQueues: true, limit: 20 }),
    booted.payload.jobs.run({ allQueues: true, limit: 20 }),
  ])
  await booted.payload.jobs.run({ allQueues: true, limit: 20 })
  await waitUntil(
    () => subjects.every((subject) => mailbox.messages.some((mail) => mail.subject === subject)),
    { timeoutMs: 10_000, what: 'every mail' },
  )
  const sent = mailbox.messages.filter((mail) => subjects.includes(mail.subject ?? ''))
  expect(sent.map((mail) => mail.subject).sort()).toEqual([...subjects].sort())
  const { rows } = await sql(
    `select count(*)::int as n from pg_stat_activity
      where datname = current_database() and state = 'idle in transaction (aborted)'`,
  )
  expect(rows[0]?.n).toBe(0)
})
