import { mkdtemp, rm, symlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { runTool } from './runTool'
import { describeMediaTools, mediaTools, resolveMediaTools } from './tools'

// Where `npm install` puts the binaries of @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe.
const platform = `${process.platform}-${process.arch}`
const npmFfmpeg = path.resolve('node_modules/@ffmpeg-installer', platform, 'ffmpeg')
const npmFfprobe = path.resolve('node_modules/@ffprobe-installer', platform, 'ffprobe')

describe('media tools', () => {
  let fakeSystemDir: string

  beforeAll(async () => {
    // A PATH folder of our own makes "found on PATH" independent of what this machine has installed.
    fakeSystemDir = await mkdtemp(path.join(os.tmpdir(), 'submission-spec-path-'))
    await symlink(npmFfmpeg, path.join(fakeSystemDir, 'ffmpeg'))
    await symlink(npmFfprobe, path.join(fakeSystemDir, 'ffprobe'))
  })

  afterAll(async () => {
    await rm(fakeSystemDir, { recursive: true, force: true })
  })

  it.each([
    ['ffmpeg', npmFfmpeg],
    ['ffprobe', npmFfprobe],
  ])('ships an %s in npm packages that runs', async (name, binary) => {
    const { stdout } = await runTool({ command: binary, args: ['-version'] })

    expect(stdout).toMatch(new RegExp(`^${name} version `))
  })

  it('falls back to the npm binaries when neither the environment nor PATH has them', async () => {
    const tools = await resolveMediaTools({ env: { PATH: '' } })

    expect(tools).toMatchObject({ ffmpeg: npmFfmpeg, ffprobe: npmFfprobe, source: 'npm' })
  })

  it('prefers the ffmpeg and ffprobe on PATH to the npm ones', async () => {
    const tools = await resolveMediaTools({ env: { PATH: fakeSystemDir } })

    expect(tools).toMatchObject({
      ffmpeg: path.join(fakeSystemDir, 'ffmpeg'),
      ffprobe: path.join(fakeSystemDir, 'ffprobe'),
      source: 'system',
    })
  })

  it('lets FFMPEG_PATH and FFPROBE_PATH win over PATH', async () => {
    const tools = await resolveMediaTools({
      env: { PATH: fakeSystemDir, FFMPEG_PATH: npmFfmpeg, FFPROBE_PATH: npmFfprobe },
    })

    expect(tools).toMatchObject({ ffmpeg: npmFfmpeg, ffprobe: npmFfprobe, source: 'env' })
  })

  it('reports each tool’s own source when only one is overridden', async () => {
    const tools = await resolveMediaTools({
      env: { PATH: fakeSystemDir, FFPROBE_PATH: npmFfprobe },
    })

    expect(tools).toMatchObject({ source: 'env', sources: { ffmpeg: 'system', ffprobe: 'env' } })
  })

  it.each([
    ['a missing file', '/nonexistent/ffmpeg'],
    ['a binary that is not ffmpeg', npmFfprobe],
  ])('refuses an FFMPEG_PATH naming %s instead of quietly using another', async (_case, value) => {
    await expect(
      resolveMediaTools({ env: { PATH: fakeSystemDir, FFMPEG_PATH: value } }),
    ).rejects.toThrow(`FFMPEG_PATH=${value} does not run`)
  })

  it('resolves once per process', async () => {
    expect(await mediaTools()).toBe(await mediaTools())
  })

  it('describes both tools, their versions and origin in one line for the start-up log', async () => {
    expect(await describeMediaTools()).toMatch(
      /^ffmpeg \S+ \((env|system|npm): \/\S+\), ffprobe \S+ \((env|system|npm): \/\S+\)$/,
    )
  })
})
