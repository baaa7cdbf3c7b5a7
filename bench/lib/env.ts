import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

/** The project root (bench/lib/ → ../..). */
export const root = path.resolve(import.meta.dirname, '..', '..')
export const benchDir = path.join(root, 'bench')
export const resultsDir = path.join(benchDir, 'results')

/** Seconds each measured load run lasts (`BENCH_DURATION`). @default 10 */
export const benchDuration = (): number => Number(process.env.BENCH_DURATION || 10)

/** Progress goes to stderr so a part's stdout holds only its table. */
export const say = (msg: string): void => {
  process.stderr.write(`bench: ${msg}\n`)
}

/**
 * A fresh data folder under the OS temp folder, never the developer's `.data`. World-readable
 * because the embedded PostgreSQL runs as the `postgres` user when we are root.
 */
export const makeDataDir = async (name: string): Promise<string> => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `wangju-bench-${name}-`))
  await fs.chmod(dir, 0o755)
  return dir
}

export const removeDataDir = async (dir: string): Promise<void> => {
  if (!dir.startsWith(os.tmpdir())) {
    throw new Error(`refusing to remove ${dir}: not under ${os.tmpdir()}`)
  }
  await fs.rm(dir, { recursive: true, force: true })
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Milliseconds since `started`, from a `performance.now()` reading. */
export const since = (started: number): number => performance.now() - started
