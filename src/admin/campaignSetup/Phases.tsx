'use client'

import { Button } from '@payloadcms/ui'
import React, { useState } from 'react'

import type { Campaign, SubProject } from '../../payload-types'

import { Field, dayOf, input, muted, row, storedDay } from './shared'

type PhaseDraft = { name: string; start: string; end: string; deadline: string; due: string }

export const Phases: React.FC<{
  campaign: Campaign
  calls: SubProject[]
  isBusy: boolean
  onSave: (phases: NonNullable<Campaign['phases']>, next: boolean) => void
}> = ({ campaign, isBusy, onSave }) => {
  const stored = campaign.phases ?? []
  const [draft, setDraft] = useState<PhaseDraft>({
    name: '',
    start: '',
    end: '',
    deadline: '',
    due: '',
  })
  const [problem, setProblem] = useState('')
  const set = (key: keyof PhaseDraft) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }))
  const add = () => {
    if (!draft.name.trim()) {
      setProblem('请填写阶段名称 / the phase needs a name')
      return
    }
    if ((draft.deadline && !draft.due.trim()) || (!draft.deadline && draft.due.trim())) {
      setProblem('截止事项须同时填写日期和内容 / a deadline needs both its date and what is due')
      return
    }
    setProblem('')
    onSave(
      [
        ...stored,
        {
          name: draft.name,
          start: storedDay(draft.start),
          end: storedDay(draft.end),
          deadlines: draft.deadline ? [{ date: storedDay(draft.deadline)!, due: draft.due }] : [],
        },
      ],
      false,
    )
    setDraft({ name: '', start: '', end: '', deadline: '', due: '' })
  }
  return (
    <>
      <ul data-testid="setup-phases">
        {stored.map((phase) => (
          <li key={phase.id ?? phase.name}>
            {phase.name}：{dayOf(phase.start) || '…'} 至 {dayOf(phase.end) || '…'}
            {(phase.deadlines ?? []).map((deadline) => (
              <span key={deadline.id ?? deadline.due} style={muted}>
                {' '}
                · {dayOf(deadline.date)} 前{deadline.due}
              </span>
            ))}
          </li>
        ))}
        {stored.length === 0 ? <li style={muted}>还没有阶段 / no phase yet</li> : null}
      </ul>
      <div style={row}>
        <Field label="阶段名称" id="setup-phase-name">
          <input id="setup-phase-name" style={input} value={draft.name} onChange={set('name')} />
        </Field>
        <Field label="开始" id="setup-phase-start">
          <input
            id="setup-phase-start"
            type="date"
            style={input}
            value={draft.start}
            onChange={set('start')}
          />
        </Field>
        <Field label="结束" id="setup-phase-end">
          <input
            id="setup-phase-end"
            type="date"
            style={input}
            value={draft.end}
            onChange={set('end')}
          />
        </Field>
      </div>
      <div style={row}>
        <Field label="截止日期（可选）" id="setup-phase-deadline">
          <input
            id="setup-phase-deadline"
            type="date"
            style={input}
            value={draft.deadline}
            onChange={set('deadline')}
          />
        </Field>
        <Field label="报送内容" id="setup-phase-due">
          <input id="setup-phase-due" style={input} value={draft.due} onChange={set('due')} />
        </Field>
      </div>
      {problem ? <p style={{ color: 'var(--theme-error-500)' }}>{problem}</p> : null}
      <div style={row}>
        <Button buttonStyle="secondary" size="small" margin={false} disabled={isBusy} onClick={add}>
          添加阶段
        </Button>
        <Button size="small" margin={false} disabled={isBusy} onClick={() => onSave(stored, true)}>
          下一步
        </Button>
      </div>
    </>
  )
}
