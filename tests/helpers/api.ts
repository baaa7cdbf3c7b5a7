import { testAdmin } from './payload'

export type Api = {
  get: (path: string) => Promise<{ status: number; body: any }>
  post: (path: string, data: unknown) => Promise<{ status: number; body: any }>
  patch: (path: string, data: unknown) => Promise<{ status: number; body: any }>
  delete: (path: string) => Promise<{ status: number; body: any }>
  graphql: (
    query: string,
    variables?: Record<string, unknown>,
  ) => Promise<{ status: number; body: any }>
}

/** A small REST/GraphQL client for the app at `baseUrl`, logged in as `credentials` (the admin by default). */
export const apiClient = async (
  baseUrl: string,
  credentials: { email: string; password: string } | null = testAdmin,
  /** Headers sent with every request, e.g. a partner's API key. */
  extraHeaders: Record<string, string> = {},
): Promise<Api> => {
  let token: string | undefined
  if (credentials) {
    const res = await fetch(`${baseUrl}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
    })
    token = ((await res.json()) as { token?: string }).token
    if (!token) {
      throw new Error(`login as ${credentials.email} failed (${res.status})`)
    }
  }
  const headers = (): Record<string, string> => ({
    'content-type': 'application/json',
    ...extraHeaders,
    ...(token ? { Authorization: `JWT ${token}` } : {}),
  })
  const call = async (method: string, path: string, data?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: headers(),
      body: data === undefined ? undefined : JSON.stringify(data),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null }
  }
  return {
    get: (path) => call('GET', path),
    post: (path, data) => call('POST', path, data),
    patch: (path, data) => call('PATCH', path, data),
    delete: (path) => call('DELETE', path),
    graphql: (query, variables) => call('POST', '/api/graphql', { query, variables }),
  }
}
