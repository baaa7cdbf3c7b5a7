import type { Payload } from 'payload'

/**
 * Next.js bundles its own copy of this module, so a module-level variable would not be seen
 * by the Express server in the same process. A registry symbol is shared by both.
 */
const key = Symbol.for('wangju-cms.payload')

type WithHandle = typeof globalThis & { [key]?: Payload }

/** Called once Payload has finished booting (migrations applied, first admin present). */
export const publishPayload = (payload: Payload): void => {
  ;(globalThis as WithHandle)[key] = payload
}

/** The booted Payload instance of this process, if any. */
export const currentPayload = (): Payload | undefined => (globalThis as WithHandle)[key]

/** Resolves once Payload has booted in this process (or rejects after `timeoutMs`). */
export const waitForPayload = async (timeoutMs: number): Promise<Payload> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const payload = currentPayload()
    if (payload) {
      return payload
    }
    if (Date.now() > deadline) {
      throw new Error(`Payload did not boot within ${timeoutMs} ms`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
