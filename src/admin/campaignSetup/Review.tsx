'use client'

import { Button } from '@payloadcms/ui'
import React from 'react'

import type { Readiness } from '../../campaigns/readiness'
import type { Campaign } from '../../payload-types'

import { muted } from './shared'

export const Review: React.FC<{
  readiness: Readiness | null
  status: Campaign['status']
  isBusy: boolean
  onOpen: () => void
}> = ({ readiness, status, isBusy, onOpen }) => (
  <>
    {readiness ? (
      <ul style={{ listStyle: 'none', paddingLeft: 0 }} data-testid="setup-readiness">
        {readiness.items.map((each) => (
          <li
            key={each.key}
            data-testid={`setup-readiness-${each.key}`}
            data-met={each.isMet || undefined}
          >
            {each.isMet ? '✓' : each.isRequired ? '✗' : '!'} {each.label.split(' / ')[0]}
            {each.isRequired ? '' : '（建议）'}
            {each.detail ? <span style={muted}> — {each.detail.split(' / ')[0]}</span> : null}
          </li>
        ))}
      </ul>
    ) : null}
    {status === 'draft' ? (
      <Button size="small" margin={false} disabled={isBusy} onClick={onOpen}>
        开始活动（进行中）
      </Button>
    ) : (
      <p data-testid="setup-open">活动状态：{status === 'active' ? '进行中' : status}</p>
    )}
  </>
)
