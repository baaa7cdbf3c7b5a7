import type { PayloadRequest } from 'payload'

/**
 * One audit entry for a change an endpoint makes beyond a plain document write (an import of
 * many rows, a bulk decision), by the signed-in user, from the request's address.
 */
export const writeAudit = async (
  req: PayloadRequest,
  entry: {
    targetCollection: string
    targetId: string
    summary: string
    details: Record<string, unknown>
  },
): Promise<void> => {
  const user = req.user as { id: number; email?: string; collection?: string }
  const header = (name: string) => req.headers?.get?.(name) ?? null
  await req.payload.create({
    collection: 'audit-log',
    data: {
      action: 'field-change',
      actor: { relationTo: user.collection ?? 'users', value: user.id },
      actorLabel: user.email ?? String(user.id),
      ...entry,
      ip: header('x-real-ip') ?? header('x-forwarded-for')?.split(',')[0]?.trim() ?? null,
      userAgent: header('user-agent'),
    } as never,
    depth: 0,
    overrideAccess: true,
    req,
  })
}
