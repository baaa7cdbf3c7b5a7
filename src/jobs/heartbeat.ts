import type { Config, Payload, Plugin, TaskConfig } from 'payload'

import { poolOf } from '../../plugins/shared/pool'

/**
 * Jobs of a runner that died are taken again.
 *
 * Payload's runner marks a job `processing` when it takes it and only takes jobs that are not, so
 * a job whose process was killed (a worker's SIGKILL, a lost machine, a deploy cutting a re-encode
 * short) would stay taken for good — and a scheduled task's job left so keeps that task from ever
 * being scheduled again (the delivery sweep, the purges). Payload does not record which runner took
 * a job, so each running job says it is alive instead: every task's handler touches its job's
 * `updated_at` every `beatEveryMs` while it runs, and every job-running instance releases, once a
 * `beatEveryMs`, jobs still `processing` that nobody touched for `releaseAfterMs`. A live job is
 * never released, however long its ffmpeg runs; a dead runner's jobs run again within minutes.
 *
 * Wraps the tasks of the sanitized config at init, so every plugin's and Payload's own are covered.
 */
export type HeartbeatOptions = {
  /** @default 30_000 */
  beatEveryMs?: number
  /** Longer than several missed beats: a busy event loop delays them. @default 180_000 */
  releaseAfterMs?: number
}

type Handler = Extract<TaskConfig['handler'], (...args: never[]) => unknown>

const beating = Symbol.for('wangju-cms.jobs.heartbeat')

/** Whether a task's handler touches its job while it runs. */
export const hasHeartbeat = (handler: unknown): boolean =>
  typeof handler === 'function' && beating in handler

/** Wraps a task handler so its job is touched while it runs. */
export const withHeartbeat = (handler: Handler, beatEveryMs: number): Handler =>
  Object.assign(
    (async (args: Parameters<Handler>[0]) => {
      const { job, req } = args
      const beat = setInterval(() => {
        void poolOf(req.payload)
          .query(`update payload_jobs set updated_at = now() where id = $1 and processing`, [
            job.id,
          ])
          .catch((err: unknown) =>
            req.payload.logger.warn({ err, msg: 'jobs: a running job could not say it is alive' }),
          )
      }, beatEveryMs)
      beat.unref()
      try {
        return await handler(args)
      } finally {
        clearInterval(beat)
      }
    }) as Handler,
    { [beating]: true },
  )

/**
 * Releases jobs still `processing` that no running handler touched for `releaseAfterMs`: the next
 * poll of any runner takes them again. Returns them, for the log.
 */
export const releaseJobsOfLostRunners = async (
  payload: Payload,
  releaseAfterMs: number,
): Promise<{ id: number; task: string | null }[]> => {
  const { rows } = await poolOf(payload).query<{ id: number; task: string | null }>(
    `update payload_jobs set processing = false
      where processing and completed_at is null
        and updated_at < now() - make_interval(secs => $1::double precision / 1000)
      returning id, task_slug as task`,
    [releaseAfterMs],
  )
  return rows
}

export const jobHeartbeats =
  ({ beatEveryMs = 30_000, releaseAfterMs = 180_000 }: HeartbeatOptions = {}): Plugin =>
  (config: Config): Config => ({
    ...config,
    onInit: async (payload) => {
      // Every task as the runner finds them, Payload's own (scheduled publishing) included.
      for (const task of payload.config.jobs.tasks ?? []) {
        if (typeof task.handler === 'function' && !hasHeartbeat(task.handler)) {
          task.handler = withHeartbeat(task.handler as Handler, beatEveryMs)
        }
      }
      await config.onInit?.(payload)
      const autoRun = payload.config.jobs?.autoRun
      const crons = typeof autoRun === 'function' ? await autoRun(payload) : (autoRun ?? [])
      if (crons.length === 0) {
        return
      }
      const sweep = setInterval(() => {
        releaseJobsOfLostRunners(payload, releaseAfterMs).then(
          (released) => {
            if (released.length > 0) {
              payload.logger.warn({
                msg: 'jobs: taken again after their runner stopped saying they were alive',
                released,
              })
            }
          },
          (err: unknown) => payload.logger.warn({ err, msg: 'jobs: releasing lost jobs failed' }),
        )
      }, beatEveryMs)
      sweep.unref()
      const destroy = payload.destroy.bind(payload)
      payload.destroy = async () => {
        clearInterval(sweep)
        return destroy()
      }
    },
  })
