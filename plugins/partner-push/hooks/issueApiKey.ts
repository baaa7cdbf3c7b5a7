import type { CollectionAfterOperationHook, CollectionBeforeOperationHook } from 'payload'

import { generateApiKey } from '../utilities/apiKey'

/** Where the key made for this request waits until the response is built. */
const issuedKey = 'partnerPushIssuedApiKey'

/**
 * `beforeOperation` of partner accounts: an account created with `enableAPIKey: true` and no
 * `apiKey` gets a generated key. Payload's admin sends a key it generated itself; over REST the
 * account was saved without one (`hasAPIKey: false`) and its key was refused. Runs before
 * Payload derives the key's index, so the key works at once.
 */
export const generateKeyOnCreate: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  const data = (args as { data?: Record<string, unknown> }).data
  if (
    operation !== 'create' ||
    data?.enableAPIKey !== true ||
    (typeof data.apiKey === 'string' && data.apiKey)
  ) {
    return args
  }
  const apiKey = generateApiKey()
  req.context[issuedKey] = apiKey
  return { ...args, data: { ...data, apiKey } }
}

/**
 * `afterOperation` of partner accounts: the create response carries the generated key once, as
 * `apiKey` (it is never readable again: Payload keeps it encrypted and hides it).
 */
export const returnIssuedKey: CollectionAfterOperationHook = ({ operation, req, result }) => {
  const apiKey = req.context[issuedKey]
  if (operation !== 'create' || typeof apiKey !== 'string') {
    return result
  }
  delete req.context[issuedKey]
  return { ...(result as object), apiKey } as typeof result
}
