/**
 * A partner's feed poller for one campaign (see docs/partner-guide.md, "The feed"): run it every
 * few minutes (cron). It asks for the changes since the cursor it saved last time, follows
 * `next_url` while more remain, keeps the highest `version` per item `id`, removes a work on a
 * tombstone (`_wangju.pubstatus: "canceled"`), and saves the new cursor (`_wangju.next_since`).
 * A poll that repeats the last one's URL sends its ETag back: nothing new is a 304 without a body.
 * With DOWNLOAD=1 it downloads each attachment and checks its SHA-256 (`_wangju.sha256`).
 *
 * Environment: WANGJU_CMS_URL, WANGJU_API_KEY, CAMPAIGN (the campaign's id), LIMIT (items per
 * page, 1–100, default 50), STATE_FILE (./feed-state.json), DOWNLOAD, DATA_DIR (./data, where
 * DOWNLOAD puts files). Prints a JSON summary of the run on stdout.
 */
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'

import { downloadChecked } from './files.js'

const env = process.env
for (const name of ['WANGJU_CMS_URL', 'WANGJU_API_KEY', 'CAMPAIGN']) {
  if (!env[name]) {
    console.error(`Set ${name}.`)
    process.exit(1)
  }
}
const stateFile = path.resolve(env.STATE_FILE || 'feed-state.json')
const filesDir = path.join(path.resolve(env.DATA_DIR || 'data'), 'files')
const headers = { Authorization: `partner-accounts API-Key ${env.WANGJU_API_KEY}` }

/** `since`: the cursor to ask with; `lastUrl`/`etag`: the last poll, for If-None-Match; `works` by item id. */
const state = existsSync(stateFile)
  ? JSON.parse(await fs.readFile(stateFile, 'utf8'))
  : { since: null, lastUrl: null, etag: null, works: {}, removed: {} }

const firstUrl = () => {
  const url = new URL(
    `${env.WANGJU_CMS_URL.replace(/\/+$/, '')}/api/campaigns/${env.CAMPAIGN}/feed.json`,
  )
  if (state.since) {
    url.searchParams.set('since', state.since)
  }
  url.searchParams.set('limit', env.LIMIT || '50')
  return url.toString()
}

const summary = {
  pages: 0,
  notModified: false,
  items: 0,
  stored: [],
  removed: [],
  ignored: [],
  downloads: [],
}
let url = firstUrl()
while (url) {
  const res = await fetch(url, {
    headers: {
      ...headers,
      ...(url === state.lastUrl && state.etag ? { 'If-None-Match': state.etag } : {}),
    },
  })
  if (res.status === 304) {
    summary.notModified = true
    break
  }
  if (res.status !== 200) {
    // 400: a limit outside 1–100 or a cursor the CMS did not issue; 401: the key; 403: a campaign your site does not take.
    console.error(`GET ${url}: ${res.status} ${await res.text()}`)
    process.exit(1)
  }
  const page = await res.json()
  summary.pages++
  for (const item of page.items) {
    summary.items++
    const version = item._wangju.version
    const held = state.works[item.id] ?? state.removed[item.id]
    if (held && version <= held.version) {
      summary.ignored.push(item.id)
      continue
    }
    if (item._wangju.pubstatus === 'canceled') {
      delete state.works[item.id]
      state.removed[item.id] = { version, at: item.date_modified }
      summary.removed.push(item.id)
      continue
    }
    const files = (item.attachments ?? []).map((a) => ({
      rendition: a._wangju.rendition,
      url: a.url,
      mimeType: a.mime_type,
      sizeInBytes: a.size_in_bytes,
      sha256: a._wangju.sha256,
    }))
    if (env.DOWNLOAD === '1') {
      for (const file of files) {
        const got = await downloadChecked({
          href: file.url,
          expectedSha256: file.sha256,
          dir: filesDir,
        })
        summary.downloads.push({
          id: item.id,
          rendition: file.rendition,
          sha256: got.sha256,
          bytes: got.bytes,
        })
      }
    }
    state.works[item.id] = {
      version,
      title: item.title,
      attribution: item._wangju.attribution,
      files,
    }
    delete state.removed[item.id]
    summary.stored.push(item.id)
  }
  // The cursor after this page: the next poll asks for what changed after it.
  state.since = page._wangju.next_since ?? state.since
  state.lastUrl = url
  state.etag = res.headers.get('etag')
  url = page.next_url
}
await fs.writeFile(stateFile, JSON.stringify(state, null, 2))
console.log(
  JSON.stringify({
    ...summary,
    since: state.since,
    works: Object.keys(state.works),
    tombstones: Object.keys(state.removed),
  }),
)
