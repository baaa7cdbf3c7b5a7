import type { CollectionAfterLoginHook, CollectionAfterLogoutHook } from 'payload'

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
