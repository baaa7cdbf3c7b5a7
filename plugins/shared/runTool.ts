import type { ExecFileException } from 'node:child_process'

import { execFile } from 'node:child_process'
import path from 'node:path'

export type RunToolOptions = {
  /** The executable, an absolute path or a name looked up on PATH. */
  command: string
  /** Passed as an argument array, never through a shell, so file names cannot inject anything. */
  args: string[]
  /** @default 30000 */
  timeoutMs?: number
  /** @default 16 MiB */
  maxOutputBytes?: number
}

export type RunToolResult = { stdout: string; stderr: string }

/** A media tool that could not start, exited with an error, or ran past its time limit. */
export class MediaToolError extends Error {
  /** The executable that was run. */
  readonly command: string
  /** What the tool wrote to stderr, for the log. */
  readonly stderr: string

  constructor({
    command,
    message,
    stderr,
    cause,
  }: {
    command: string
    message: string
    stderr: string
    cause: unknown
  }) {
    super(message, { cause })
    this.name = 'MediaToolError'
    this.command = command
    this.stderr = stderr
  }
}

/** Runs ffmpeg or ffprobe and returns its output, or rejects with a `MediaToolError` saying why. */
export const runTool = ({
  command,
  args,
  timeoutMs = 30_000,
  maxOutputBytes = 16 * 1024 * 1024,
}: RunToolOptions): Promise<RunToolResult> =>
  new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      // SIGKILL: a demuxer stuck on a hostile file may not honour SIGTERM.
      {
        encoding: 'utf8',
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: maxOutputBytes,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ stdout, stderr })
          return
        }
        reject(
          new MediaToolError({
            command,
            stderr,
            cause: error,
            message: describeFailure({ command, error, stderr, timeoutMs }),
          }),
        )
      },
    )
  })

const describeFailure = ({
  command,
  error,
  stderr,
  timeoutMs,
}: {
  command: string
  error: ExecFileException
  stderr: string
  timeoutMs: number
}): string => {
  const name = path.basename(command)
  if (error.code === 'ENOENT') {
    return `${name}: not found (${command})`
  }
  if (error.code === 'EACCES') {
    return `${name}: not executable (${command})`
  }
  if (error.killed) {
    return `${name}: stopped after ${timeoutMs / 1000} s without finishing`
  }
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
    return `${name}: wrote more output than expected`
  }
  // ffmpeg's last lines name the actual problem; the first ones repeat the input.
  const lastLines = stderr.trim().split('\n').slice(-3).join(' | ')
  return `${name}: exited with ${error.code ?? error.signal ?? 'an error'}${lastLines ? `: ${lastLines}` : ''}`
}
