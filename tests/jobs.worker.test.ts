import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

import { afterAll, beforeAll, expect, it } from 'vitest'

import type { Mailbox } from './helpers/smtp'
import type { Booted } from './helpers/payload'

import { bootPayload } from './helpers/payload'
import { startMailbox } from './helpers/smtp'
import { waitUntil } from './helpers/wait'

let booted: Booted
let mailbox: Mailbox
let worker: ChildProcess | undefined
let workerOutput = ''

beforeAll(async () => {
  mailbox = await startMailbox()
  // This process only queues: its runner is off, as on a web instance with a separate worker.
  booted = await bootPayload({
    name: 'jobs_worker',
    env: { ...mailbox.env, JOBS_AUTORUN: 'false' },
  })
})

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    worker.kill('SIGKILL')
  }
  await booted?.payload.destroy()
  await mailbox?.close()
})

it('runs a queued job to completion in `npm run worker`', async () => {
  const job = await booted.payload.jobs.queue({
    task: 'sendMail',
    input: { to: 'unit@test.local', subject: '作品报送提醒', text: '请于9月15日前报送参评作品。' },
  })
  // Nothing runs it here: Payload starts its job runners (autoRun crons) while it boots and keeps
  // them in payload.crons, so none there means no runner in this process ever polls the queue,
  // however long one waits (a fixed wait only showed none had polled yet).
  expect(booted.payload.crons).toHaveLength(0)

  worker = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    cwd: path.resolve(__dirname, '..'),
    env: {
      ...process.env,
      ...mailbox.env,
      NODE_ENV: 'production',
      DATABASE_URL: booted.databaseUrl,
      JOBS_AUTORUN_CRON: '* * * * * *',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  worker.stdout?.on('data', (chunk) => (workerOutput += String(chunk)))
  worker.stderr?.on('data', (chunk) => (workerOutput += String(chunk)))

  // The bound covers the worker's own start, which a busy 2-core machine stretched past a minute.
  const mail = await mailbox
    .waitFor((m) => m.subject === '作品报送提醒', 150_000)
    .catch((err: Error) => {
      throw new Error(`${err.message}\nworker output:\n${workerOutput}`)
    })
  expect(mail.text?.trim()).toBe('请于9月15日前报送参评作品。')

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

  // SIGTERM stops the worker cleanly.
  const exitCode = await new Promise<number | null>((resolve) => {
    worker!.on('exit', (code) => resolve(code))
    worker!.kill('SIGTERM')
  })
  expect(exitCode).toBe(0)
}, 240_000)
