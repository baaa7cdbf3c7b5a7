import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from '../../../tests/helpers/payload'

import { serveApp } from '../../../tests/helpers/http'
import { bootPayload, testAdmin } from '../../../tests/helpers/payload'
import { makeImage, makeVideo, removeFixtures } from './fixtures'

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
let mediaDir: string
let token: string

beforeAll(async () => {
  mediaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wangju-sha256-'))
  booted = await bootPayload({ name: 'media_sha256', env: { MEDIA_DIR: mediaDir } })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const login = await fetch(`${server.url}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(testAdmin),
  })
  token = ((await login.json()) as { token: string }).token
})

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
  await removeFixtures()
  await fs.rm(mediaDir, { recursive: true, force: true })
})

const sha256Of = async (file: string) =>
  createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex')

/** Uploads through REST as the admin form does (multipart, with a `_payload` part). */
const uploadOverRest = async ({
  file,
  type,
  extra = {},
}: {
  file: string
  type: string
  extra?: Record<string, unknown>
}) => {
  const form = new FormData()
  form.append('_payload', JSON.stringify({ alt: '测试', ...extra }))
  form.append(
    'file',
    new Blob([new Uint8Array(await fs.readFile(file))], { type }),
    path.basename(file),
  )
  const res = await fetch(`${server.url}/api/media`, {
    method: 'POST',
    headers: { Authorization: `JWT ${token}` },
    body: form,
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { doc: { id: number; sha256?: string; filename: string } }).doc
}

describe('the SHA-256 of an upload', () => {
  it.each([
    ['a photo', async () => makeImage({ format: 'jpeg', width: 64, height: 48 }), 'image/jpeg'],
    ['a video', async () => makeVideo({ seconds: 1, withSubtitles: false }), 'video/mp4'],
  ])('is measured from the bytes of %s and stored on the media document', async (_, make, type) => {
    const file = await make()
    const doc = await uploadOverRest({ file, type })
    expect(doc.sha256).toBe(await sha256Of(file))
    // The stored file is what was hashed.
    expect(await sha256Of(path.join(mediaDir, doc.filename))).toBe(doc.sha256)
  })

  it('ignores a hash the client sends, at upload and on a later edit', async () => {
    const file = await makeImage({ format: 'png', width: 32, height: 32 })
    const forged = 'f'.repeat(64)
    const doc = await uploadOverRest({ file, type: 'image/png', extra: { sha256: forged } })
    expect(doc.sha256).toBe(await sha256Of(file))
    const res = await fetch(`${server.url}/api/media/${doc.id}`, {
      method: 'PATCH',
      headers: { Authorization: `JWT ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ alt: '改过', sha256: forged }),
    })
    expect(res.status).toBe(200)
    expect(
      (await booted.payload.findByID({ collection: 'media', id: doc.id, depth: 0 })).sha256,
    ).toBe(await sha256Of(file))
  })

  it('is taken again when the file is replaced', async () => {
    const first = await makeImage({ format: 'jpeg', width: 40, height: 40 })
    const second = await makeImage({ format: 'png', width: 50, height: 20 })
    const doc = await uploadOverRest({ file: first, type: 'image/jpeg' })
    const data = await fs.readFile(second)
    const replaced = await booted.payload.update({
      collection: 'media',
      id: doc.id,
      data: {},
      file: { data, mimetype: 'image/png', name: path.basename(second), size: data.length },
    })
    expect(replaced.sha256).toBe(await sha256Of(second))
  })
})
