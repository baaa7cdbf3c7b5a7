import type { Endpoint } from 'payload'

import type { ResolvedOptions } from '../types'

import { generateApiKey } from '../utilities/apiKey'

const error = (status: number, message: string) =>
  Response.json({ errors: [{ message }] }, { status })

/**
 * `POST /api/partner-accounts/:id/issue-key` (admins): a new API key for the account, stored and
 * returned once; the previous key stops working at once. As rotate-secret does for the signing
 * secret: the key is generated here, never typed, and shown only in this answer.
 */
export const partnerAccountEndpoints = (options: ResolvedOptions): Endpoint[] => [
  {
    path: '/:id/issue-key',
    method: 'post',
    handler: async (req) => {
      if (!(await options.access.manage({ req }))) {
        return error(403, '只有管理员可以签发 API 密钥 / only admins issue API keys')
      }
      const id = Number(req.routeParams?.id)
      const account =
        Number.isSafeInteger(id) && id > 0
          ? await req.payload.findByID({
              collection: options.slugs.partnerAccounts,
              id,
              depth: 0,
              disableErrors: true,
              req,
            })
          : null
      if (!account) {
        return error(404, '没有这个参与网站账号 / no such partner account')
      }
      const apiKey = generateApiKey()
      await req.payload.update({
        collection: options.slugs.partnerAccounts,
        id,
        data: { enableAPIKey: true, apiKey },
        overrideAccess: false,
        user: req.user,
        req,
      })
      return Response.json({
        message:
          '新的 API 密钥只显示这一次，请交给参与网站；旧密钥已失效 / the new API key is shown only this once: give it to the partner site; the old key no longer works',
        apiKey,
        header: `Authorization: ${options.slugs.partnerAccounts} API-Key ${apiKey}`,
      })
    },
  },
]
