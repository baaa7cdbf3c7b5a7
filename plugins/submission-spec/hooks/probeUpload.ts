import type { CollectionBeforeChangeHook } from 'payload'

import type { ResolvedOptions } from '../types'

import { getPreparedUpload } from '../utilities/preparedUpload'

/**
 * Stores what `prepareUpload` measured of the public copy: its real kind and container, and for
 * video and audio the duration, codecs and subtitle stream; its SHA-256, so pushed links can
 * carry it; what was removed from the original. Sets who uploaded a new file. A hash or
 * bookkeeping sent by a client is never kept (only code that measured the stored file may set a
 * hash, with `context.isSha256Measured`; `usage` is written by `trackMediaUsage` alone).
 */
export const probeUpload =
  ({ slugs }: Pick<ResolvedOptions, 'slugs'>): CollectionBeforeChangeHook =>
  async ({ data, operation, originalDoc, req }) => {
    const {
      usage: _usage,
      uploadedBy: _uploadedBy,
      originalFile: _originalFile,
      ...rest
    } = (data ?? {}) as Record<string, unknown>
    const prepared = getPreparedUpload(req)
    if (!prepared || !req.file) {
      if ('sha256' in rest && !req.context.isSha256Measured) {
        const { sha256: _ignored, ...withoutHash } = rest
        return withoutHash
      }
      return rest
    }
    const { probe, sha256, removed, hadLocation, original } = prepared
    const user = req.user as { id?: number | string; collection?: string } | null | undefined
    return {
      ...rest,
      mimeType: probe.mime === 'application/octet-stream' ? rest.mimeType : probe.mime,
      mediaKind: probe.kind,
      probe,
      sha256,
      processing: { status: 'pending', error: null },
      originalFile: { isKept: original !== null, hadLocation, removed: removed.join(', ') || null },
      ...(operation === 'create'
        ? {
            uploadedBy:
              user?.collection === slugs.users && user.id !== undefined ? Number(user.id) : null,
          }
        : {
            uploadedBy: (originalDoc as { uploadedBy?: unknown } | undefined)?.uploadedBy ?? null,
          }),
    }
  }
