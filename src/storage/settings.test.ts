import { describe, expect, it } from 'vitest'

import { keyOf, readS3Settings } from './settings'

describe('readS3Settings', () => {
  it('is null without S3_BUCKET: uploads stay on disk', () => {
    expect(readS3Settings({})).toBeNull()
    expect(readS3Settings({ S3_BUCKET: '  ', S3_ENDPOINT: 'http://minio:9000' })).toBeNull()
  })

  it('takes AWS’s defaults and the SDK’s own credentials when only the bucket is set', () => {
    const settings = readS3Settings({ S3_BUCKET: 'wangju-media' })!
    expect(settings).toMatchObject({ bucket: 'wangju-media', keyPrefix: '' })
    expect(settings.client).toMatchObject({ region: 'us-east-1', forcePathStyle: false })
    expect(settings.client.endpoint).toBeUndefined()
    expect(settings.client.credentials).toBeUndefined()
  })

  it('reads a self-hosted server: endpoint, path-style addressing, key pair, prefix', () => {
    const settings = readS3Settings({
      S3_BUCKET: 'wangju-media',
      S3_REGION: 'cn-north-1',
      S3_ENDPOINT: 'http://minio:9000',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_PREFIX: '/site-1//cms/',
    })!
    expect(settings.client).toMatchObject({
      region: 'cn-north-1',
      endpoint: 'http://minio:9000',
      forcePathStyle: true,
      credentials: { accessKeyId: 'key', secretAccessKey: 'secret' },
    })
    expect(keyOf(settings, 'originals', '焊花.jpg')).toBe('site-1/cms/originals/焊花.jpg')
  })

  it.each([
    ['the key id alone', { S3_ACCESS_KEY_ID: 'key' }],
    ['the secret alone', { S3_SECRET_ACCESS_KEY: 'secret' }],
  ])('refuses %s rather than falling back to other credentials', (_, pair) => {
    expect(() => readS3Settings({ S3_BUCKET: 'wangju-media', ...pair })).toThrow(
      /S3_ACCESS_KEY_ID 与 S3_SECRET_ACCESS_KEY 须同时设置/,
    )
  })
})
