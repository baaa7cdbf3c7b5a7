'use client'

import { Button } from '@payloadcms/ui'
import React, { useState } from 'react'

import type { SubProject } from '../../payload-types'

import type { Option } from './shared'

import { Field, dayOf, input, muted, row, storedDay } from './shared'

type CallDraft = {
  name: string
  kind: string
  mediaKinds: string[]
  deadline: string
  description: string
}

export const Calls: React.FC<{
  calls: SubProject[]
  templates: SubProject[]
  kinds: Option[]
  mediaKinds: Option[]
  isBusy: boolean
  onAdd: (call: Record<string, unknown> & { name: string }) => Promise<boolean>
  onNext: () => void
}> = ({ calls, templates, kinds, mediaKinds, isBusy, onAdd, onNext }) => {
  const empty: CallDraft = {
    name: '',
    kind: kinds[0]?.value ?? 'other',
    mediaKinds: [],
    deadline: '',
    description: '',
  }
  const [draft, setDraft] = useState<CallDraft>(empty)
  const [template, setTemplate] = useState('')
  const [problem, setProblem] = useState('')
  const fromTemplate = (id: string) => {
    setTemplate(id)
    const chosen = templates.find((each) => String(each.id) === id)
    if (chosen) {
      setDraft({
        name: chosen.name,
        kind: chosen.kind,
        mediaKinds: (chosen.spec?.mediaKinds ?? []) as string[],
        deadline: '',
        description: chosen.description ?? '',
      })
    }
  }
  const add = async () => {
    if (!draft.name.trim() || draft.mediaKinds.length === 0 || !draft.deadline) {
      setProblem(
        '请填写子项目名称、作品类型和截止日期 / name, kinds of work and deadline are required',
      )
      return
    }
    setProblem('')
    const chosen = templates.find((each) => String(each.id) === template)
    // A template's whole 作品要求 comes along (formats, durations, declarations …), without its row ids.
    const spec = chosen?.spec
      ? (JSON.parse(
          JSON.stringify(chosen.spec, (key, value: unknown) => (key === 'id' ? undefined : value)),
        ) as Record<string, unknown>)
      : {}
    const isAdded = await onAdd({
      name: draft.name,
      kind: draft.kind,
      description: draft.description || undefined,
      deadline: storedDay(draft.deadline),
      spec: { ...spec, mediaKinds: draft.mediaKinds },
    })
    if (isAdded) {
      setDraft(empty)
      setTemplate('')
    }
  }
  return (
    <>
      <ul data-testid="setup-calls">
        {calls.map((call) => (
          <li key={call.id}>
            {call.name}（{kinds.find((k) => k.value === call.kind)?.label ?? call.kind}；
            {(call.spec?.mediaKinds ?? [])
              .map((k) => mediaKinds.find((m) => m.value === k)?.label ?? k)
              .join('、') || '未设作品类型'}
            ； 截止 {dayOf(call.deadline) || '—'}）{call._status === 'draft' ? '（草稿）' : ''}
          </li>
        ))}
        {calls.length === 0 ? <li style={muted}>还没有子项目 / no call yet</li> : null}
      </ul>
      <Field label="以往年子项目为模板（可选）" id="setup-template">
        <select
          id="setup-template"
          style={input}
          value={template}
          onChange={(e) => fromTemplate(e.target.value)}
        >
          <option value="">新建 / new</option>
          {templates.map((each) => (
            <option key={each.id} value={String(each.id)}>
              {each.name}（{typeof each.campaign === 'object' ? each.campaign.name : each.campaign}
              ）
            </option>
          ))}
        </select>
      </Field>
      <div style={row}>
        <Field label="子项目名称" id="setup-call-name">
          <input
            id="setup-call-name"
            style={input}
            value={draft.name}
            onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))}
          />
        </Field>
        <Field label="类别" id="setup-call-kind">
          <select
            id="setup-call-kind"
            style={input}
            value={draft.kind}
            onChange={(e) => setDraft((d) => ({ ...d, kind: e.target.value }))}
          >
            {kinds.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="截止日期" id="setup-call-deadline">
          <input
            id="setup-call-deadline"
            type="date"
            style={input}
            value={draft.deadline}
            onChange={(e) => setDraft((d) => ({ ...d, deadline: e.target.value }))}
          />
        </Field>
      </div>
      <div style={{ ...row, marginBottom: '0.6rem' }} role="group" aria-label="作品类型">
        <span style={muted}>作品类型：</span>
        {mediaKinds.map((k) => (
          <label key={k.value}>
            <input
              type="checkbox"
              checked={draft.mediaKinds.includes(k.value)}
              onChange={(e) =>
                setDraft((d) => ({
                  ...d,
                  mediaKinds: e.target.checked
                    ? [...d.mediaKinds, k.value]
                    : d.mediaKinds.filter((m) => m !== k.value),
                }))
              }
            />{' '}
            {k.label}
          </label>
        ))}
      </div>
      {problem ? <p style={{ color: 'var(--theme-error-500)' }}>{problem}</p> : null}
      <div style={row}>
        <Button
          buttonStyle="secondary"
          size="small"
          margin={false}
          disabled={isBusy}
          onClick={() => void add()}
        >
          添加子项目
        </Button>
        <Button size="small" margin={false} disabled={isBusy} onClick={onNext}>
          下一步
        </Button>
      </div>
    </>
  )
}
