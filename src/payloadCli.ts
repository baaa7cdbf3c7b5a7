/**
 * `npm run payload -- <command>`: Payload's CLI (migrate, migrate:create, generate:types …)
 * against the same database `npm start` uses, embedded or external.
 */
// First: DATA_DIR and LOG_LEVEL are read as the modules below load.
import './lib/dotEnv'

import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { log } from './lib/log'
import { prepareRuntime } from './lib/runtime'
import { exitOnStartFailure } from './lib/startupError'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const runtime = await prepareRuntime({ mode: 'cli', log: (msg) => log.info(msg) }).catch(
  (err: unknown) => exitOnStartFailure({ err, log }),
)

const code = await new Promise<number>((resolve) => {
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules', 'payload', 'bin.js'), ...process.argv.slice(2)],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, PAYLOAD_CONFIG_PATH: path.join(root, 'src', 'payload.config.ts') },
    },
  )
  child.on('exit', (exitCode) => resolve(exitCode ?? 1))
})
await runtime.cluster?.stop()
process.exit(code)
