import type { Payload } from 'payload'

/**
 * How a voter proves who it is before its vote counts (投票者验证). A verifier owns one kind of
 * address (an e-mail, a mobile number, a WeChat openid): how it is written canonically, so one
 * person is one voter, and how the one-time code reaches it. The voting endpoints do the rest
 * the same way for every verifier: the code is stored as a keyed hash with its expiry and
 * attempts, answered once, and exchanged for a voter token (`secrets.ts`) that the votes carry.
 *
 * - An SMS verifier: `kind: 'sms'`, `field: 'phone'`, `normalise` keeps the 11 digits of a
 *   mainland mobile number (`+86`, spaces and dashes dropped), `sendChallenge` calls the SMS
 *   gateway with its template (阿里云 / 腾讯云短信) and throws when the gateway refuses.
 * - WeChat login needs no code: the H5 page gets an OAuth `code` from WeChat, and a verify route
 *   exchanges it for the openid (sns/oauth2/access_token) and issues the same voter token for
 *   `voterHash({ kind: 'wechat', address: openid })`. The vote endpoint reads only the token, so
 *   nothing else changes. Neither is built yet.
 */
export type VoterVerifier = {
  /** Stored with every code and vote (`verifier`) and part of the voter's hash: never rename one in use. */
  kind: string
  /** The request body's key holding the address: `{ "email": … }`. */
  field: string
  /** The address's name in messages: `{ zh: '邮箱', en: 'e-mail address' }`. */
  label: { zh: string; en: string }
  /** The canonical address, or null when `raw` is not one this verifier can reach. */
  normalise: (raw: unknown) => string | null
  /**
   * Delivers `code` to `address` now (the voter is waiting); throws when it cannot. Never
   * stores or logs the code or the address.
   */
  sendChallenge: (args: {
    payload: Payload
    address: string
    code: string
    expiresInMinutes: number
    /** The work the voter is about to vote for, when the page named it. */
    entryTitle?: string
  }) => Promise<void>
}

/** Local part, `@`, a domain with a dot: bounded, with no nested quantifiers. */
const emailPattern = /^[^\s@]{1,64}@[^\s@.]{1,63}(?:\.[^\s@.]{1,63}){1,8}$/

/** Providers that ignore dots in the local part: `a.b@gmail.com` is `ab@gmail.com`. */
const dotlessDomains = new Set(['gmail.com', 'googlemail.com'])

/**
 * The address one mailbox is known by: lower case, without a `+tag` (most providers deliver
 * `wang+1@…`, `wang+2@…` to `wang@…`, which would otherwise be a voter each), Gmail's dots dropped.
 */
export const normaliseEmail = (raw: unknown): string | null => {
  if (typeof raw !== 'string') {
    return null
  }
  const text = raw.trim().toLowerCase()
  if (text.length > 254 || !emailPattern.test(text)) {
    return null
  }
  const at = text.lastIndexOf('@')
  let local = text.slice(0, at).split('+', 1)[0]!
  const domain = text.slice(at + 1)
  if (dotlessDomains.has(domain)) {
    local = local.replaceAll('.', '')
  }
  return local ? `${local}@${domain === 'googlemail.com' ? 'gmail.com' : domain}` : null
}

/** One-time codes by e-mail, through Payload's mail adapter (SMTP: @payloadcms/email-nodemailer). */
export const emailVerifier: VoterVerifier = {
  kind: 'email',
  field: 'email',
  label: { zh: '邮箱', en: 'e-mail address' },
  normalise: normaliseEmail,
  sendChallenge: async ({ payload, address, code, expiresInMinutes, entryTitle }) => {
    const forWork = entryTitle ? `，为作品《${entryTitle}》投票` : ''
    const forWorkEn = entryTitle ? ` for “${entryTitle}”` : ''
    await payload.sendEmail({
      to: address,
      subject: `网络投票验证码 ${code} / Your voting code`,
      text:
        `您的网络投票验证码是 ${code}，${expiresInMinutes} 分钟内有效${forWork}。` +
        `如非本人操作，请忽略本邮件。\n\n` +
        `Your voting code is ${code}, valid for ${expiresInMinutes} minutes${forWorkEn}. ` +
        `If you did not ask for it, ignore this mail.\n`,
    })
  },
}

/** The verifiers this app offers, by the body field that names their address. */
export const verifiers: VoterVerifier[] = [emailVerifier]

/** The verifier whose field the body carries, with the raw address; null when none does. */
export const verifierOf = (
  body: Record<string, unknown>,
): { verifier: VoterVerifier; raw: unknown } | null => {
  for (const verifier of verifiers) {
    if (body[verifier.field] !== undefined) {
      return { verifier, raw: body[verifier.field] }
    }
  }
  return null
}
