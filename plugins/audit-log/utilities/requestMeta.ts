import type { PayloadRequest } from 'payload'

import type { AuditEntryInput } from '../types'

type AnyUser = { collection?: string; email?: unknown; id?: number | string; username?: unknown }

/**
 * The client address: the header the app's HTTP layer sets (`x-real-ip` by default), else the
 * first `x-forwarded-for` entry. Local API calls carry no headers and get `null`.
 */
export const clientIp = ({
  ipHeader,
  req,
}: {
  ipHeader: string
  req: PayloadRequest
}): null | string => {
  const headers = req.headers as Headers | undefined
  const direct = headers?.get(ipHeader)?.trim()
  if (direct) {
    return direct
  }
  const forwarded = headers?.get('x-forwarded-for')?.split(',')[0]?.trim()
  return forwarded || null
}

export const userAgentOf = (req: PayloadRequest): null | string =>
  (req.headers as Headers | undefined)?.get('user-agent') ?? null

/** How an account is named in `actorLabel`: its e-mail, else its username, else `slug#id`. */
export const accountLabel = (user: AnyUser, collection?: string): string => {
  if (typeof user.email === 'string' && user.email) {
    return user.email
  }
  if (typeof user.username === 'string' && user.username) {
    return user.username
  }
  return `${collection ?? user.collection ?? 'user'}#${String(user.id)}`
}

/**
 * Who is acting on this request. Without a user it is `anonymous` for HTTP requests and
 * `system` for Local API calls made by server code (seeds, jobs).
 */
export const actorOf = ({
  actorCollections,
  req,
}: {
  actorCollections: string[]
  req: PayloadRequest
}): Pick<AuditEntryInput, 'actor' | 'actorLabel'> => {
  const user = req.user as AnyUser | null | undefined
  if (!user || user.id === undefined) {
    return { actor: null, actorLabel: req.payloadAPI === 'local' ? 'system' : 'anonymous' }
  }
  const collection = user.collection
  const isKnown = typeof collection === 'string' && actorCollections.includes(collection)
  return {
    actor: isKnown ? { collection, id: user.id } : null,
    actorLabel: accountLabel(user, collection),
  }
}
