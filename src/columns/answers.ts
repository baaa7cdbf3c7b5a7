import type { Payload } from 'payload'

import type { CachedPull } from './pullCache'
import type { PulledColumn, PulledItem } from './pull'

import { publicBaseUrl } from '../lib/publicUrl'
import { resolveColumn } from './pull'
import { cachedPull } from './pullCache'

/** The answer to a column that is not published (or does not exist): the same for both. */
export const noSuchColumn = '没有该专栏（或尚未发布） / no such column (or not published yet)'

const json = (value: unknown) => Buffer.from(JSON.stringify(value))

const notFound = (deps: Set<string>): Omit<CachedPull, 'since' | 'builtAt' | 'etag'> => ({
  status: 404,
  body: json({ errors: [{ message: noSuchColumn }] }),
  contentType: 'application/json; charset=utf-8',
  doc: null,
  deps,
})

/** `GET /api/columns/:id/pull`: the published column resolved (./pull.ts), as cached bytes. */
export const columnPull = (payload: Payload, id: number): Promise<CachedPull> =>
  cachedPull({
    payload,
    key: `pull:${id}`,
    build: async () => {
      const { doc, deps } = await resolveColumn(payload, id)
      return doc
        ? {
            status: 200,
            body: json(doc),
            contentType: 'application/json; charset=utf-8',
            doc,
            deps,
          }
        : notFound(deps)
    },
  })

/**
 * `GET /api/columns/:id/feed`: the column's items as a JSON Feed 1.1, newest first — every
 * section's items once (a work pinned and in the works section is one item), and the approved
 * comments and contributions. Built from the cached pull, so it changes exactly when the pull does.
 */
export const columnFeed = (payload: Payload, id: number): Promise<CachedPull> =>
  cachedPull({
    payload,
    key: `feed:${id}`,
    build: async () => {
      const pull = await columnPull(payload, id)
      const column = pull.doc as PulledColumn | null
      if (!column) {
        return notFound(pull.deps)
      }
      const feed = toJsonFeed(column)
      return {
        status: 200,
        body: json(feed),
        contentType: 'application/feed+json; charset=utf-8',
        doc: feed,
        deps: pull.deps,
      }
    },
  })

const toJsonFeed = (column: PulledColumn) => {
  const base = publicBaseUrl()
  const seen = new Map<string, { item: PulledItem; section: string }>()
  for (const section of column.sections) {
    for (const item of section.items) {
      if (!seen.has(item.uri)) {
        seen.set(item.uri, { item, section: section.title ?? section.kind })
      }
    }
  }
  const items = [
    ...[...seen.values()].map(({ item, section }) => ({
      id: item.uri,
      url: item.url,
      title: item.title,
      ...(item.summary ? { summary: item.summary, content_text: item.summary } : {}),
      ...(item.publishedAt ? { date_published: item.publishedAt } : {}),
      ...(item.image ? { image: item.image } : {}),
      ...(item.files?.length
        ? {
            attachments: item.files.map((file) => ({
              url: file.labelledUrl ?? file.url,
              mime_type: file.mimeType ?? 'application/octet-stream',
            })),
          }
        : {}),
      _wangju: { kind: item.kind, section, isSelected: item.isSelected ?? null },
    })),
    ...column.interactions.map((each) => ({
      id: `urn:wangju:interaction:${each.id}`,
      title: each.title ?? '',
      content_text: each.body ?? '',
      date_published: each.createdAt,
      ...(each.authorName ? { authors: [{ name: each.authorName }] } : {}),
      ...(each.images[0] ? { image: each.images[0] } : {}),
      _wangju: { kind: each.kind, entry: each.entry },
    })),
  ].sort((a, b) => String(b.date_published ?? '').localeCompare(String(a.date_published ?? '')))
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: column.title,
    home_page_url: column.url ?? `${base}/columns/${column.id}`,
    feed_url: `${base}/api/columns/${column.id}/feed`,
    ...(column.intro ? { description: column.intro } : {}),
    ...(column.banner ? { icon: column.banner.url } : {}),
    language: 'zh',
    items,
    _wangju: { column: column.uri, campaign: column.campaign },
  }
}
