'use client'

import React from 'react'

/** What the set-up wizard's steps share: styles, the labelled field, and days as inputs hold them. */

export type Option = { value: string; label: string }

export const page: React.CSSProperties = { padding: '1.5rem 2rem', maxWidth: 960 }
export const card: React.CSSProperties = {
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 4,
  padding: '1rem',
  marginBottom: '1rem',
}
export const input: React.CSSProperties = {
  width: '100%',
  padding: '0.4rem 0.5rem',
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 3,
  background: 'var(--theme-input-bg)',
  color: 'var(--theme-text)',
  marginBottom: '0.6rem',
}
export const muted: React.CSSProperties = { color: 'var(--theme-elevation-500)', fontSize: 13 }
export const row: React.CSSProperties = { display: 'flex', gap: '0.75rem', flexWrap: 'wrap' }

export const dayOf = (iso: string | null | undefined) =>
  iso ? new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(iso)) : ''

/** A date input's day as the admin's own day picker stores it: noon UTC, the same day everywhere in China. */
export const storedDay = (day: string) => (day ? `${day}T12:00:00.000Z` : null)

export const Field: React.FC<{ label: string; id: string; children: React.ReactNode }> = ({
  label,
  id,
  children,
}) => (
  <div style={{ flex: '1 1 200px' }}>
    <label style={muted} htmlFor={id}>
      {label}
    </label>
    {children}
  </div>
)
