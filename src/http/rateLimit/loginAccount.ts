/** Stands for every body we could not read: they all share one bucket, so an odd encoding buys nothing. */
export const unreadableBody = Symbol('unreadableBody')

/**
 * The accounts a login, forgot-password or reset-password body names: the `email`, lower-cased
 * and trimmed as Payload compares it. Payload reads JSON bodies and multipart bodies whose
 * `_payload` field holds the JSON (the admin's own login form sends those); every `_payload` is
 * looked at, so a body cannot show us one e-mail and Payload another. No e-mail (a reset-password
 * body has a token instead) gives none; a body that claims to be JSON or multipart but does not
 * parse, or multipart without `_payload`, gives `unreadableBody`.
 */
export const loginAccounts = async ({
  body,
  contentType,
}: {
  body: Buffer
  contentType: string | undefined
}): Promise<(string | typeof unreadableBody)[]> => {
  const mediaType = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase()
  try {
    if (mediaType === 'application/json') {
      const text = new TextDecoder().decode(body)
      return text ? emailsOf([JSON.parse(text)]) : []
    }
    if (mediaType.startsWith('multipart/')) {
      const form = await new Response(new Uint8Array(body), {
        headers: { 'content-type': contentType! },
      }).formData()
      const payloads = form.getAll('_payload').map((value) => JSON.parse(String(value)) as unknown)
      // Payload takes nothing else from a multipart body: if we see no `_payload`, our parser and
      // Payload's may disagree about the body, and the account must not escape through that.
      return payloads.length > 0 ? emailsOf(payloads) : [unreadableBody]
    }
    return []
  } catch {
    return [unreadableBody]
  }
}

const emailsOf = (documents: unknown[]): string[] => [
  ...new Set(
    documents
      .map((data) =>
        data && typeof data === 'object' ? (data as { email?: unknown }).email : undefined,
      )
      .filter((email): email is string => typeof email === 'string' && email.trim() !== '')
      .map((email) => email.trim().toLowerCase()),
  ),
]
