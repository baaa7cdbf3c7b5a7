import type { Field } from 'payload'

import type { ManageAccess } from '../types'

import { sql } from '@payloadcms/db-postgres'

import { queryInRequest } from '../../shared/queryInRequest'
import { pushSettingsRead } from './partnerSiteFields'

type SitePush = {
  status?: string | null
  endpointURL?: string | null
  secret?: string | null
  campaigns?: unknown[] | null
  disabledReason?: string | null
}

/**
 * Why a partner site does or does not receive pushes, in one line (Chinese, then English), with
 * what waits for it: a site is created paused and takes nothing until it has a receiving URL, a
 * signing secret and its campaigns and an admin resumes it.
 */
export const pushNote = ({
  push,
  held,
}: {
  push: SitePush | null | undefined
  held: number
}): string => {
  const waiting =
    held > 0 ? `；${held} 条推送等待恢复后按顺序发送 / ${held} held, sent in order on resume` : ''
  const missing = [
    !push?.endpointURL && ['接收地址', 'a receiving URL'],
    !push?.secret && [
      '签名密钥（推送操作 → 更换签名密钥）',
      'a signing secret (rotate the secret)',
    ],
    !push?.campaigns?.length && ['接收的主题活动', 'campaigns taken'],
  ].filter((m): m is string[] => Boolean(m))
  const lacks = missing.length
    ? `，尚缺：${missing.map((m) => m[0]).join('、')} / still missing: ${missing.map((m) => m[1]).join(', ')}`
    : ''
  switch (push?.status ?? 'paused') {
    case 'active':
      return missing.length
        ? `不能接收推送${lacks}${waiting}`
        : `接收推送中 / receiving pushes${waiting}`
    case 'disabled':
      return `已停用，不接收推送：${push?.disabledReason ?? '管理员停用'} / disabled, receives nothing${lacks}${waiting}。修复后点“恢复推送” / press 恢复推送 (resume) once fixed`
    default:
      return `暂停中（新建的参与网站默认暂停），新作品不发送${lacks}${waiting}。准备好后点“恢复推送” / paused (new sites start paused): press 恢复推送 (resume) when ready`
  }
}

/**
 * 推送状况 (partner site sidebar): the note above, computed on every read of one site (one count
 * of its held deliveries; skipped in lists). Virtual: no column.
 */
export const pushNoteField = ({
  deliveriesSlug,
  partnerSitesSlug,
  partnerAccountsSlug,
  manage,
}: {
  deliveriesSlug: string
  partnerSitesSlug: string
  partnerAccountsSlug: string
  manage: ManageAccess
}): Field => ({
  name: 'pushNote',
  type: 'text',
  virtual: true,
  label: { zh: '推送状况', en: 'Push status' },
  // Read as the push settings: the office and the site's own partner accounts.
  access: {
    read: pushSettingsRead({ partnerAccountsSlug, manage }),
    create: () => false,
    update: () => false,
  },
  admin: {
    position: 'sidebar',
    readOnly: true,
    description: {
      zh: '为什么此网站收到或收不到推送。',
      en: 'Why this site does or does not receive pushes.',
    },
  },
  hooks: {
    afterRead: [
      async ({ data, findMany, req }) => {
        if (findMany || !data?.id) {
          return undefined
        }
        // In the request's transaction: right after a save (a new secret) the note says what it made.
        const [row] = await queryInRequest({
          payload: req.payload,
          req,
          query: sql`select (select count(*)::int from ${sql.identifier(deliveriesSlug.replace(/-/g, '_'))} where "partner_site_id" = ${Number(data.id)} and "state" = 'held') as held,
                            (select "push_secret" from ${sql.identifier(partnerSitesSlug.replace(/-/g, '_'))} where id = ${Number(data.id)}) as secret`,
        })
        return pushNote({
          push: { ...(data.push as SitePush | undefined), secret: row?.secret as string | null },
          held: Number(row?.held ?? 0),
        })
      },
    ],
  },
})
