'use client'

import { Button } from '@payloadcms/ui'
import React, { useState } from 'react'

import type { Campaign, Contact, Organizer, SubProject } from '../../payload-types'

import { muted, row } from './shared'

export const Participants: React.FC<{
  campaign: Campaign
  units: Organizer[]
  isBusy: boolean
  progressHref: string
  onSave: (participants: number[]) => void
}> = ({ campaign, units, isBusy, progressHref, onSave }) => {
  const [chosen, setChosen] = useState<number[]>(
    (campaign.participants ?? []).map((each) => (typeof each === 'object' ? each.id : each)),
  )
  return (
    <>
      <p style={muted}>选择参与单位（主办单位及其下级单位无需选择）。任务表在“报送进度”中导入。</p>
      <div
        data-testid="setup-participants"
        style={{ maxHeight: 260, overflow: 'auto', marginBottom: '0.6rem' }}
      >
        {units.map((unit) => (
          <label key={unit.id} style={{ display: 'block' }}>
            <input
              type="checkbox"
              checked={chosen.includes(unit.id)}
              onChange={(e) =>
                setChosen((c) =>
                  e.target.checked ? [...c, unit.id] : c.filter((id) => id !== unit.id),
                )
              }
            />{' '}
            {unit.name}
          </label>
        ))}
      </div>
      <div style={row}>
        <Button size="small" margin={false} disabled={isBusy} onClick={() => onSave(chosen)}>
          保存并下一步
        </Button>
        <a href={progressHref}>导入任务表（报送进度）</a>
      </div>
    </>
  )
}

export const Contacts: React.FC<{
  calls: SubProject[]
  contacts: Contact[]
  units: Organizer[]
  isBusy: boolean
  onSave: (call: number, contacts: number[]) => void
  onNext: () => void
}> = ({ calls, contacts, units, isBusy, onSave, onNext }) => {
  const unitName = (contact: Contact) => {
    const id = typeof contact.organizer === 'object' ? contact.organizer?.id : contact.organizer
    return units.find((unit) => unit.id === id)?.name ?? ''
  }
  return (
    <>
      <p style={muted}>为每个子项目选择联系人；工作组成员（组长、联络员等）在“联系人”中标注。</p>
      {calls.map((call) => {
        const chosen = (call.contacts ?? []).map((each) =>
          typeof each === 'object' ? each.id : each,
        )
        return (
          <div
            key={call.id}
            style={{ marginBottom: '0.75rem' }}
            data-testid={`setup-contacts-${call.id}`}
          >
            <strong>{call.name}</strong>
            {contacts.map((contact) => (
              <label key={contact.id} style={{ display: 'block' }}>
                <input
                  type="checkbox"
                  disabled={isBusy}
                  checked={chosen.includes(contact.id)}
                  onChange={(e) =>
                    onSave(
                      call.id,
                      e.target.checked
                        ? [...chosen, contact.id]
                        : chosen.filter((id) => id !== contact.id),
                    )
                  }
                />{' '}
                {contact.name}（{unitName(contact)}）
              </label>
            ))}
          </div>
        )
      })}
      {contacts.length === 0 ? <p style={muted}>还没有联系人 / no contacts yet</p> : null}
      <Button size="small" margin={false} disabled={isBusy} onClick={onNext}>
        下一步
      </Button>
    </>
  )
}
