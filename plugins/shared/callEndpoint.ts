'use client'

/** What an admin action answered: the server's message (Chinese first), and the body. */
export type ActionResult = { ok: boolean; message: string; body: Record<string, unknown> }

/**
 * POSTs to one of the plugin's admin endpoints with the admin's session cookie and turns the
 * answer into one message, the server's own (`errors[0].message` on failure).
 */
export const callEndpoint = async ({
  api,
  path,
  body,
}: {
  api: string
  path: string
  body?: unknown
}): Promise<ActionResult> => {
  try {
    const res = await fetch(`${api}${path}`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    })
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown> & {
      message?: string
      errors?: { message?: string }[]
    }
    const message = res.ok
      ? (json.message ?? '完成 / done')
      : (json.errors?.[0]?.message ?? `请求失败（${res.status}） / request failed (${res.status})`)
    return { ok: res.ok, message, body: json }
  } catch (err) {
    return { ok: false, message: `网络错误 / network error: ${(err as Error).message}`, body: {} }
  }
}
