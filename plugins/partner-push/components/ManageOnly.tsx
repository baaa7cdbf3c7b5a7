import type { Payload, PayloadRequest, TypedUser } from 'payload'

import { createLocalReq } from 'payload'
import React from 'react'

import { optionsOf } from '../types'
import { DeliveryActions as DeliveryActionsButtons } from './DeliveryActions'
import { PartnerAccountKey as PartnerAccountKeyButtons } from './PartnerAccountKey'
import { PartnerSiteActions as PartnerSiteActionsButtons } from './PartnerSiteActions'
import { ReplayFailed as ReplayFailedForm } from './ReplayFailed'

/**
 * What Payload gives a server component: the request for a field's component, only the payload
 * and the user for a list view's slot.
 */
type ServerProps = { payload: Payload; req?: PayloadRequest; user?: null | TypedUser }

type Slugs = { deliveriesSlug?: string; partnerAccountsSlug?: string; partnerSitesSlug?: string }

/**
 * Whether the signed-in user may do the office's actions: the app's `access.manage`, asked on
 * the server (a rule is a function, which a client component cannot be given). The buttons are
 * shown to exactly those its endpoints admit.
 */
const canManage = async ({ payload, req, user }: ServerProps): Promise<boolean> => {
  if (!user && !req?.user) {
    return false
  }
  return optionsOf(payload).access.manage({
    req: req ?? (await createLocalReq({ user: user ?? undefined }, payload)),
  })
}

/** 重新发送 on a delivery, for those who manage pushes. */
export const DeliveryActions = async (props: ServerProps & Slugs) =>
  (await canManage(props)) ? <DeliveryActionsButtons deliveriesSlug={props.deliveriesSlug} /> : null

/** API 密钥 on a partner account, for those who manage pushes. */
export const PartnerAccountKey = async (props: ServerProps & Slugs) =>
  (await canManage(props)) ? (
    <PartnerAccountKeyButtons partnerAccountsSlug={props.partnerAccountsSlug} />
  ) : null

/** 推送操作 on a partner site, for those who manage pushes. */
export const PartnerSiteActions = async (props: ServerProps & Slugs) =>
  (await canManage(props)) ? (
    <PartnerSiteActionsButtons
      deliveriesSlug={props.deliveriesSlug}
      partnerSitesSlug={props.partnerSitesSlug}
    />
  ) : null

/** 重放 above the delivery list, for those who manage pushes. */
export const ReplayFailed = async (props: ServerProps & Slugs) =>
  (await canManage(props)) ? <ReplayFailedForm deliveriesSlug={props.deliveriesSlug} /> : null
