'use client'

import { Button } from '@payloadcms/ui'
import React, { useState } from 'react'

import type { Campaign, Column, PartnerSite } from '../../payload-types'

import type { Option } from './shared'

import { Field, input, muted, row } from './shared'

export const Columns: React.FC<{
  campaign: Campaign
  columns: Column[]
  sites: PartnerSite[]
  channels: Option[]
  isBusy: boolean
  onAdd: (column: {
    title: string
    partnerSite: number
    channel: string
    url?: string
    hasInteractionWindow: boolean
  }) => Promise<boolean>
  onNext: () => void
}> = ({ campaign, columns, sites, channels, isBusy, onAdd, onNext }) => {
  const [site, setSite] = useState('')
  const [channel, setChannel] = useState(channels[0]?.value ?? 'pc')
  const [url, setUrl] = useState('')
  const [hasWindow, setHasWindow] = useState(true)
  const [problem, setProblem] = useState('')
  const siteName = (id: number | PartnerSite) =>
    typeof id === 'object' ? id.name : (sites.find((s) => s.id === id)?.name ?? String(id))
  const add = async () => {
    const chosen = sites.find((each) => String(each.id) === site)
    if (!chosen) {
      setProblem('请选择合作网站 / choose a partner site')
      return
    }
    setProblem('')
    if (
      await onAdd({
        title: `${chosen.name}·${campaign.name}`,
        partnerSite: chosen.id,
        channel,
        url: url || undefined,
        hasInteractionWindow: hasWindow,
      })
    ) {
      setSite('')
      setUrl('')
    }
  }
  return (
    <>
      <ul data-testid="setup-columns">
        {columns.map((column) => (
          <li key={column.id}>
            {column.partnerSite ? siteName(column.partnerSite) : '本单位'} ·{' '}
            {channels.find((c) => c.value === column.channel)?.label ?? column.channel}：
            {column.title}
            {column.hasInteractionWindow ? '（设互动窗口）' : ''}
          </li>
        ))}
        {columns.length === 0 ? <li style={muted}>还没有专栏 / no column yet</li> : null}
      </ul>
      <div style={row}>
        <Field label="合作网站" id="setup-column-site">
          <select
            id="setup-column-site"
            style={input}
            value={site}
            onChange={(e) => setSite(e.target.value)}
          >
            <option value="">请选择</option>
            {sites.map((each) => (
              <option key={each.id} value={String(each.id)}>
                {each.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="渠道" id="setup-column-channel">
          <select
            id="setup-column-channel"
            style={input}
            value={channel}
            onChange={(e) => setChannel(e.target.value)}
          >
            {channels.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="专栏地址（可选）" id="setup-column-url">
          <input
            id="setup-column-url"
            style={input}
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </Field>
      </div>
      <label style={{ display: 'block', marginBottom: '0.6rem' }}>
        <input
          type="checkbox"
          checked={hasWindow}
          onChange={(e) => setHasWindow(e.target.checked)}
        />{' '}
        设互动窗口
      </label>
      {problem ? <p style={{ color: 'var(--theme-error-500)' }}>{problem}</p> : null}
      <div style={row}>
        <Button
          buttonStyle="secondary"
          size="small"
          margin={false}
          disabled={isBusy}
          onClick={() => void add()}
        >
          添加专栏
        </Button>
        <Button size="small" margin={false} disabled={isBusy} onClick={onNext}>
          下一步
        </Button>
      </div>
    </>
  )
}
