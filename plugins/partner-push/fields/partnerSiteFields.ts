import type { CollectionSlug, Field, FieldAccess, TextFieldSingleValidation } from 'payload'

import type { ManageAccess } from '../types'

import { extractID } from 'payload/shared'

import { checkOutboundUrl } from '../utilities/ssrfGuard'

export const pushStatuses = [
  { value: 'active', label: { zh: '接收推送', en: 'Active' } },
  { value: 'paused', label: { zh: '暂停', en: 'Paused' } },
  { value: 'disabled', label: { zh: '已停用', en: 'Disabled' } },
]

/**
 * The endpoint must be http(s) and must not resolve to a private, loopback or metadata address;
 * the refusal says why in both languages (`推送地址不可用：地址 10.0.0.1 属于内网，禁止访问 / the
 * receiving URL cannot be used, 10.0.0.1 is a private address, refused`), without an ASCII colon
 * of its own, which would cut the admin's toast short.
 */
const safeEndpoint =
  (allowList: string[]): TextFieldSingleValidation =>
  async (value) => {
    if (!value) {
      return true
    }
    const check = await checkOutboundUrl(value, { allowList })
    return check.ok
      ? true
      : `推送地址不可用：${check.zh} / the receiving URL cannot be used, ${check.en}`
  }

/**
 * Who reads a site's push settings (receiving URL, failure contacts, status, why it was
 * disabled) and its 推送状况 note: the office (`access.manage`), and the site's own partner
 * accounts. Everyone else reads the site's directory entry without them.
 */
export const pushSettingsRead =
  ({
    partnerAccountsSlug,
    manage,
  }: {
    partnerAccountsSlug: string
    manage: ManageAccess
  }): FieldAccess =>
  ({ req, doc }) => {
    const user = req.user as { collection?: string; partnerSite?: unknown } | null
    if (!user) {
      return false
    }
    if (user.collection === partnerAccountsSlug) {
      const site = user.partnerSite
        ? extractID(user.partnerSite as number | { id: number })
        : undefined
      return (
        site !== undefined && String(site) === String((doc as { id?: unknown } | undefined)?.id)
      )
    }
    return manage({ req })
  }

/**
 * `local@domain.tld`: one `@`, no whitespace, a dot inside the domain. Checked by hand: the
 * usual pattern backtracks quadratically on a domain of many dots.
 */
const isEmailAddress = (email: string): boolean => {
  const at = email.indexOf('@')
  const domain = email.slice(at + 1)
  return (
    at > 0 &&
    !/[\s@]/.test(domain) &&
    !/\s/.test(email.slice(0, at)) &&
    domain.slice(1, -1).includes('.')
  )
}

/** Push settings of a partner site. Secrets are generated and rotated by the plugin's endpoint, never typed. */
export const partnerSiteFields = ({
  allowList,
  campaignsSlug,
  partnerAccountsSlug,
  manage,
}: {
  allowList: string[]
  campaignsSlug: CollectionSlug
  partnerAccountsSlug: string
  manage: ManageAccess
}): Field[] => [
  {
    name: 'push',
    type: 'group',
    label: { zh: '推送设置', en: 'Push settings' },
    access: { read: pushSettingsRead({ partnerAccountsSlug, manage }) },
    fields: [
      {
        type: 'row',
        fields: [
          {
            name: 'status',
            type: 'select',
            options: pushStatuses,
            defaultValue: 'paused',
            index: true,
            label: { zh: '推送状态', en: 'Status' },
          },
          {
            name: 'endpointURL',
            type: 'text',
            validate: safeEndpoint(allowList),
            label: { zh: '接收地址', en: 'Endpoint URL' },
            admin: { placeholder: 'https://example.com/webhooks/wangju' },
          },
        ],
      },
      {
        name: 'campaigns',
        type: 'relationship',
        relationTo: campaignsSlug,
        hasMany: true,
        label: { zh: '接收的主题活动', en: 'Campaigns taken' },
      },
      {
        name: 'alertEmails',
        type: 'text',
        hasMany: true,
        label: { zh: '故障通知邮箱', en: 'Failure mail to' },
        validate: (value: unknown) =>
          ((value as string[] | null) ?? []).every(isEmailAddress) ||
          '邮箱格式不正确 / not an e-mail address',
      },
      // The signing secrets, encrypted with PAYLOAD_SECRET: written only by the rotate endpoint,
      // which shows the new one once.
      { name: 'secret', type: 'text', hidden: true },
      { name: 'previousSecret', type: 'text', hidden: true },
      {
        name: 'previousSecretUntil',
        type: 'date',
        admin: { readOnly: true },
        label: { zh: '旧密钥停用时间', en: 'Old secret valid until' },
      },
      {
        name: 'sequence',
        type: 'number',
        defaultValue: 0,
        admin: { readOnly: true },
        label: { zh: '已发序号', en: 'Last sequence' },
      },
      {
        name: 'disabledReason',
        type: 'text',
        admin: { readOnly: true },
        label: { zh: '停用原因', en: 'Why disabled' },
      },
    ],
  },
]
