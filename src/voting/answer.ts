/**
 * An answer of the public voting routes as plain data: the Express fast path (./fastPath.ts)
 * writes it as it is, Payload's endpoints wrap it in a Web `Response` (`toResponse`). A `Response`
 * and its body stream cost more than answering a count from memory does.
 */
export type Answer = {
  status: number
  /** Lower-case names. */
  headers: Record<string, string>
  /** `null`: no body (a 304). */
  body: string | null
}

/** What the voting routes read of a request's headers: a Web `Headers`, or the fast path's view of Node's. */
export type HeaderReader = { get: (name: string) => string | null }

/** JSON as `Response.json` answers it (`content-type: application/json`). */
export const jsonAnswer = (
  status: number,
  data: unknown,
  headers: Record<string, string> = {},
): Answer => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(data),
})

/** The answer as a Web `Response`, for Payload's endpoints. */
export const toResponse = (answer: Answer): Response =>
  new Response(answer.body, { status: answer.status, headers: answer.headers })
