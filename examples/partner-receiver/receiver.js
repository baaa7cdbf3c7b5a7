/**
 * A partner site's receiver for the pushes of 网聚职工正能量 (see docs/partner-guide.md).
 *
 * - Verifies every push with `standardwebhooks` against the site's signing secret; a push that
 *   does not verify is answered 401 and never looked at.
 * - Answers fast: a verified push is written to an inbox folder and answered 204 at once; the
 *   slow work (downloads) happens after, one message at a time. A push left in the inbox by a
 *   crash is worked off at the next start.
 * - Drops a `webhook-id` it already has (retries and replays repeat the same id).
 * - Keeps the highest `version` per `uri`: a lower or equal version arriving later is ignored,
 *   whatever its event; a takedown leaves a tombstone with its version for that reason.
 * - Downloads every rendition and checks its SHA-256 against `x_wangju.sha256[href]`; a file
 *   that does not match is refused (not stored) and reported.
 * - Validates each item against IPTC's ninjs 2.2 schema when NINJS_SCHEMA_DIR is set.
 * - On a takedown removes the work and its files and acknowledges it by its `webhook-id`
 *   (`POST /api/deliveries/acknowledge`), trying again until the CMS has it; at start and every
 *   few minutes it lists the takedowns not yet acknowledged (`GET /api/deliveries/takedowns`),
 *   applies any it missed and acknowledges again any the CMS still lists.
 * - `GET /status` shows what it holds (JSON), for you and for the CMS's CI test.
 *
 * Environment: WANGJU_SECRET (the whsec_… secret; several separated by spaces while you switch
 * after a rotation), WANGJU_CMS_URL and WANGJU_API_KEY (for acknowledging takedowns), PORT
 * (8787), HOST (127.0.0.1), HOOK_PATH (/hook), DATA_DIR (./data), NINJS_SCHEMA_DIR,
 * WANGJU_EXTENSION_SCHEMA, CATCH_UP_MINUTES (10). Run: `node receiver.js`.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import { createServer } from 'node:http'
import path from 'node:path'

import { Webhook } from 'standardwebhooks'

import { downloadChecked, FileRefused } from './files.js'
import { loadNinjsValidator } from './ninjsSchema.js'

const env = process.env
if (!env.WANGJU_SECRET) {
  console.error('Set WANGJU_SECRET to the signing secret (whsec_…) the national office gave you.')
  process.exit(1)
}

const settings = {
  webhooks: env.WANGJU_SECRET.split(/\s+/)
    .filter(Boolean)
    .map((secret) => new Webhook(secret)),
  cmsUrl: env.WANGJU_CMS_URL?.replace(/\/+$/, ''),
  apiKey: env.WANGJU_API_KEY,
  host: env.HOST || '127.0.0.1',
  port: Number(env.PORT || 8787),
  hookPath: env.HOOK_PATH || '/hook',
  dataDir: path.resolve(env.DATA_DIR || 'data'),
  validate: loadNinjsValidator({
    schemaDir: env.NINJS_SCHEMA_DIR,
    extensionSchema: env.WANGJU_EXTENSION_SCHEMA,
  }),
  catchUpMs: Number(env.CATCH_UP_MINUTES || 10) * 60_000,
  /** Push bodies are JSON with the work's HTML: a few hundred KB at most. */
  maxBodyBytes: 5 * 1024 * 1024,
  /** How long a webhook-id is remembered: the CMS retries for about three days, an admin may replay later. */
  rememberMs: 30 * 24 * 60 * 60 * 1000,
}
const paths = {
  state: path.join(settings.dataDir, 'state.json'),
  inbox: path.join(settings.dataDir, 'inbox'),
  files: path.join(settings.dataDir, 'files'),
}
const log = (msg) => console.log(`[receiver] ${new Date().toISOString()} ${msg}`)

/**
 * Everything the receiver holds, saved to state.json after every change. `works` by `uri` (the
 * highest version seen), `removed` the tombstones of takedowns, `seen` the webhook-ids done,
 * `acks` the takedowns and whether the CMS has their acknowledgement.
 */
let state = {
  works: {},
  removed: {},
  seen: {},
  acks: {},
  sequences: [],
  counts: { verified: 0, rejected: 0, duplicates: 0, stale: 0 },
  problems: [],
}
/** webhook-ids written to the inbox and not yet worked off. */
const inbox = new Set()

let saves = 0
const save = async () => {
  const tmp = `${paths.state}.${process.pid}.${++saves}.tmp`
  await fs.writeFile(tmp, JSON.stringify(state, null, 2))
  await fs.rename(tmp, paths.state)
}

const problem = (what) => {
  log(`problem: ${what.problem}`)
  state.problems.push({ at: new Date().toISOString(), ...what })
}

const inboxFile = (webhookId) =>
  path.join(paths.inbox, `${createHash('sha256').update(webhookId).digest('hex')}.json`)

// --- receiving: verify, drop duplicates, write to the inbox, answer 204 ---------------------------

/** The push, or null when no secret verifies it (bad signature, stale or future timestamp, missing headers). */
const verified = (body, headers) => {
  for (const webhook of settings.webhooks) {
    try {
      return webhook.verify(body, headers)
    } catch {
      // the next secret, if any
    }
  }
  return null
}

const readBody = (req) =>
  new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    req.on('data', (chunk) => {
      size += chunk.length
      if (size > settings.maxBodyBytes) {
        reject(Object.assign(new Error('body too large'), { status: 413 }))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })

const answer = (res, status, body) => {
  res.writeHead(
    status,
    body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
  )
  res.end(body === undefined ? undefined : JSON.stringify(body))
}

const receive = async (req, res) => {
  // The exact bytes are what was signed: verify before parsing, never a re-serialised object.
  const body = await readBody(req)
  const push = verified(body, req.headers)
  if (!push) {
    state.counts.rejected++
    log(`refused a push that does not verify (webhook-id ${req.headers['webhook-id'] ?? 'none'})`)
    answer(res, 401, { error: 'signature does not verify' })
    return
  }
  state.counts.verified++
  const webhookId = req.headers['webhook-id']
  if (state.seen[webhookId] || inbox.has(webhookId)) {
    state.counts.duplicates++
    answer(res, 204)
    return
  }
  if (!push.item?.uri || !['publish', 'update', 'takedown'].includes(push.event)) {
    answer(res, 400, { error: 'not a push: event and item.uri expected' })
    return
  }
  await fs.writeFile(
    inboxFile(webhookId),
    JSON.stringify({ webhookId, receivedAt: new Date().toISOString(), push }),
  )
  inbox.add(webhookId)
  answer(res, 204)
  enqueue(webhookId)
}

// --- working off the inbox, one message at a time -------------------------------------------------

/** Everything that changes the state runs here, one thing at a time. */
let queue = Promise.resolve()
const serially = (task) => {
  queue = queue.then(task).catch((err) => log(`unexpected: ${err?.stack ?? err}`))
  return queue
}
const enqueue = (webhookId, attempt = 1) => serially(() => work(webhookId, attempt))

const work = async (webhookId, attempt) => {
  const { push, receivedAt } = JSON.parse(await fs.readFile(inboxFile(webhookId), 'utf8'))
  try {
    const outcome = await apply({ webhookId, push })
    state.seen[webhookId] = {
      at: new Date().toISOString(),
      receivedAt,
      event: push.event,
      uri: push.item.uri,
      version: Number(push.item.version),
      sequence: push.sequence,
      outcome,
    }
    log(
      `${push.event} ${push.item.uri} v${push.item.version} (sequence ${push.sequence}): ${outcome}`,
    )
  } catch (err) {
    // A download or the CMS failed for now: try again, a few times, then report it. The id is
    // not marked seen, so the office's resend (same webhook-id) is worked off again.
    if (attempt < 6) {
      const delayMs = 1000 * 4 ** (attempt - 1)
      log(`${push.event} ${push.item.uri}: ${err.message}; trying again in ${delayMs / 1000} s`)
      setTimeout(() => enqueue(webhookId, attempt + 1), delayMs).unref()
      return
    }
    problem({ webhookId, uri: push.item.uri, problem: `gave up: ${err.message}` })
  }
  inbox.delete(webhookId)
  await fs.rm(inboxFile(webhookId), { force: true })
  await save()
}

/** What a message changes. Throws only for what may succeed later (network). */
const apply = async ({ webhookId, push }) => {
  const { event, sequence, item } = push
  const version = Number(item.version)
  if (Number.isSafeInteger(sequence) && !state.sequences.includes(sequence)) {
    state.sequences.push(sequence)
  }
  const problems = settings.validate ? settings.validate(item) : []
  for (const p of problems) {
    problem({ webhookId, uri: item.uri, problem: `invalid item: ${p}` })
  }
  const held = state.works[item.uri] ?? state.removed[item.uri]
  if (held && version <= held.version) {
    state.counts.stale++
    return `ignored: version ${version} is not newer than the ${held.version} held`
  }
  if (event === 'takedown') {
    await removeWork(item.uri)
    state.removed[item.uri] = {
      uri: item.uri,
      version,
      webhookId,
      removedAt: new Date().toISOString(),
    }
    state.acks[webhookId] = { webhookId, uri: item.uri, version, acknowledgedAt: null }
    void acknowledgePending()
    return 'removed'
  }
  const files = await fetchRenditions({ webhookId, item })
  const previous = state.works[item.uri]
  state.works[item.uri] = {
    uri: item.uri,
    version,
    event,
    sequence,
    webhookId,
    headline: item.headlines?.find((h) => h.role === 'main')?.value ?? item.headlines?.[0]?.value,
    // What a republisher must print under the work.
    attributionText: item.x_wangju?.attributionText,
    // The labelled copy when there is one: that is the one to republish.
    republish: files.find((f) => f.name.startsWith('labelled'))?.name ?? files[0]?.name ?? null,
    files,
    isValid: problems.length === 0,
    storedAt: new Date().toISOString(),
  }
  delete state.removed[item.uri]
  await removeUnusedFiles(previous?.files ?? [])
  return `stored with ${files.filter((f) => f.sha256).length} of ${files.length} files`
}

/** Every rendition downloaded and checked against `x_wangju.sha256[href]`. */
const fetchRenditions = async ({ webhookId, item }) => {
  const hashes = item.x_wangju?.sha256 ?? {}
  const files = []
  for (const rendition of item.renditions ?? []) {
    const expected = hashes[rendition.href]
    const file = {
      name: rendition.name,
      href: rendition.href,
      contenttype: rendition.contenttype,
      sizeinbytes: rendition.sizeinbytes,
      expectedSha256: expected ?? null,
    }
    if (!expected) {
      // The CMS sends a link without a hash only when it could not read the file itself.
      problem({
        webhookId,
        uri: item.uri,
        problem: `${rendition.name}: no SHA-256 given for ${rendition.href}, not stored`,
      })
      files.push({ ...file, refused: 'no SHA-256 given' })
      continue
    }
    try {
      const got = await downloadChecked({
        href: rendition.href,
        expectedSha256: expected,
        dir: paths.files,
      })
      if (rendition.sizeinbytes !== undefined && got.bytes !== rendition.sizeinbytes) {
        problem({
          webhookId,
          uri: item.uri,
          problem: `${rendition.name}: ${got.bytes} bytes, the push said ${rendition.sizeinbytes}`,
        })
      }
      files.push({
        ...file,
        sha256: got.sha256,
        bytes: got.bytes,
        path: path.relative(settings.dataDir, got.file),
      })
    } catch (err) {
      if (!(err instanceof FileRefused)) {
        throw err
      }
      problem({ webhookId, uri: item.uri, problem: `${rendition.name}: ${err.message}` })
      files.push({ ...file, refused: err.message })
    }
  }
  return files
}

const removeWork = async (uri) => {
  const work = state.works[uri]
  delete state.works[uri]
  await removeUnusedFiles(work?.files ?? [])
}

/** Files are stored by hash: one is deleted only when no work held still uses it. */
const removeUnusedFiles = async (files) => {
  const used = new Set(Object.values(state.works).flatMap((w) => w.files.map((f) => f.sha256)))
  for (const f of files) {
    if (f.sha256 && !used.has(f.sha256)) {
      await fs.rm(path.join(paths.files, f.sha256), { force: true })
    }
  }
}

// --- takedowns: acknowledge by webhook-id, catch up on missed ones -----------------------------------

const cms = async (method, apiPath, body) => {
  const res = await fetch(`${settings.cmsUrl}${apiPath}`, {
    method,
    headers: {
      Authorization: `partner-accounts API-Key ${settings.apiKey}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  })
  const json = await res.json().catch(() => null)
  return { status: res.status, json }
}

let isAcknowledging = false
/** Sends every acknowledgement the CMS does not have yet; what fails is tried again by the timer. */
const acknowledgePending = async () => {
  if (!settings.cmsUrl || !settings.apiKey || isAcknowledging) {
    return
  }
  isAcknowledging = true
  try {
    for (const ack of Object.values(state.acks).filter((a) => !a.acknowledgedAt)) {
      const { status, json } = await cms('POST', '/api/deliveries/acknowledge', {
        webhookId: ack.webhookId,
      }).catch((err) => ({ status: 0, json: { error: err.message } }))
      if (status === 200) {
        ack.acknowledgedAt = json.acknowledgedAt
        log(`takedown of ${ack.uri} acknowledged at ${ack.acknowledgedAt}`)
      } else if (status === 404) {
        // Not ours, or the work was deleted with its history: nothing left to acknowledge.
        ack.acknowledgedAt = 'not found'
      } else {
        log(`acknowledging ${ack.webhookId}: ${status} ${JSON.stringify(json)}; trying again later`)
      }
    }
    await save()
  } finally {
    isAcknowledging = false
  }
  if (Object.values(state.acks).some((a) => !a.acknowledgedAt)) {
    // The CMS escalates a takedown not acknowledged within 24 hours: keep trying.
    setTimeout(() => void acknowledgePending(), 30_000).unref()
  }
}

/**
 * The takedowns the CMS is still waiting for us to acknowledge, including any we never received
 * (our endpoint was down past the retry window): each is applied like the push it stands for, and
 * one we did acknowledge is acknowledged again. The CMS's list is the truth.
 */
const catchUpTakedowns = async () => {
  if (!settings.cmsUrl || !settings.apiKey) {
    return
  }
  const { status, json } = await cms('GET', '/api/deliveries/takedowns').catch((err) => ({
    status: 0,
    json: { error: err.message },
  }))
  if (status !== 200) {
    log(`listing takedowns: ${status} ${JSON.stringify(json)}`)
    return
  }
  for (const takedown of json.docs) {
    const known = state.acks[takedown.webhookId]
    if (known) {
      // Still listed although we acknowledged it: the CMS does not have our word. Say it again.
      known.acknowledgedAt = null
      continue
    }
    if (inbox.has(takedown.webhookId)) {
      continue
    }
    const version = Number(takedown.version)
    const held = state.works[takedown.uri] ?? state.removed[takedown.uri]
    if (!held || held.version < version) {
      await removeWork(takedown.uri)
      state.removed[takedown.uri] = {
        uri: takedown.uri,
        version,
        webhookId: takedown.webhookId,
        removedAt: new Date().toISOString(),
      }
    }
    state.seen[takedown.webhookId] = {
      at: new Date().toISOString(),
      event: 'takedown',
      uri: takedown.uri,
      version,
      sequence: takedown.sequence,
      outcome: 'removed (caught up from the takedown list)',
    }
    state.acks[takedown.webhookId] = {
      webhookId: takedown.webhookId,
      uri: takedown.uri,
      version,
      acknowledgedAt: null,
    }
  }
  await save()
  await acknowledgePending()
}

// --- status, start and stop ----------------------------------------------------------------------

const statusOf = () => {
  const highest = Math.max(0, ...state.sequences)
  return {
    validation: settings.validate?.against ?? [],
    counts: state.counts,
    works: Object.values(state.works),
    removed: Object.values(state.removed),
    acknowledgements: Object.values(state.acks),
    // Numbers are gapless per partner but arrive out of order: a missing one may still be on its way.
    sequences: {
      highest,
      missing: Array.from({ length: highest }, (_, i) => i + 1).filter(
        (n) => !state.sequences.includes(n),
      ),
    },
    inbox: inbox.size,
    problems: state.problems,
  }
}

const forgetOldIds = () => {
  const before = Date.now() - settings.rememberMs
  for (const [id, seen] of Object.entries(state.seen)) {
    if (Date.parse(seen.at) < before) {
      delete state.seen[id]
    }
  }
}

const start = async () => {
  await fs.mkdir(paths.inbox, { recursive: true })
  await fs.mkdir(paths.files, { recursive: true })
  if (existsSync(paths.state)) {
    state = { ...state, ...JSON.parse(await fs.readFile(paths.state, 'utf8')) }
  }
  forgetOldIds()
  // What a crash left accepted but not worked off, in the order it came.
  const left = await Promise.all(
    (await fs.readdir(paths.inbox))
      .filter((f) => f.endsWith('.json'))
      .map(async (f) => JSON.parse(await fs.readFile(path.join(paths.inbox, f), 'utf8'))),
  )
  for (const { webhookId } of left.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))) {
    inbox.add(webhookId)
    enqueue(webhookId)
  }

  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://receiver.invalid')
    const handled =
      req.method === 'POST' && pathname === settings.hookPath
        ? receive(req, res)
        : Promise.resolve(
            req.method === 'GET' && pathname === '/status'
              ? answer(res, 200, statusOf())
              : answer(res, 404, { error: 'not found' }),
          )
    handled.catch((err) => {
      log(`error: ${err?.stack ?? err}`)
      if (!res.headersSent) {
        // A 5xx makes the CMS send the push again later.
        answer(res, err.status ?? 500, { error: err.message })
      }
    })
  })
  await new Promise((resolve) => server.listen(settings.port, settings.host, resolve))
  const { port } = server.address()
  log(
    `listening on http://${settings.host}:${port}${settings.hookPath}; validating against ${settings.validate?.against.join(' and ') || 'nothing (NINJS_SCHEMA_DIR not set)'}`,
  )

  await serially(catchUpTakedowns)
  const timer = setInterval(() => {
    void serially(catchUpTakedowns)
    void acknowledgePending()
  }, settings.catchUpMs)
  timer.unref()

  const stop = () => {
    log('stopping')
    clearInterval(timer)
    server.close()
    server.closeAllConnections()
    void queue.then(save).finally(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

await start()
