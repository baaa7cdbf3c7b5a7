import type { Request, RequestHandler } from 'express'
import type { Payload } from 'payload'

import type { CredentialVerifier } from './auth/verifier'

import { apiSegments } from './apiPath'
import { credentialRulesOf, credentialsOf } from './auth/credentials'
import { bufferBody, sendBodyTooLarge } from './requestBody'

/** `REQUEST_BODY_MAX_KB` when unset. */
export const defaultBodyMaxKb = 1024

/**
 * The largest request body, other than an upload (see `createUploadRoutes`), that reaches Next.js and Payload:
 * `REQUEST_BODY_MAX_KB` (KB, default 1024 = 1 MB). A value that is not a positive whole number
 * throws, so a typo stops the server at start.
 */
export const readBodyMaxBytes = (env: Record<string, string | undefined> = process.env): number => {
  const value = env.REQUEST_BODY_MAX_KB?.trim() || String(defaultBodyMaxKb)
  const kb = /^\d{1,9}$/.test(value) ? Number(value) : NaN
  if (!(kb >= 1)) {
    throw new BodyLimitConfigError(
      `REQUEST_BODY_MAX_KB 的值“${value}”无效：应为正整数（KB），例如 1024 / ` +
        `REQUEST_BODY_MAX_KB="${value}" is invalid: expected a whole number of KB of at least 1, e.g. 1024`,
    )
  }
  return kb * 1024
}

export class BodyLimitConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BodyLimitConfigError'
  }
}

/**
 * Caps every request body but an upload's (JSON, forms, text, GraphQL, multipart, and whatever a
 * custom endpoint might `req.json()`), answering 413 before Next or Payload read a byte of it:
 * a declared Content-Length over the cap is refused at once, unread; a chunked body without one
 * is read here up to the cap — refused the moment it passes it — and handed on as a replay of
 * the same bytes. Multipart matters as much as JSON: Payload parses a multipart body on every
 * REST write and on GraphQL before any access check, up to UPLOAD_MAX_MB. Only the multipart
 * requests `isUpload` names go on uncapped here, to their own streaming caps (UPLOAD_MAX_MB,
 * each sub-project's limits); the admin's document forms (`_payload`) are small and capped.
 */
export const createBodyLimit =
  ({ maxBytes, isUpload }: { maxBytes: number; isUpload: (req: Request) => Promise<boolean> }) =>
  (handler: RequestHandler): RequestHandler =>
  async (req, res, next) => {
    if (!hasBody(req) || (isMultipart(req) && (await isUpload(req)))) {
      return handler(req, res, next)
    }
    const declared = req.headers['content-length']
    if (declared !== undefined) {
      // Node's parser stops a body at its Content-Length, so a declared size is a true bound.
      if (Number(declared) > maxBytes) {
        sendBodyTooLarge(res, maxBytes)
        return
      }
      return handler(req, res, next)
    }
    const buffered = await bufferBody({ req, res, maxBytes })
    return buffered ? handler(buffered.request, res, next) : undefined
  }

/** The public submission endpoints, open to anyone: they stream to disk under their own caps. */
const publicUploadRoutes = new Set(['entries/submit', 'featured-workers/recommend'])

/**
 * Which multipart requests are uploads, free of the body cap: POST to the public submission
 * endpoints (`/api/entries/submit`, `/api/featured-workers/recommend`), and POST or PATCH to
 * `/api/media` or `/api/media/:id`, and POST of a task table to
 * `/api/campaigns/:id/task-table/preview|import`, by a staff account (Payload's admin user collection) whose
 * credential verifies — the way Payload will read it. Anyone else's upload to media is refused by
 * access anyway, after Payload has parsed it: capped, it costs at most the cap.
 */
export const createUploadRoutes =
  ({ payload, verifier }: { payload: () => Payload | undefined; verifier: CredentialVerifier }) =>
  async (req: Request): Promise<boolean> => {
    const segments = apiSegments(req.path)
    if (!segments) {
      return false
    }
    if (req.method === 'POST' && publicUploadRoutes.has(segments.join('/'))) {
      return true
    }
    const booted = payload()
    const isMediaWrite =
      (req.method === 'POST' || req.method === 'PATCH') &&
      segments[0] === 'media' &&
      segments.length <= 2
    // A task table (任务分解表) uploaded for preview or import: capped by its endpoint (2 MB).
    const isTaskTable =
      req.method === 'POST' &&
      segments[0] === 'campaigns' &&
      segments[2] === 'task-table' &&
      (segments[3] === 'preview' || segments[3] === 'import') &&
      segments.length === 4
    if (!booted || !(isMediaWrite || isTaskTable)) {
      return false
    }
    const account = await verifier.accountOf(
      credentialsOf({ headers: req.headers, rules: credentialRulesOf(booted) }),
    )
    return account?.collection === booted.config.admin.user
  }

const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0

const isMultipart = (req: Request): boolean =>
  (req.headers['content-type'] ?? '').trimStart().toLowerCase().startsWith('multipart/')
