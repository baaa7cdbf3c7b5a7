import type {
  CollectionAfterLoginHook,
  CollectionAfterLogoutHook,
  CollectionAfterOperationHook,
} from 'payload'

import type { ResolvedAuditLogOptions } from '../types'

import { accountLabel, actorOf } from '../utilities/requestMeta'
import { isAuditSkipped, writeEntry } from '../utilities/writeEntry'

/** `login`: a successful login, written in the login's transaction. */
export const recordLogin =
  (options: ResolvedAuditLogOptions): CollectionAfterLoginHook =>
  async ({ collection, req, user }) => {
    if (isAuditSkipped(req)) {
      return
    }
    const label = accountLabel(user, collection.slug)
    await writeEntry({
      entry: {
        action: 'login',
        actor: { collection: collection.slug, id: user.id },
        actorLabel: label,
        targetCollection: collection.slug,
        targetId: user.id,
        summary: `${label} 登录成功 / ${label} signed in`,
        details: { via: req.payloadAPI, strategy: 'local-jwt' },
      },
      options,
      req,
    })
  }

/** `logout`: the user's own logout. */
export const recordLogout =
  (options: ResolvedAuditLogOptions): CollectionAfterLogoutHook =>
  async ({ collection, req }) => {
    if (isAuditSkipped(req) || !req.user) {
      return
    }
    const { actor, actorLabel } = actorOf({ actorCollections: options.actorCollections, req })
    await writeEntry({
      entry: {
        action: 'logout',
        actor,
        actorLabel,
        targetCollection: collection.slug,
        targetId: req.user.id,
        summary: `${actorLabel} 退出登录 / ${actorLabel} signed out`,
        details: { via: req.payloadAPI },
      },
      options,
      req,
    })
  }

/** `unlock`: an account locked by failed logins unlocked by someone, written once it succeeded. */
export const recordUnlock =
  (options: ResolvedAuditLogOptions): CollectionAfterOperationHook =>
  async ({ args, collection, operation, req, result }) => {
    if (operation !== 'unlock' || !result || isAuditSkipped(req)) {
      return result
    }
    const { actor, actorLabel } = actorOf({ actorCollections: options.actorCollections, req })
    const data = (args as { data?: { email?: string; username?: string } }).data
    const account = data?.email ?? data?.username ?? ''
    const unlocked = await req.payload.find({
      collection: collection.slug,
      where: data?.email
        ? { email: { equals: data.email.toLowerCase().trim() } }
        : { username: { equals: account } },
      depth: 0,
      limit: 1,
      select: {},
      req,
    })
    await writeEntry({
      entry: {
        action: 'unlock',
        actor,
        actorLabel,
        targetCollection: collection.slug,
        targetId: unlocked.docs[0]?.id,
        summary: `${actorLabel} 解除了 ${account} 的登录锁定 / ${actorLabel} unlocked ${account}`,
        details: { via: req.payloadAPI, account },
      },
      options,
      req,
    })
    return result
  }
