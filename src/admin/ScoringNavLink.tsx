import type { ServerProps } from 'payload'

import React from 'react'

/** 评审打分 in the admin's navigation, for judges: their page is not a collection. */
export const ScoringNavLink = ({ user, payload }: ServerProps) => {
  if ((user as { role?: string } | undefined)?.role !== 'judge') {
    return null
  }
  return (
    <a
      href={`${payload.config.routes.admin}/scoring`}
      className="nav__link"
      data-testid="nav-scoring"
      style={{ fontWeight: 600 }}
    >
      评审打分
    </a>
  )
}
