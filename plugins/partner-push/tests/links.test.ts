/**
 * Every link a partner is given leads somewhere, with the server on a port of its own and no
 * SERVER_URL: the partner follows each one as it comes — pushed file links (verified pushes from
 * a real receiver), the feed's own URL, its next pages, each item's URL, and the RSS atom links.
 * Links used to say http://localhost:3000 whatever the port.
 */
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../../../tests/helpers/api'
import type { Booted } from '../../../tests/helpers/payload'
import type { Received } from './receiver'

import { apiClient } from '../../../tests/helpers/api'
import { serveApp } from '../../../tests/helpers/http'
import { bootPayload } from '../../../tests/helpers/payload'
import { waitUntil } from '../../../tests/helpers/wait'
import { makeImage, removeFixtures } from '../../submission-spec/tests/fixtures'
import { runJobs } from './jobs'
import { startReceiver } from './receiver'

type SaxParser = {
  onerror: (err: Error) => void
  onopentag: (node: { name: string; attributes: Record<string, string> }) => void
  onclosetag: (name: string) => void
  ontext: (text: string) => void
  write: (xml: string) => { close: () => void }
}
const sax = createRequire(import.meta.url)('sax') as { parser: (strict: boolean) => SaxParser }

const partnerKey = 'links-partner-key-0123456789'
const asPartner = { Authorization: `partner-accounts API-Key ${partnerKey}` }

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let admin: Api
let mediaDir: string
let campaign: number
let receiver: Awaited<ReturnType<typeof startReceiver>>
const works: number[] = []

/** Runs every queued job (renditions, deliveries) until `check` holds. */
const drainUntil = <T>(check: () => Promise<T | undefined> | T | undefined, what: string) =>
  waitUntil(
    async () => {
      const { docs } = await booted.payload.find({
        collection: 'payload-jobs',
        where: { completedAt: { exists: false } },
        limit: 0,
      })
      for (const job of docs) {
        await booted.payload.update({
          collection: 'payload-jobs',
          id: job.id,
          data: { waitUntil: new Date(Date.now() - 1000).toISOString() },
        })
      }
      await runJobs(booted.payload)
      return check()
    },
    { timeoutMs: 90_000, intervalMs: 300, what },
  )

beforeAll(async () => {
  mediaDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wangju-links-media-'))
  booted = await bootPayload({
    name: 'partner_links',
    env: {
      MEDIA_DIR: mediaDir,
      OUTBOUND_ALLOW_LIST: '127.0.0.1,localhost',
      PUSH_ATTEMPT_TIMEOUT_MS: '5000',
      SERVER_URL: '',
    },
  })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  admin = await apiClient(http.url)
  receiver = await startReceiver([{ status: 200 }])

  campaign = Number(
    (
      await booted.payload.create({
        collection: 'campaigns',
        data: {
          name: '2016年“中国梦·大国工匠篇”',
          year: 2016,
          status: 'active',
          label: '中国梦·大国工匠篇',
          unification: { watermarkPhotos: true },
        },
      })
    ).id,
  )
  const subProject = Number(
    (
      await booted.payload.create({
        collection: 'sub-projects',
        data: { campaign, name: '大国工匠作品征集', kind: 'other', _status: 'published' },
      })
    ).id,
  )
  const { body: site } = await admin.post('/api/partner-sites', {
    name: '中工网',
    kind: 'central-news-site',
    push: { status: 'active', endpointURL: receiver.url, campaigns: [campaign] },
  })
  const { body: rotated } = await admin.post(`/api/partner-sites/${site.doc.id}/rotate-secret`, {})
  receiver.trust(rotated.secret as string)
  await admin.post('/api/partner-accounts', {
    name: '中工网接口',
    partnerSite: site.doc.id,
    enableAPIKey: true,
    apiKey: partnerKey,
  })

  const file = await makeImage({ format: 'jpeg', width: 320, height: 240 })
  const data = await fs.readFile(file)
  const photo = Number(
    (
      await booted.payload.create({
        collection: 'media',
        data: {},
        file: { data, mimetype: 'image/jpeg', name: path.basename(file), size: data.length },
      })
    ).id,
  )
  for (const [index, title] of ['焊花里的青春', '大国焊匠', '钢梁上的舞者'].entries()) {
    const { body } = await admin.post('/api/entries', {
      title,
      subProject,
      status: 'published',
      text: '三十年如一日。',
      media: index === 0 ? [photo] : [],
    })
    works.push(Number(body.doc.id))
  }
  // The labelled copy is made by its job before the works are selected, as in production.
  await drainUntil(
    async () =>
      (
        await booted.payload.find({
          collection: 'renditions',
          where: { and: [{ original: { equals: photo } }, { name: { equals: 'label' } }] },
        })
      ).docs[0],
    'the labelled copy',
  )
  for (const work of works) {
    expect((await admin.post(`/api/entries/${work}/select`, { reason: '传播局精选' })).status).toBe(
      200,
    )
  }
  await drainUntil(
    () =>
      receiver.received.filter((r) => r.json.event === 'publish').length === works.length ||
      undefined,
    'the pushes',
  )
})

afterAll(async () => {
  await receiver?.close()
  await http?.close()
  await booted?.payload.destroy()
  await removeFixtures()
  await fs.rm(mediaDir, { recursive: true, force: true })
})

/** Follows a link as a partner does: as given, on whatever host and port it names. */
const follow = async (href: string, headers: Record<string, string> = {}) => {
  const res = await fetch(href, { headers, signal: AbortSignal.timeout(10_000) }).catch(
    (err: unknown) => ({ status: `unreachable: ${String(err)}` }),
  )
  if ('body' in res) {
    await res.body?.cancel()
  }
  return { href, status: res.status }
}

type Attachment = {
  url: string
  mime_type: string
  size_in_bytes?: number
  title: string
  _wangju: { rendition: string; sha256?: string }
}
type JsonFeed = {
  feed_url: string
  next_url?: string
  items: { url?: string; image?: string; attachments?: Attachment[] }[]
}

/** Every page of the JSON Feed, from the first through `next_url`. */
const jsonPages = async (first: string) => {
  const pages: JsonFeed[] = []
  for (
    let url: string | undefined = first;
    url && pages.length < 10;
    url = pages.at(-1)!.next_url
  ) {
    const res = await fetch(url, { headers: asPartner })
    expect(res.status, url).toBe(200)
    pages.push((await res.json()) as JsonFeed)
  }
  return pages
}

/** The RSS document's atom links, item links, enclosures and Media RSS contents. */
const rssLinks = (xml: string) => {
  const links = {
    atom: [] as string[],
    items: [] as string[],
    enclosures: [] as Record<string, string>[],
    media: [] as Record<string, string>[],
  }
  let trail: string[] = []
  const parser = sax.parser(true)
  parser.onerror = (err) => {
    throw err
  }
  parser.onopentag = (node) => {
    trail = [...trail, node.name]
    if (node.name === 'atom:link') {
      links.atom.push(node.attributes.href!)
    } else if (node.name === 'enclosure') {
      links.enclosures.push(node.attributes)
    } else if (node.name === 'media:content') {
      links.media.push(node.attributes)
    }
  }
  parser.onclosetag = () => {
    trail = trail.slice(0, -1)
  }
  parser.ontext = (text) => {
    if (trail.slice(-2).join('/') === 'item/link') {
      links.items.push(text)
    }
  }
  parser.write(xml).close()
  return links
}

describe('a partner following every link it was given, the server on its own port without SERVER_URL', () => {
  it('the server is not on port 3000 and has no SERVER_URL', () => {
    expect(new URL(http.url).port).not.toBe('3000')
    expect(process.env.SERVER_URL).toBe('')
  })

  it('downloads every file of every verified push', async () => {
    expect(receiver.rejected).toEqual([])
    const pushes = receiver.received.filter((r: Received) => r.json.event === 'publish')
    const hrefs = pushes.flatMap((push) =>
      ((push.json.item.renditions ?? []) as { href: string }[]).map((r) => r.href),
    )
    // The photo's original and its labelled copy.
    expect(hrefs).toHaveLength(2)
    const followed = await Promise.all(hrefs.map((href) => follow(href)))
    expect(followed).toEqual(
      hrefs.map(() => ({ href: expect.stringMatching(new RegExp(`^${http.url}/`)), status: 200 })),
    )
  })

  it('reaches the JSON Feed’s own URL, each next page and each item’s URL', async () => {
    const pages = await jsonPages(`${http.url}/api/campaigns/${campaign}/feed.json?limit=1`)
    expect(pages).toHaveLength(works.length)
    const hrefs = pages.flatMap((page) => [
      page.feed_url,
      ...(page.next_url ? [page.next_url] : []),
      ...page.items.map((item) => item.url!),
    ])
    expect(hrefs.every((href) => href.startsWith(`${http.url}/`))).toBe(true)
    expect(await Promise.all(hrefs.map((href) => follow(href, asPartner)))).toEqual(
      hrefs.map((href) => ({ href, status: 200 })),
    )
  })

  it('reaches the RSS atom links (self and next) and each item’s link', async () => {
    const res = await fetch(`${http.url}/api/campaigns/${campaign}/feed.rss?limit=1`, {
      headers: asPartner,
    })
    expect(res.status).toBe(200)
    const { atom, items } = rssLinks(await res.text())
    expect(atom).toHaveLength(2)
    expect(items).toHaveLength(1)
    const hrefs = [...atom, ...items]
    expect(hrefs.every((href) => href.startsWith(`${http.url}/`))).toBe(true)
    expect(await Promise.all(hrefs.map((href) => follow(href, asPartner)))).toEqual(
      hrefs.map((href) => ({ href, status: 200 })),
    )
  })
})

/** Downloads a file as a partner's fetcher does (no key: a published work's files are public) and hashes it. */
const download = async (url: string) => {
  const res = await fetch(url)
  const bytes = Buffer.from(await res.arrayBuffer())
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  }
}

describe('media in the feed, for partners that pull', () => {
  it('JSON Feed: each file an attachment, labelled copy first, with type, size and a SHA-256 the download matches', async () => {
    const [page] = await jsonPages(`${http.url}/api/campaigns/${campaign}/feed.json`)
    const withPhoto = page!.items.find((item) => item.attachments)!
    expect(withPhoto.attachments!.map((a) => a._wangju.rendition)).toEqual(['labelled', 'original'])
    expect(withPhoto.attachments![0]!.title).toContain('转载请用此版')
    expect(withPhoto.image).toBe(withPhoto.attachments![0]!.url)
    for (const attachment of withPhoto.attachments!) {
      const got = await download(attachment.url)
      expect(got).toEqual({
        status: 200,
        type: attachment.mime_type,
        size: attachment.size_in_bytes,
        sha256: attachment._wangju.sha256,
      })
    }
    expect(page!.items.filter((item) => item.attachments)).toHaveLength(1)
  })

  it('JSON Feed: the same files, sizes and hashes as the push', async () => {
    const [page] = await jsonPages(`${http.url}/api/campaigns/${campaign}/feed.json`)
    const attachments = page!.items.find((item) => item.attachments)!.attachments!
    const push = receiver.received.find(
      (r) => ((r.json.item.renditions ?? []) as unknown[]).length > 0,
    )!
    const pushed = push.json.item.renditions as {
      name: string
      href: string
      sizeinbytes: number
    }[]
    const sha256 = (push.json.item.x_wangju as { sha256: Record<string, string> }).sha256
    expect(
      attachments
        .map((a) => [a._wangju.rendition, a.url, a.size_in_bytes, a._wangju.sha256])
        .sort(),
    ).toEqual(pushed.map((r) => [r.name, r.href, r.sizeinbytes, sha256[r.href]]).sort())
  })

  it('RSS: one enclosure per item (the labelled copy) and every file as media:content, each downloadable as described', async () => {
    const res = await fetch(`${http.url}/api/campaigns/${campaign}/feed.rss`, {
      headers: asPartner,
    })
    const { enclosures, media } = rssLinks(await res.text())
    expect(enclosures).toHaveLength(1)
    expect(media.map((m) => m['wangju:rendition'])).toEqual(['labelled', 'original'])
    expect(enclosures[0]!.url).toBe(media[0]!.url)
    const enclosure = await download(enclosures[0]!.url!)
    expect(enclosure).toMatchObject({
      status: 200,
      type: enclosures[0]!.type,
      size: Number(enclosures[0]!.length),
    })
    for (const content of media) {
      expect(await download(content.url!)).toEqual({
        status: 200,
        type: content.type,
        size: Number(content.fileSize),
        sha256: content['wangju:sha256'],
      })
    }
  })
})
