import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** What the admin build is made from: a change in any of these makes the build stale. */
const inputs = [
  'src',
  'collections',
  'plugins',
  'package-lock.json',
  'next.config.mjs',
  'tsconfig.json',
]
const stampFile = path.join(root, '.next', 'source-hash')

/** Hashes every build input (paths and contents) in a stable order. */
export const sourceHash = async (): Promise<string> => {
  const hash = createHash('sha256')
  const visit = async (rel: string): Promise<void> => {
    const abs = path.join(root, rel)
    const stat = await fs.stat(abs).catch(() => null)
    if (!stat) {
      return
    }
    if (stat.isDirectory()) {
      const names = (await fs.readdir(abs)).sort()
      for (const name of names) {
        await visit(path.join(rel, name))
      }
      return
    }
    hash
      .update(rel)
      .update('\0')
      .update(await fs.readFile(abs))
      .update('\0')
  }
  for (const input of inputs) {
    await visit(input)
  }
  return hash.digest('hex')
}

/** True when `.next` holds a production build of the current sources. */
export const isBuildCurrent = async (): Promise<boolean> => {
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    return false
  }
  const stamp = await fs.readFile(stampFile, 'utf8').catch(() => '')
  return stamp === (await sourceHash())
}

/** Runs `next build` (production, Turbopack) and stamps the result with the source hash. */
export const buildAdmin = async ({ log }: { log: (msg: string) => void }): Promise<void> => {
  const hash = await sourceHash()
  log('building the admin (next build, about a minute)…')
  const started = Date.now()
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'],
      {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
      },
    )
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`)),
    )
  })
  await fs.writeFile(stampFile, hash)
  log(`admin built in ${Math.round((Date.now() - started) / 1000)} s`)
}

/** Builds unless a current build exists. */
export const ensureBuild = async ({ log }: { log: (msg: string) => void }): Promise<void> => {
  if (await isBuildCurrent()) {
    return
  }
  await buildAdmin({ log })
}

// `npm run build`: always build.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildAdmin({ log: (msg) => process.stdout.write(`${msg}\n`) }).catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`)
    process.exit(1)
  })
}
