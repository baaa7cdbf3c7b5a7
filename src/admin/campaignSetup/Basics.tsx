'use client'

import { Button } from '@payloadcms/ui'
import React, { useState } from 'react'

import type { Campaign, Organizer } from '../../payload-types'

import { Field, dayOf, input, row, storedDay } from './shared'

export const Basics: React.FC<{
  campaign: Campaign
  units: Organizer[]
  isBusy: boolean
  onSave: (data: Partial<Campaign>) => void
}> = ({ campaign, units, isBusy, onSave }) => {
  const [hosts, setHosts] = useState<string[]>(
    (campaign.hosts ?? []).map((each) => String(typeof each === 'object' ? each.id : each)),
  )
  const [name, setName] = useState(campaign.name)
  const [year, setYear] = useState(String(campaign.year))
  const [theme, setTheme] = useState(campaign.theme ?? '')
  const [label, setLabel] = useState(campaign.label ?? '')
  const [start, setStart] = useState(dayOf(campaign.period?.start))
  const [end, setEnd] = useState(dayOf(campaign.period?.end))
  const [problem, setProblem] = useState('')
  const save = () => {
    if (!name.trim() || !/^\d{4}$/.test(year) || !start || !end || hosts.length === 0) {
      setProblem(
        '请填写活动名称、年度、活动时间和主办单位 / name, year, period and hosts are required',
      )
      return
    }
    if (end < start) {
      setProblem('结束日期早于开始日期 / the end is before the start')
      return
    }
    setProblem('')
    onSave({
      name,
      year: Number(year),
      theme,
      label,
      period: { start: storedDay(start), end: storedDay(end) },
      hosts: hosts.map(Number),
    })
  }
  return (
    <>
      <Field label="活动名称" id="setup-name">
        <input
          id="setup-name"
          style={input}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <div style={row}>
        <Field label="年度" id="setup-year">
          <input
            id="setup-year"
            style={input}
            value={year}
            onChange={(e) => setYear(e.target.value)}
          />
        </Field>
        <Field label="作品标识" id="setup-label">
          <input
            id="setup-label"
            style={input}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
          />
        </Field>
      </div>
      <Field label="主题" id="setup-theme">
        <textarea
          id="setup-theme"
          style={{ ...input, minHeight: 60 }}
          value={theme}
          onChange={(e) => setTheme(e.target.value)}
        />
      </Field>
      <div style={row}>
        <Field label="开始日期" id="setup-start">
          <input
            id="setup-start"
            type="date"
            style={input}
            value={start}
            onChange={(e) => setStart(e.target.value)}
          />
        </Field>
        <Field label="结束日期" id="setup-end">
          <input
            id="setup-end"
            type="date"
            style={input}
            value={end}
            onChange={(e) => setEnd(e.target.value)}
          />
        </Field>
      </div>
      <Field label="主办单位（可多选；活动组织者只能以本单位主办）" id="setup-hosts">
        <select
          id="setup-hosts"
          multiple
          style={{ ...input, minHeight: 120 }}
          value={hosts}
          onChange={(e) => setHosts(Array.from(e.target.selectedOptions, (option) => option.value))}
        >
          {units.map((unit) => (
            <option key={unit.id} value={String(unit.id)}>
              {unit.name}
            </option>
          ))}
        </select>
      </Field>
      {problem ? <p style={{ color: 'var(--theme-error-500)' }}>{problem}</p> : null}
      <Button size="small" margin={false} disabled={isBusy} onClick={save}>
        保存并下一步
      </Button>
    </>
  )
}
