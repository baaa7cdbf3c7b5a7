/**
 * Next.js calls `register` once when the server starts. Booting Payload here (instead of on the
 * first request) applies migrations, creates the first admin and starts the job runner before
 * the server reports ready.
 */
export const register = async (): Promise<void> => {
  if (process.env.NEXT_RUNTIME !== 'nodejs') {
    return
  }
  const [{ getPayload }, { default: config }] = await Promise.all([
    import('payload'),
    import('./payload.config'),
  ])
  await getPayload({ config, cron: true })
}
