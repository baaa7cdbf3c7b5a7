/**
 * A copy of this checkout somewhere else, for tests of what depends on where the project lives
 * and what its folder holds (a `.env`, a folder only root may enter). `npm install` and the admin
 * build are not redone: `node_modules` is hard-linked (about 2 s for 64 000 files; a full copy
 * when the temporary folder is on another file system) and `.next` copied, so `npm start` finds
 * the build current as long as this checkout's is.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import { root } from './builtServer'

const run = promisify(execFile)

export type Checkout = {
  /** The project folder of the copy. */
  dir: string
  /** The folder made for it, `dir`'s parent, with the mode asked for. */
  parent: string
  /** Deletes the copy, and the embedded clusters its `.data` links to elsewhere. */
  remove: () => Promise<void>
}

/** What is never copied: installed, built or made at run time, or git's own. */
const notCopied = new Set([
  'node_modules',
  '.next',
  '.data',
  '.git',
  'media',
  'coverage',
  'tsconfig.tsbuildinfo',
])

/**
 * Copies the working tree (not HEAD: the admin build matches the working tree) into
 * `<fresh folder of mode parentMode>/wangju-cms`.
 */
export const makeCheckout = async ({
  parentMode = 0o755,
}: { parentMode?: number } = {}): Promise<Checkout> => {
  const parent = await fs.mkdtemp(path.join(os.tmpdir(), 'wangju-checkout-'))
  await fs.chmod(parent, parentMode)
  const dir = path.join(parent, 'wangju-cms')
  await fs.mkdir(path.join(dir, 'media'), { recursive: true })
  for (const entry of await fs.readdir(root)) {
    if (!notCopied.has(entry)) {
      await fs.cp(path.join(root, entry), path.join(dir, entry), {
        recursive: true,
        filter: (source) => !source.includes(`${path.sep}.artifacts`),
      })
    }
  }
  await fs.cp(path.join(root, '.next'), path.join(dir, '.next'), { recursive: true })
  await run('cp', ['-al', path.join(root, 'node_modules'), path.join(dir, 'node_modules')]).catch(
    () => run('cp', ['-a', path.join(root, 'node_modules'), path.join(dir, 'node_modules')]),
  )
  return { dir, parent, remove: () => removeCheckout({ dir, parent }) }
}

const removeCheckout = async ({ dir, parent }: { dir: string; parent: string }) => {
  const dataDir = path.join(dir, '.data')
  for (const entry of await fs.readdir(dataDir).catch(() => [])) {
    const link = path.join(dataDir, entry)
    if ((await fs.lstat(link)).isSymbolicLink()) {
      const target = path.resolve(dataDir, await fs.readlink(link))
      await fs.rm(target, { recursive: true, force: true })
      await fs.rm(`${target}.log`, { force: true })
    }
  }
  // Payload's test boots start `payload generate:types` in the background, which may still be
  // writing src/payload-types.ts: retried until it is done.
  await fs.rm(parent, { recursive: true, force: true, maxRetries: 10, retryDelay: 500 })
}
