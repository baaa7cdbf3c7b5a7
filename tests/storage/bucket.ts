import type { S3Server } from '../helpers/s3'

import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

/** The test's own S3 client on the server's bucket: what is really in it, not what the app says. */
export const bucketOf = (s3: S3Server) => {
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.env.S3_REGION,
    forcePathStyle: true,
    credentials: {
      accessKeyId: s3.env.S3_ACCESS_KEY_ID!,
      secretAccessKey: s3.env.S3_SECRET_ACCESS_KEY!,
    },
  })
  const Bucket = s3.bucket
  return {
    /** Every key in the bucket, sorted. */
    keys: async (prefix?: string): Promise<string[]> => {
      const { Contents = [] } = await client.send(
        new ListObjectsV2Command({ Bucket, Prefix: prefix }),
      )
      return Contents.map((object) => object.Key!).sort()
    },
    /** The object's bytes, or null when there is none. */
    read: async (key: string): Promise<Buffer | null> => {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: key }))
        return Buffer.from(await object.Body!.transformToByteArray())
      } catch (err) {
        if ((err as { name?: string }).name === 'NoSuchKey') {
          return null
        }
        throw err
      }
    },
    write: async (key: string, bytes: Buffer, type = 'application/octet-stream') => {
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: bytes, ContentType: type }))
    },
    remove: async (key: string) => {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }))
    },
    destroy: () => client.destroy(),
  }
}

export type Bucket = ReturnType<typeof bucketOf>

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** Every file below `dir` (relative paths); none when it does not exist. */
export const filesUnder = async (dir: string): Promise<string[]> => {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
}
