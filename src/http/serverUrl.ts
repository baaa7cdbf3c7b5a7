import { log } from '../lib/log'

/** What a warning is logged with: pino's `log` or `payload.logger`. */
export type WarningLogger = {
  warn: (obj: object, msg?: string) => void
}

export const serverUrlUnsetMessage =
  'SERVER_URL is not set: set it to the public address of the site, e.g. https://cms.example.org (partner sites and links in e-mails need it)'

/** Reasons already warned about in this process: each is logged once, however many apps start. */
const warned = new Set<string>()

/**
 * Logs once per process and `consequence` that SERVER_URL is unset, saying what falls back
 * without it (the same message for every feature that needs the public address: cross-site
 * checks here, partner links elsewhere). Returns whether SERVER_URL is unset.
 */
export const warnIfServerUrlUnset = ({
  consequence,
  env = process.env,
  logger = log,
}: {
  /** What the server does without it, e.g. which check is weaker. */
  consequence: string
  /** @default process.env */
  env?: Record<string, string | undefined>
  /** @default the process logger */
  logger?: WarningLogger
}): boolean => {
  if (env.SERVER_URL?.trim()) {
    return false
  }
  if (!warned.has(consequence)) {
    warned.add(consequence)
    logger.warn({ msg: serverUrlUnsetMessage, consequence })
  }
  return true
}

/** What partners and mail readers get without SERVER_URL: links on `base`, the address the server listens on. */
export const partnerLinksConsequence = (base: string): string =>
  `links given to partner sites (pushed file links, feed links) and password-reset mails are built on ${base}, the address this server listens on; a partner elsewhere cannot follow them`
