import type { Logger } from 'pino'

/**
 * A start-up problem a person must fix, such as a folder the database cannot reach: its message
 * (Chinese, then English) says what and how, so it is logged alone, without a stack trace.
 */
export class StartupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'StartupError'
  }
}

/**
 * Logs why the process cannot start — a `StartupError`'s message alone, anything else with its
 * stack — and exits with 1.
 */
export const exitOnStartFailure = ({
  err,
  log,
}: {
  err: unknown
  log: Pick<Logger, 'fatal'>
}): never => {
  if (err instanceof StartupError) {
    log.fatal(err.message)
  } else {
    log.fatal({ err }, 'start failed')
  }
  process.exit(1)
}
