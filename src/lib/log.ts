import { pino } from 'pino'

/** The process-level logger, for the server and worker before and around Payload's own. */
export const log = pino({
  name: 'wangju-cms',
  level: process.env.LOG_LEVEL ?? 'info',
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
})
