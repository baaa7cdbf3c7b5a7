import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { runTool } from './runTool'

export type MediaToolSource = 'env' | 'system' | 'npm'

export type MediaToolName = 'ffmpeg' | 'ffprobe'

export type MediaTools = {
  /** Absolute path (or the value of FFMPEG_PATH) of a working ffmpeg. */
  ffmpeg: string
  /** Absolute path (or the value of FFPROBE_PATH) of a working ffprobe. */
  ffprobe: string
  /** Where the pair came from; when the two differ, `env` wins over `npm` over `system`. */
  source: MediaToolSource
  /** Where each came from: FFMPEG_PATH may be set without FFPROBE_PATH. */
  sources: Record<MediaToolName, MediaToolSource>
  /** The version each reports with `-version`, for the start-up log. */
  versions: Record<MediaToolName, string>
}

export type ResolveMediaToolsOptions = {
  /** The environment to read FFMPEG_PATH, FFPROBE_PATH and PATH from. @default process.env */
  env?: Environment
}

type Environment = Record<string, string | undefined>

type ResolvedTool = { path: string; source: MediaToolSource; version: string }

const envVars: Record<MediaToolName, string> = { ffmpeg: 'FFMPEG_PATH', ffprobe: 'FFPROBE_PATH' }

// The platform packages hold the binaries; `@ffmpeg-installer/ffmpeg` and `@ffprobe-installer/ffprobe`
// only pull in the right one as an optional dependency.
const npmScopes: Record<MediaToolName, string> = {
  ffmpeg: '@ffmpeg-installer',
  ffprobe: '@ffprobe-installer',
}

let resolved: Promise<MediaTools> | undefined

/**
 * The ffmpeg and ffprobe this process uses, resolved once: FFMPEG_PATH / FFPROBE_PATH, else the
 * system's on PATH, else the binaries shipped in npm packages (so `npm install` alone suffices).
 * A failed resolution is not remembered, so installing ffmpeg later needs no restart.
 */
export const mediaTools = (): Promise<MediaTools> => {
  resolved ??= resolveMediaTools().catch((error: unknown) => {
    resolved = undefined
    throw error
  })
  return resolved
}

/** One line for the start-up log: which ffmpeg and ffprobe, which version, from where. */
export const describeMediaTools = async (): Promise<string> => {
  const tools = await mediaTools()
  const describe = (name: MediaToolName) =>
    `${name} ${tools.versions[name]} (${tools.sources[name]}: ${tools[name]})`
  return `${describe('ffmpeg')}, ${describe('ffprobe')}`
}

/** Resolves the tools afresh from `env`, without remembering the result (tests pass their own env). */
export const resolveMediaTools = async ({
  env = process.env,
}: ResolveMediaToolsOptions = {}): Promise<MediaTools> => {
  const [ffmpeg, ffprobe] = await Promise.all([
    resolveTool({ name: 'ffmpeg', env }),
    resolveTool({ name: 'ffprobe', env }),
  ])
  const precedence: MediaToolSource[] = ['env', 'npm', 'system']
  return {
    ffmpeg: ffmpeg.path,
    ffprobe: ffprobe.path,
    source:
      precedence.find((source) => source === ffmpeg.source || source === ffprobe.source) ??
      'system',
    sources: { ffmpeg: ffmpeg.source, ffprobe: ffprobe.source },
    versions: { ffmpeg: ffmpeg.version, ffprobe: ffprobe.version },
  }
}

const resolveTool = async ({
  name,
  env,
}: {
  name: MediaToolName
  env: Environment
}): Promise<ResolvedTool> => {
  const envVar = envVars[name]
  const fromEnv = env[envVar]?.trim()
  if (fromEnv) {
    // An explicit choice that does not run is a configuration error, not a reason to quietly use another binary.
    const version = await readVersion({ name, command: fromEnv }).catch((error: unknown) => {
      throw new Error(
        `${envVar}=${fromEnv} 无法运行 / ${envVar}=${fromEnv} does not run: ${errorMessage(error)}`,
        {
          cause: error,
        },
      )
    })
    return { path: fromEnv, source: 'env', version }
  }

  const candidates: { source: MediaToolSource; path: string | undefined }[] = [
    { source: 'system', path: await findOnPath({ name, searchPath: env.PATH }) },
    { source: 'npm', path: await findShipped({ name }) },
  ]
  const failures: string[] = []
  for (const candidate of candidates) {
    if (!candidate.path) {
      continue
    }
    try {
      return {
        path: candidate.path,
        source: candidate.source,
        version: await readVersion({ name, command: candidate.path }),
      }
    } catch (error) {
      // A broken system binary should not stop the shipped one from being used.
      const hint =
        candidate.source === 'npm'
          ? ' — its postinstall, allowed by allowScripts in package.json, makes it executable'
          : ''
      failures.push(`${errorMessage(error)}${hint}`)
    }
  }
  const tried = failures.length ? ` (${failures.join('; ')})` : ''
  throw new Error(
    `找不到可用的 ${name}：请安装 ${name}、设置 ${envVar}，或重新运行 npm install / ` +
      `no working ${name}: install it, set ${envVar}, or run npm install again${tried}`,
  )
}

/** The version a binary reports; also proves it runs and is the tool it claims to be. */
const readVersion = async ({
  name,
  command,
}: {
  name: MediaToolName
  command: string
}): Promise<string> => {
  const { stdout } = await runTool({ command, args: ['-version'], timeoutMs: 15_000 })
  const firstLine = stdout.split('\n', 1)[0] ?? ''
  const match = new RegExp(`^${name} version (\\S+)`).exec(firstLine)
  if (!match?.[1]) {
    throw new Error(`${command} is not ${name} (it printed "${firstLine.slice(0, 80)}")`)
  }
  return match[1]
}

const binaryName = (name: MediaToolName) => (process.platform === 'win32' ? `${name}.exe` : name)

const findOnPath = async ({
  name,
  searchPath,
}: {
  name: MediaToolName
  searchPath: string | undefined
}): Promise<string | undefined> => {
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (!dir) {
      continue
    }
    const candidate = path.join(dir, binaryName(name))
    if (
      (await isFile(candidate)) &&
      (await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      ))
    ) {
      return candidate
    }
  }
  return undefined
}

/**
 * The binary of the installer's platform package, found by walking up to `node_modules` from
 * this module and from the working directory. Not through the installers' own `index.js`: they
 * locate the binary from `__dirname`, which is wrong once Next bundles this module, and throw a
 * bare string on an unsupported platform.
 */
const findShipped = async ({ name }: { name: MediaToolName }): Promise<string | undefined> => {
  const relative = path.join(
    'node_modules',
    npmScopes[name],
    `${process.platform}-${process.arch}`,
    binaryName(name),
  )
  for (const start of searchRoots()) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, relative)
      if (await isFile(candidate)) {
        return candidate
      }
      if (path.dirname(dir) === dir) {
        break
      }
    }
  }
  return undefined
}

const searchRoots = (): string[] => {
  const roots = [process.cwd()]
  try {
    roots.unshift(path.dirname(fileURLToPath(import.meta.url)))
  } catch {
    // A bundle may give this module a URL that is not a file; the working directory still works.
  }
  return [...new Set(roots)]
}

const isFile = (candidate: string): Promise<boolean> =>
  stat(candidate).then(
    (stats) => stats.isFile(),
    () => false,
  )

const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)
