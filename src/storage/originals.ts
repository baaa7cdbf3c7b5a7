import type { S3Client } from '@aws-sdk/client-s3'
import type { Readable } from 'node:stream'

import type { OriginalsStore } from '../../plugins/submission-spec'

import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { createReadStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'

/**
 * The untouched uploads (GPS and all) as private objects under `<prefix>/originals/`, so that any
 * instance serves them to staff. Nothing serves that prefix: no collection's file route reads it,
 * and objects are written without an ACL (private unless the bucket's policy says otherwise).
 */
export const bucketOriginals = ({
  client,
  bucket,
  prefix,
}: {
  client: S3Client
  bucket: string
  /** The originals' key prefix, e.g. `originals` or `<S3_PREFIX>/originals`. */
  prefix: string
}): OriginalsStore => {
  // Only the base name is used: a stored name can never reach outside the prefix.
  const keyOf = (filename: string) => `${prefix}/${path.posix.basename(filename)}`
  return {
    put: async ({ filename, source, mimeType }) => {
      // A file is streamed, never read into memory: originals may be as large as any upload.
      const body = 'data' in source ? source.data : createReadStream(source.path)
      const length = 'data' in source ? source.data.length : (await fs.stat(source.path)).size
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: keyOf(filename),
          Body: body,
          ContentLength: length,
          ContentType: mimeType || 'application/octet-stream',
        }),
      )
    },
    get: async ({ filename }) => {
      try {
        const object = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: keyOf(filename) }),
        )
        return object.Body ? { stream: object.Body as Readable, size: object.ContentLength } : null
      } catch (err) {
        if (isNotFound(err)) {
          return null
        }
        throw err
      }
    },
    remove: async ({ filename }) => {
      // S3 answers a delete of a key that is not there with success.
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(filename) }))
    },
  }
}

const isNotFound = (err: unknown): boolean => {
  const { name, $metadata } = err as { name?: string; $metadata?: { httpStatusCode?: number } }
  return name === 'NoSuchKey' || name === 'NotFound' || $metadata?.httpStatusCode === 404
}
