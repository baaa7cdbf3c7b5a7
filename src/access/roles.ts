import type { Access } from 'payload'

/** The national office: everything. */
export const isAdmin: Access = ({ req }) => (req.user as { role?: string } | null)?.role === 'admin'
