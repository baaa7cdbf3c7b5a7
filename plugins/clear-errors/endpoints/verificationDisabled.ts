import type { Endpoint } from 'payload'

import { headersWithCors } from 'payload'

/**
 * Payload routes `POST /api/<auth collection>/verify/:token` even where e-mail verification is
 * off; the operation then looks for a `_verificationToken` column that does not exist and answers
 * 500. Matched before Payload's own endpoint, this says what is going on instead.
 */
export const verificationDisabledEndpoint: Endpoint = {
  path: '/verify/:token',
  method: 'post',
  handler: (req) =>
    Response.json(
      {
        errors: [
          {
            message:
              '此类账号未启用邮箱验证，无需验证 / e-mail verification is not enabled for these accounts',
          },
        ],
      },
      { status: 404, headers: headersWithCors({ headers: new Headers(), req }) },
    ),
}
