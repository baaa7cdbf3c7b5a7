/**
 * 原创图文: a netizen contributes pictures and text to a column's window without an account; the
 * pictures go through the media pipeline, stay private until the contribution is approved, and
 * the best is made into a work (择优制作成宣传作品) that enters the normal path as a draft of the
 * column's unit, its author and origin kept.
 */
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { WindowWorld } from './fixture'

import { bootWindowWorld, storedCount } from './fixture'

let world: WindowWorld
let subProject = 0

beforeAll(async () => {
  world = await bootWindowWorld('moderation_contributions')
  const { payload } = world.booted
  await payload.create({
    collection: 'sensitive-words',
    data: { word: '赌博', action: 'block' } as never,
  })
  subProject = Number(
    (
      await payload.create({
        collection: 'sub-projects',
        data: {
          campaign: world.ids.campaign,
          name: '大国工匠网络图文征集',
          kind: 'picture-story',
          _status: 'published',
        } as never,
      })
    ).id,
  )
}, 300_000)

afterAll(async () => {
  await world?.close()
})

/** A photo as a phone takes it: a JPEG with the camera and where it was taken in its EXIF. */
const photo = () =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: '#c0392b' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'HUAWEI', Model: 'P40' },
      // 绵阳 (31.47° N, 104.68° E), as sharp writes rationals.
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '31/1 28/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '104/1 41/1 0/1',
      },
    })
    .toBuffer()

const contribute = async (
  fields: Record<string, string>,
  files: { name: string; bytes: Buffer; type: string }[] = [],
) => {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) {
    form.append(name, value)
  }
  for (const file of files) {
    form.append('images', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name)
  }
  const res = await fetch(`${world.server.url}/api/interactions/contribute`, {
    method: 'POST',
    headers: { 'x-forwarded-for': '203.0.113.50' },
    body: form,
  })
  return { status: res.status, body: (await res.json()) as any }
}

const mediaCount = async () => (await world.booted.payload.count({ collection: 'media' })).totalDocs

describe('a contribution', () => {
  it('with a blocked word, a picture that is not one, or too many is refused: nothing stored', async () => {
    const before = { interactions: await storedCount(world), media: await mediaCount() }
    const blocked = await contribute(
      { column: String(world.ids.column), title: '赌博技巧', body: '大家来看' },
      [{ name: '车间.jpg', bytes: await photo(), type: 'image/jpeg' }],
    )
    expect(blocked.status).toBe(400)
    expect(blocked.body.errors[0].message).toContain('标题含有不宜发布的词语「赌博」')
    const fake = await contribute({ column: String(world.ids.column), body: '看图' }, [
      { name: '车间.jpg', bytes: Buffer.from('%PDF-1.4 not a picture'), type: 'image/jpeg' },
    ])
    expect(fake.status).toBe(400)
    expect(fake.body.errors[0].message).toContain('不是 JPG、PNG 或 WebP 图片')
    const pictures = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => ({
        name: `${i}.jpg`,
        bytes: await photo(),
        type: 'image/jpeg',
      })),
    )
    const many = await contribute({ column: String(world.ids.column), body: '十张' }, pictures)
    expect(many.status).toBe(400)
    expect(many.body.errors[0].message).toContain('图片最多 9 张')
    const empty = await contribute({ column: String(world.ids.column) })
    expect(empty.status).toBe(400)
    expect(await storedCount(world)).toBe(before.interactions)
    expect(await mediaCount()).toBe(before.media)
  })

  it('is received with its pictures, private until approved, then made into a draft work', async () => {
    const sent = await contribute(
      {
        column: String(world.ids.column),
        title: '我身边的大国工匠',
        body: '这是我们车间的高级技师，三十年如一日钻研焊接工艺。',
        authorName: '绵阳职工王师傅',
        contact: 'wang@example.cn',
      },
      [
        { name: '焊接.jpg', bytes: await photo(), type: 'image/jpeg' },
        { name: '车间.jpg', bytes: await photo(), type: 'image/jpeg' },
      ],
    )
    expect(sent.status).toBe(201)
    expect(sent.body.state).toBe('pending')
    const stored = await world.booted.payload.findByID({
      collection: 'interactions',
      id: sent.body.id,
      depth: 0,
    })
    const images = stored.images as number[]
    expect(images).toHaveLength(2)
    // The media pipeline took the location out of the stored copy; the public cannot read it yet.
    const media = await world.booted.payload.findByID({ collection: 'media', id: images[0]! })
    expect(media.originalFile).toMatchObject({ hadLocation: true })
    expect((await world.as.public.get(`/api/media/${images[0]}`)).status).toBe(404)

    // Not approved yet: no work made of it.
    const early = await world.as.sichuanEditor.post(`/api/interactions/${sent.body.id}/make-work`, {
      subProject,
    })
    expect(early.status).toBe(409)
    await world.as.sichuanEditor.post('/api/interactions/moderate', {
      ids: [sent.body.id],
      decision: 'approve',
    })
    expect((await world.as.public.get(`/api/media/${images[0]}`)).status).toBe(200)

    // Another province's editor reads it (approved) but may not make a work of it.
    const foreign = await world.as.shanghaiEditor.post(
      `/api/interactions/${sent.body.id}/make-work`,
      { subProject },
    )
    expect(foreign.status).toBe(404)
    const made = await world.as.sichuanEditor.post(`/api/interactions/${sent.body.id}/make-work`, {
      subProject,
    })
    expect(made.status).toBe(201)
    const entry = await world.booted.payload.findByID({
      collection: 'entries',
      id: made.body.entry.id,
      depth: 0,
    })
    expect(entry).toMatchObject({
      title: '我身边的大国工匠',
      status: 'draft',
      source: 'netizen-contribution',
      submittingUnit: world.ids.sichuan,
      campaign: world.ids.campaign,
      text: '这是我们车间的高级技师，三十年如一日钻研焊接工艺。',
      media: images,
    })
    expect(entry.authors![0]).toMatchObject({ name: '绵阳职工王师傅', email: 'wang@example.cn' })
    expect(entry.description).toContain(`互动编号 ${sent.body.id}`)
    const again = await world.as.sichuanEditor.post(`/api/interactions/${sent.body.id}/make-work`, {
      subProject,
    })
    expect(again.status).toBe(409)
    expect(again.body.errors[0].message).toContain(`已制作成作品（编号 ${made.body.entry.id}）`)
  })
})
