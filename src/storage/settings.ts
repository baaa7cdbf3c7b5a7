import type { S3ClientConfig } from '@aws-sdk/client-s3'

/** Where uploads go when they go to S3-compatible object storage (`S3_*`). */
export type S3Settings = {
  bucket: string
  /** Prepended to every key (`<prefix>/media/…`), so one bucket can hold several sites. */
  keyPrefix: string
  /** The S3 client's settings: region, endpoint, path-style addressing, credentials. */
  client: S3ClientConfig
}

/**
 * The object storage settings, or null when `S3_BUCKET` is unset (uploads stay on this server's
 * disk). Without `S3_ACCESS_KEY_ID`/`S3_SECRET_ACCESS_KEY` the AWS SDK finds credentials itself
 * (environment, profile, instance or task role).
 */
export const readS3Settings = (
  env: Record<string, string | undefined> = process.env,
): S3Settings | null => {
  const bucket = env.S3_BUCKET?.trim()
  if (!bucket) {
    return null
  }
  const accessKeyId = env.S3_ACCESS_KEY_ID?.trim()
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY?.trim()
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    // Half a key pair would silently fall back to the SDK's own credentials.
    throw new Error(
      'S3_ACCESS_KEY_ID 与 S3_SECRET_ACCESS_KEY 须同时设置或同时不设 / set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither',
    )
  }
  return {
    bucket,
    keyPrefix: (env.S3_PREFIX ?? '').split('/').filter(Boolean).join('/'),
    client: {
      region: env.S3_REGION?.trim() || 'us-east-1',
      ...(env.S3_ENDPOINT?.trim() ? { endpoint: env.S3_ENDPOINT.trim() } : {}),
      forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
      ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
      // Checksums only where S3 requires them: the SDK's newer default (CRC32 trailers on every
      // upload) is not understood by every S3-compatible server.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    },
  }
}

/** An object key under the settings' prefix: `keyOf(settings, 'originals', name)`. */
export const keyOf = (settings: Pick<S3Settings, 'keyPrefix'>, ...parts: string[]): string =>
  [settings.keyPrefix, ...parts].filter(Boolean).join('/')
