import type { Endpoint, Where } from 'payload'

import { Readable } from 'node:stream'

import type { ResolvedOptions } from '../types'

import { openStoredFile } from '../../shared/storedFile'

type MediaDoc = { id: number; filename?: string | null; mimeType?: string | null }

/**
 * `GET /api/<media>/:id/original`: the untouched upload, metadata and all (where a photo was
 * taken), for the staff `access.readOriginal` admits; anyone else gets 403, and a file outside
 * the caller's reach 404. Always a download, never cached. A file that had nothing removed has
 * no separate original: the public file is sent, from wherever the collection stores it.
 */
export const downloadOriginalEndpoint = (options: ResolvedOptions): Endpoint => ({
  path: '/:id/original',
  method: 'get',
  handler: async (req) => {
    const id = Number(req.routeParams?.id)
    const { slugs, readOriginal } = options
    const access = await readOriginal({ req, id })
    if (!access) {
      return Response.json(
        {
          errors: [{ message: '只有工作人员可以下载原始文件 / only staff may download originals' }],
        },
        { status: req.user ? 403 : 401 },
      )
    }
    const where: Where = {
      and: [
        { id: { equals: Number.isInteger(id) ? id : 0 } },
        ...(typeof access === 'object' ? [access] : []),
      ],
    }
    const { docs } = await req.payload.find({
      collection: slugs.media,
      where,
      depth: 0,
      limit: 1,
      overrideAccess: true,
      req,
    })
    const doc = docs[0] as unknown as MediaDoc | undefined
    if (!doc?.filename) {
      return Response.json(
        {
          errors: [
            {
              message: `没有可下载的媒体 ${req.routeParams?.id} / no media ${req.routeParams?.id} to download`,
            },
          ],
        },
        { status: 404 },
      )
    }
    const file =
      (await options.originals.get({ filename: doc.filename })) ??
      (await openStoredFile({
        payload: req.payload,
        collection: slugs.media,
        doc: doc as MediaDoc & Record<string, unknown>,
        req,
      }))
    if (!file) {
      return Response.json(
        {
          errors: [
            {
              message: `媒体 ${doc.id} 的文件不在服务器上 / the file of media ${doc.id} is missing`,
            },
          ],
        },
        { status: 404 },
      )
    }
    return new Response(Readable.toWeb(file.stream) as ReadableStream, {
      headers: {
        'Content-Type': doc.mimeType || 'application/octet-stream',
        ...(file.size !== undefined ? { 'Content-Length': String(file.size) } : {}),
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeRfc5987(doc.filename)}`,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
      },
    })
  },
})

/**
 * A `filename*` value (RFC 5987 / 8187): `encodeURIComponent` leaves `'`, `(`, `)` and `*`
 * as they are, which the header's grammar does not allow (`'` ends the charset part).
 */
const encodeRfc5987 = (value: string) =>
  encodeURIComponent(value).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  )
