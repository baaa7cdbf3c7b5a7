import type { S3StorageOptions } from '@payloadcms/storage-s3'
import type { Field, Plugin } from 'payload'

import type { OriginalsStore } from '../../plugins/submission-spec'

import { S3Client } from '@aws-sdk/client-s3'
import { s3Storage } from '@payloadcms/storage-s3'

import { bucketOriginals } from './originals'
import { keyOf, readS3Settings } from './settings'

export { readS3Settings } from './settings'

/**
 * Uploads on S3-compatible object storage when `S3_BUCKET` is set, on this server's disk
 * otherwise: Payload's `@payloadcms/storage-s3` for every upload collection of the config (media,
 * the renditions, any added later), each under its slug as key prefix (`media/<name>`,
 * `renditions/<name>`, below `S3_PREFIX` when set). Objects are private (no ACL): files are
 * still served by `GET /api/<collection>/file/<name>` under the collection's read rule, so links
 * keep their shape and any instance serves them. Add it after every plugin that adds an upload
 * collection or sets `upload` options (the adapter serves with the `modifyResponseHeaders` it
 * finds).
 *
 * The schema is the same either way (so are the migrations): the adapter's fields (`prefix`,
 * `_objectKey`) are added when it is off too, and a document's `prefix` stays empty — the key is
 * the collection's prefix and the name, and file URLs carry no `?prefix=`.
 */
export const uploadStorage =
  (env: Record<string, string | undefined> = process.env): Plugin =>
  async (config) => {
    const settings = readS3Settings(env)
    const collections = Object.fromEntries(
      (config.collections ?? [])
        .filter((collection) => collection.upload)
        .map((collection) => [
          collection.slug,
          { prefix: keyOf({ keyPrefix: settings?.keyPrefix ?? '' }, collection.slug) },
        ]),
    ) as S3StorageOptions['collections']
    const withStorage = await s3Storage({
      enabled: settings !== null,
      alwaysInsertFields: true,
      useCompositePrefixes: true,
      bucket: settings?.bucket ?? '',
      config: settings?.client ?? {},
      collections,
    })(config)
    return {
      ...withStorage,
      collections: (withStorage.collections ?? []).map((collection) =>
        collection.slug in collections
          ? { ...collection, fields: collection.fields.map(writtenByStorageOnly) }
          : collection,
      ),
    }
  }

/**
 * The adapter's own fields (where the object lies) are set by the adapter alone. Payload already
 * drops them from a client's update; a client's create would still take a `prefix`, putting the
 * object elsewhere and `?prefix=` on the file's link, which partners are given.
 */
const writtenByStorageOnly = (field: Field): Field =>
  field.type === 'text' && (field.name === 'prefix' || field.name === '_objectKey')
    ? { ...field, access: { ...field.access, create: () => false, update: () => false } }
    : field

/**
 * The store of untouched originals (the submission-spec plugin's `originals`) when uploads are in
 * S3: private objects under `originals/` (below `S3_PREFIX`). Undefined otherwise: the plugin
 * keeps them in its `originalsDir`.
 */
export const originalsInBucket = (
  env: Record<string, string | undefined> = process.env,
): OriginalsStore | undefined => {
  const settings = readS3Settings(env)
  if (!settings) {
    return undefined
  }
  return bucketOriginals({
    client: new S3Client(settings.client),
    bucket: settings.bucket,
    prefix: keyOf(settings, 'originals'),
  })
}
