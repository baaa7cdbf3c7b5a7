import { stat } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { runTool } from '../../shared/runTool'

/** How to run ExifTool: perl and the script, or a standalone `exiftool` from EXIFTOOL_PATH. */
export type ExifToolCommand = { command: string; args: string[] }

let resolved: Promise<ExifToolCommand> | undefined

/**
 * ExifTool, resolved once: `EXIFTOOL_PATH` (an `exiftool` executable), else the script of the
 * npm package `exiftool-vendored.pl` run by `perl` from PATH. A failed resolution is not
 * remembered, so installing perl later needs no restart.
 */
export const exifTool = (): Promise<ExifToolCommand> => {
  resolved ??= resolveExifTool().catch((error: unknown) => {
    resolved = undefined
    throw error
  })
  return resolved
}

const resolveExifTool = async (): Promise<ExifToolCommand> => {
  const fromEnv = process.env.EXIFTOOL_PATH?.trim()
  const candidate: ExifToolCommand = fromEnv
    ? { command: fromEnv, args: [] }
    : { command: 'perl', args: [await findScript()] }
  // Proves it runs: a missing perl would otherwise surface only at the first photo with EXIF.
  await runTool({
    command: candidate.command,
    args: [...candidate.args, '-ver'],
    timeoutMs: 15_000,
  }).catch((error: unknown) => {
    throw new Error(
      `ExifTool 无法运行：请安装 perl，或设置 EXIFTOOL_PATH / ExifTool does not run: install perl or set EXIFTOOL_PATH (${(error as Error).message})`,
      { cause: error },
    )
  })
  return candidate
}

/**
 * The package's script, found by walking up to `node_modules` from this module and from the
 * working directory (not through the package's `index.js`, whose `__dirname` is wrong once Next
 * bundles this module).
 */
const findScript = async (): Promise<string> => {
  const relative = path.join('node_modules', 'exiftool-vendored.pl', 'bin', 'exiftool')
  const roots = [process.cwd()]
  try {
    roots.unshift(path.dirname(fileURLToPath(import.meta.url)))
  } catch {
    // A bundle may give this module a URL that is not a file; the working directory still works.
  }
  for (const start of new Set(roots)) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, relative)
      if (
        await stat(candidate).then(
          (stats) => stats.isFile(),
          () => false,
        )
      ) {
        return candidate
      }
      if (path.dirname(dir) === dir) {
        break
      }
    }
  }
  throw new Error(
    '找不到 exiftool-vendored.pl，请运行 npm install / exiftool-vendored.pl is not installed: run npm install',
  )
}
