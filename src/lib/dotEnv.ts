/**
 * Loads the project's `.env` into `process.env`. Every entry point (server, worker, Payload's CLI,
 * seed) imports this first, before any module that reads a setting when it loads — PORT, HOST,
 * DATA_DIR and LOG_LEVEL are fixed as their modules load, so a `.env` read later was ignored for
 * them. A variable already set in the environment wins over the file.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The project root's `.env`, wherever the process was started from. */
export const dotEnvFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '.env',
)

if (existsSync(dotEnvFile)) {
  process.loadEnvFile(dotEnvFile)
}
