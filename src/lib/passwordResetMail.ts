import type { PayloadRequest } from 'payload'

import { formatAdminURL } from 'payload/shared'

import { publicBaseUrl } from './publicUrl'

/**
 * The body of the forgot-password mail: Payload's own wording, with an absolute link to the
 * admin's reset page. Payload builds the link on SERVER_URL or, without it, on the request's
 * host only when CORS/CSRF_ORIGINS list it — otherwise the link was relative, a dead link in any
 * mail client. Here it is built on `publicBaseUrl` (SERVER_URL, else the address the server
 * listens on), never on the `Host` the requester sent, so nobody can have a reset mail point
 * at a host of their choosing.
 */
export const resetPasswordEmailHTML = ({
  req,
  token,
}: { req?: PayloadRequest; token?: string } = {}): string => {
  if (!req || !token) {
    throw new Error('the forgot-password mail needs the request and the token')
  }
  const { config } = req.payload
  const link = formatAdminURL({
    adminRoute: config.routes.admin,
    path: `${config.admin.routes.reset}/${token}` as `/${string}`,
    serverURL: publicBaseUrl(),
  })
  return `${req.t('authentication:youAreReceivingResetPassword')}
    <a href="${link}">${link}</a>
    ${req.t('authentication:youDidNotRequestPassword')}`
}
