/**
 * A file that is gone answers 404 with its reason, in Chinese and English — its document
 * deleted (a labelled copy replaced, an upload removed) or its file lost from the disk — where
 * Payload answered 500 (document there, file not) or 403 (no document). A partner following an
 * old link learns the file is gone. A private file that is there is still refused 403.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Booted } from '../helpers/payload'

import { makeImage, removeFixtures } from '../../plugins/submission-spec/tests/fixtures'
import { runJobs } from '../../plugins/partner-push/tests/jobs'
import { serveApp } from '../helpers/http'
import { bootPayload, testAdmin } from '../helpers/payload'
import { waitUntil } from '../helpers/wait'

let booted: Booted
let server: Awaited<ReturnType<typeof serveApp>>
let mediaDir: string
let adminHeaders: Record<string, string>
const partnerHeaders = { Authorization: 'partner-accounts API-Key missing-files-partner-key-01234' }
/** Paths of files in each state, filled in by `beforeAll`. */
const paths = {} as Record<'lostPublic' | 'deletedCopy' | 'deletedUpload' | 'privateThere', string>

const upload = async (name: string) => {
  const data = await fs.readFile(await makeImage({ format: 'jpeg', width: 160, height: 120 }))
  return booted.payload.create({ collection: 'media', data: { alt: name }, file: { data, mimetype: 'image/jpeg', name, size: data.length } })
}

beforeAll(async () => {
  mediaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wangju-missing-files-'))
  booted = await bootPayload({ name: 'media_missing_files', env: { MEDIA_DIR: mediaDir } })
  server = await serveApp({ payload: () => booted.payload, config: booted.config })
  const { payload } = booted
  const login = await fetch(`${server.url}/api/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(testAdmin) })
  adminHeaders = { Authorization: `JWT ${((await login.json()) as { token: string }).token}` }

  const campaign = await payload.create({ collection: 'campaigns', data: { name: '2016年“中国梦·大国工匠篇”', year: 2016, status: 'active', label: '中国梦·大国工匠篇', unification: { watermarkPhotos: true } } })
  const subProject = await payload.create({ collection: 'sub-projects', data: { campaign: campaign.id, name: '大国工匠作品征集', kind: 'other', _status: 'published' } })
  const site = await payload.create({ collection: 'partner-sites', data: { name: '中工网', kind: 'central-news-site', push: { campaigns: [campaign.id] } } })
  await payload.create({ collection: 'partner-accounts', data: { name: '中工网接口', partnerSite: site.id, enableAPIKey: true, apiKey: partnerHeaders.Authorization.split(' ').at(-1)! } })

  // A published work's photos are public; the campaign's watermark makes a labelled copy of each.
  const lost = await upload('lost.jpg')
  const labelled = await upload('labelled.jpg')
  // Used by nothing: no labelled copy holds on to it.
  const gone = await upload('gone.jpg')
  const privateOne = await upload('private.jpg')
  await payload.create({ collection: 'entries', data: { title: '焊花里的青春', subProject: subProject.id, status: 'published', media: [lost.id, labelled.id] } as never })
  const copy = await waitUntil(
    async () => {
      await runJobs(payload)
      return (await payload.find({ collection: 'renditions', where: { and: [{ original: { equals: labelled.id } }, { name: { equals: 'label' } }] } })).docs[0]
    },
    { timeoutMs: 90_000, intervalMs: 300, what: 'the labelled copy' },
  )
  paths.lostPublic = `/api/media/file/${lost.filename}`
  paths.deletedCopy = `/api/renditions/file/${copy.filename}`
  paths.deletedUpload = `/api/media/file/${gone.filename}`
  paths.privateThere = `/api/media/file/${privateOne.filename}`
  await fs.rm(path.join(mediaDir, lost.filename!))
  await payload.delete({ collection: 'renditions', id: copy.id })
  // Its derived files first: deleting an upload that still has renditions fails (their `original` is required).
  await payload.delete({ collection: 'renditions', where: { original: { equals: gone.id } } })
  await payload.delete({ collection: 'media', id: gone.id })
})

afterAll(async () => {
  await server?.close()
  await booted?.payload.destroy()
  await removeFixtures()
  await fs.rm(mediaDir, { recursive: true, force: true })
  await fs.rm(`${mediaDir}-originals`, { recursive: true, force: true })
})

const callers = { anonymous: {}, partner: partnerHeaders, admin: () => adminHeaders } as const

const get = async (which: keyof typeof paths, caller: keyof typeof callers) => {
  const headers = callers[caller]
  const res = await fetch(`${server.url}${paths[which]}`, { headers: typeof headers === 'function' ? headers() : headers })
  return { status: res.status, body: await res.text() }
}

describe('a file that is gone', () => {
  it.each([
    ['a published photo whose file was lost from the disk', 'lostPublic', 'anonymous'],
    ['the same, to the admin', 'lostPublic', 'admin'],
    ['a labelled copy that was deleted, to a partner following its old link', 'deletedCopy', 'partner'],
    ['the same, to anyone', 'deletedCopy', 'anonymous'],
    ['the same, to the admin', 'deletedCopy', 'admin'],
    ['an upload that was deleted, to anyone', 'deletedUpload', 'anonymous'],
    ['the same, to the admin', 'deletedUpload', 'admin'],
  ] as const)('%s: 404, saying so in Chinese and English', async (_what, which, caller) => {
    const { status, body } = await get(which, caller)
    expect(status).toBe(404)
    const name = paths[which].split('/').at(-1)
    expect(JSON.parse(body)).toEqual({ errors: [{ message: `文件不存在或已删除：${name} / no such file, or it was deleted: ${name}` }] })
  })
})

describe('a file that is there', () => {
  it.each([
    ['anonymous', 403],
    ['partner', 403],
    ['admin', 200],
  ] as const)('private, to %s: %s as before', async (caller, status) => {
    expect((await get('privateThere', caller)).status).toBe(status)
  })
})
