/**
 * An app's override of the renditions collection (`overrides.renditions`), in a Payload app of
 * its own: a field of the app's filled by its hook on every rendition the job makes, another
 * admin group, an error hook that runs after the plugin's; the rest stays the plugin's.
 */
import type { CollectionAfterErrorHook, CollectionBeforeChangeHook } from 'payload'

import fs from 'node:fs/promises'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { PluginTestApp } from '../../../tests/helpers/pluginApp'

import { waitUntil } from '../../../tests/helpers/wait'
import { bootPluginTestApp } from '../../../tests/helpers/pluginApp'
import { missingFileMessage } from '../utilities/missingFile'
import { makeImage, removeFixtures } from './fixtures'
import { submissionSpecTestConfig } from './helpers/config'

let app: PluginTestApp
let token: string

/** The app's: the credit line printed under every derived picture. */
const credit: CollectionBeforeChangeHook = ({ data }) => ({ ...data, credit: '网聚职工正能量' })

/** The app's: says it saw the error answer, as the plugin's own hook left it. */
const tagError: CollectionAfterErrorHook = ({ result }) => ({
  response: { ...result, seenBy: 'app' },
})

beforeAll(async () => {
  app = await bootPluginTestApp({
    name: 'submission_spec_overrides',
    config: submissionSpecTestConfig({
      imageSizes: [{ name: 'thumbnail', width: 24, height: 24 }],
      overrides: {
        renditions: {
          admin: { group: { zh: '文件', en: 'Files' } },
          fields: ({ defaultFields }) => [...defaultFields, { name: 'credit', type: 'text' }],
          hooks: { beforeChange: [credit], afterError: [tagError] },
        },
      },
    }),
  })
  const credentials = { email: 'editor@overrides.test', password: 'submission-spec-test-2' }
  await app.local.create({ collection: 'users', data: credentials })
  token = await app.login(credentials)
})

afterAll(async () => {
  await app?.close()
  await removeFixtures()
})

describe('an override of the renditions collection', () => {
  it('lists renditions in the app’s admin group, keeping the plugin’s title and columns', () => {
    const renditions = app.config.collections.find(({ slug }) => slug === 'renditions')!
    expect(renditions.admin.group).toEqual({ zh: '文件', en: 'Files' })
    expect(renditions.admin.useAsTitle).toBe('filename')
  })

  it('stores the app’s field on the renditions the job makes and returns it over REST', async () => {
    const photo = await makeImage({ format: 'jpeg', width: 48, height: 32 })
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(await fs.readFile(photo))]), 'workshop.jpg')
    const uploaded = await app.call('POST', '/api/media', { token, form })
    expect(uploaded.status).toBe(201)
    const url = `/api/renditions?where[original][equals]=${uploaded.body.doc.id}&depth=0`

    const docs = await waitUntil(
      async () => {
        await app.payload.jobs.run({ allQueues: true })
        const { body } = await app.call('GET', url, { token })
        return body.docs.length ? body.docs : undefined
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'the renditions' },
    )
    expect(docs).toEqual([
      expect.objectContaining({ name: 'thumbnail', renditionWidth: 24, credit: '网聚职工正能量' }),
    ])
    // Not overridden: written by the job alone, deleted by nobody by default.
    expect((await app.call('POST', '/api/renditions', { token, body: {} })).status).toBe(403)
    expect((await app.call('DELETE', `/api/renditions/${docs[0].id}`, { token })).status).toBe(403)
  })

  it('runs the app’s error hook after the plugin’s, on the plugin’s answer for a missing file', async () => {
    const { status, body } = await app.call('GET', '/api/renditions/file/gone.jpg')

    expect(status).toBe(404)
    expect(body).toEqual({ errors: [{ message: missingFileMessage('gone.jpg') }], seenBy: 'app' })
  })
})
