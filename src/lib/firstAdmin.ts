import type { Payload } from 'payload'

import { randomBytes } from 'node:crypto'

/**
 * On an empty database, creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD, or with a
 * generated password that is printed this once and never stored in clear.
 */
export const ensureFirstAdmin = async (payload: Payload): Promise<void> => {
  const { totalDocs } = await payload.count({ collection: 'users' })
  if (totalDocs > 0) {
    return
  }
  const email = process.env.ADMIN_EMAIL || 'admin@example.com'
  const isGenerated = !process.env.ADMIN_PASSWORD
  const password = process.env.ADMIN_PASSWORD || randomBytes(12).toString('base64url')
  await payload.create({
    collection: 'users',
    data: { email, password, name: '管理员', role: 'admin' },
  })
  if (isGenerated) {
    // Printed once: the only place this password ever appears.
    payload.logger.info(
      `\n\n  首个管理员已创建 / First admin created\n  邮箱 / email:    ${email}\n  密码 / password: ${password}\n  （仅显示这一次 / shown only this once）\n`,
    )
  } else {
    payload.logger.info({ msg: 'first admin created from ADMIN_EMAIL / ADMIN_PASSWORD', email })
  }
}
