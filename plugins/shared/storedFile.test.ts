import type { Payload, UploadConfig } from 'payload'

import { en } from '@payloadcms/translations/languages/en'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { openStoredFile, StoredFileMissingError, withLocalCopy } from './storedFile'

type Handler = NonNullable<UploadConfig['handlers']>[number]

let folder: string

beforeAll(async () => {
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'stored-file-'))
  await fs.writeFile(path.join(folder, '焊花.jpg'), 'on disk')
})

afterAll(() => fs.rm(folder, { recursive: true, force: true }))

/** Just enough of Payload for one upload collection `files`: its upload settings and a row. */
const payloadWith = (upload: Partial<UploadConfig>, row: Record<string, unknown> = {}) =>
  ({
    config: {
      serverURL: '',
      i18n: { fallbackLanguage: 'en', supportedLanguages: { en }, translations: {} },
    },
    collections: { files: { config: { slug: 'files', upload: { staticDir: folder, ...upload } } } },
    db: { findOne: async () => row },
    logger: console,
  }) as unknown as Payload

/** A storage adapter's handler serving `bytes` for every name, recording what it was asked. */
const serving = (bytes: string, calls: Parameters<Handler>[1][] = []): Handler =>
  ((_req, args) => {
    calls.push(args)
    return new Response(bytes, { headers: { 'content-length': String(bytes.length) } })
  }) as Handler

const answering = (status: number): Handler => (() => new Response(null, { status })) as Handler

const collection = 'files' as never
const doc = { id: 1, filename: '焊花.jpg' }

describe('withLocalCopy', () => {
  it('gives the file itself when the collection stores on disk', async () => {
    const payload = payloadWith({})
    const seen = await withLocalCopy({ payload, collection, doc, work: async (file) => file })
    expect(seen).toBe(path.join(folder, '焊花.jpg'))
  })

  it('says the file is missing when it is not on disk', async () => {
    const payload = payloadWith({})
    await expect(
      withLocalCopy({
        payload,
        collection,
        doc: { id: 2, filename: 'gone.jpg' },
        work: async () => 0,
      }),
    ).rejects.toBeInstanceOf(StoredFileMissingError)
  })

  it('copies the file from the storage handlers under its own name, and removes the copy after', async () => {
    const calls: Parameters<Handler>[1][] = []
    const payload = payloadWith(
      {
        disableLocalStorage: true,
        handlers: [(() => undefined) as Handler, serving('in the bucket', calls)],
      },
      { prefix: '', _objectKey: null },
    )
    let copy = ''
    const text = await withLocalCopy({
      payload,
      collection,
      doc,
      work: async (file) => {
        copy = file
        return fs.readFile(file, 'utf8')
      },
    })
    expect(text).toBe('in the bucket')
    expect(path.basename(copy)).toBe('焊花.jpg')
    await expect(fs.stat(copy)).rejects.toThrow()
    // As Payload's file route asks, with the document's storage fields read from the database.
    expect(calls[0]).toMatchObject({
      params: { collection: 'files', filename: '焊花.jpg' },
      doc: { id: 1, prefix: '' },
    })
  })

  it('removes the copy when the work fails', async () => {
    const payload = payloadWith({ disableLocalStorage: true, handlers: [serving('bytes')] })
    let copy = ''
    await expect(
      withLocalCopy({
        payload,
        collection,
        doc,
        work: async (file) => {
          copy = file
          throw new Error('ffmpeg failed')
        },
      }),
    ).rejects.toThrow('ffmpeg failed')
    await expect(fs.stat(copy)).rejects.toThrow()
  })

  it('says the file is missing when the storage answers 404', async () => {
    const payload = payloadWith({ disableLocalStorage: true, handlers: [answering(404)] })
    await expect(
      withLocalCopy({ payload, collection, doc, work: async () => 0 }),
    ).rejects.toBeInstanceOf(StoredFileMissingError)
  })
})

describe('openStoredFile', () => {
  it('is null for a file the storage does not have, and an error when the storage fails', async () => {
    expect(
      await openStoredFile({
        payload: payloadWith({ disableLocalStorage: true, handlers: [answering(404)] }),
        collection,
        doc,
      }),
    ).toBeNull()
    await expect(
      openStoredFile({
        payload: payloadWith({ disableLocalStorage: true, handlers: [answering(500)] }),
        collection,
        doc,
      }),
    ).rejects.toThrow(/500/)
  })

  it('streams the file with its size', async () => {
    const opened = await openStoredFile({
      payload: payloadWith({ disableLocalStorage: true, handlers: [serving('0123456789')] }),
      collection,
      doc,
    })
    expect(opened?.size).toBe(10)
    const chunks: Buffer[] = []
    for await (const chunk of opened!.stream) {
      chunks.push(chunk as Buffer)
    }
    expect(Buffer.concat(chunks).toString()).toBe('0123456789')
  })
})
