import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'

// s3rver: a real S3-compatible HTTP server (Koa, files on disk) started in the test process.
import S3rver from 's3rver'

export type S3Server = {
  /** `http://127.0.0.1:<port>` */
  endpoint: string
  bucket: string
  /** The settings an app instance reads (`src/storage`): S3_BUCKET, S3_ENDPOINT, … */
  env: Record<string, string>
  /** The folder s3rver keeps the bucket's objects in. */
  directory: string
  stop: () => Promise<void>
}

/** s3rver's fixed credentials: it checks signatures against them. */
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

/** Starts an S3-compatible server on a free port with one empty bucket. */
export const startS3Server = async ({
  bucket = 'wangju-test',
}: { bucket?: string } = {}): Promise<S3Server> => {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'wangju-s3-'))
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
    // Path-style only: bucket names are never taken from the Host header.
    vhostBuckets: false,
  })
  const { port } = (await server.run()) as AddressInfo
  const endpoint = `http://127.0.0.1:${port}`
  return {
    endpoint,
    bucket,
    directory,
    env: {
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    },
    stop: async () => {
      await server.close()
      await fs.rm(directory, { recursive: true, force: true })
    },
  }
}
