import type { CollectionBeforeChangeHook } from 'payload'

import { ValidationError } from 'payload'

import type { ResolvedOptions } from '../types'

import { campaignSettings } from '../utilities/campaignSettings'
import { applyLabel, hasLabel, isLabelInWording } from '../../shared/label'

/** Whether the document is (or is becoming) public: its status field or its draft status says so. */
export type IsPublished = (doc: Record<string, unknown>) => boolean

const merged = (
  data: Record<string, unknown>,
  originalDoc: Record<string, unknown> | undefined,
) => ({ ...originalDoc, ...data })

/**
 * Rule 1, unified theme: nothing is published without a campaign. With no campaign there is no
 * campaign setting to follow, so the plugin's `unassignedThemeRule` decides.
 */
export const requireCampaignToPublish =
  ({
    options,
    collection,
    isPublished,
  }: {
    options: ResolvedOptions
    collection: string
    isPublished: IsPublished
  }): CollectionBeforeChangeHook =>
  ({ data, originalDoc }) => {
    const doc = merged(data, originalDoc)
    if (
      !isPublished(doc) ||
      doc.campaign ||
      options.unassignedThemeRule(collection) !== 'enforce'
    ) {
      return data
    }
    throw new ValidationError({
      collection,
      errors: [
        {
          path: 'campaign',
          message:
            '统一活动主题：须先选择所属主题活动才能发布 / unified theme: choose the campaign before publishing',
        },
      ],
    })
  }

/**
 * Rule 3, unified work label: a published title carries the campaign's label once, in the form
 * the campaign sets. It is re-applied on every save rather than refused when an edit strips it:
 * the label is the campaign's, not the editor's, and an editor fixing a typo should not meet an
 * error about a label they did not touch. A title that says the label inside its wording
 * (致敬中国梦·大国工匠篇的劳动者) keeps it; with `keepsLabelled`, any title that carries the
 * label keeps its wording (a column named after the campaign: 某省总工会网站·<the label>).
 */
export const applyLabelOnPublish =
  ({
    options,
    isPublished,
    keepsLabelled = false,
  }: {
    options: ResolvedOptions
    isPublished: IsPublished
    /** A title that carries the label anywhere is left as written. @default false */
    keepsLabelled?: boolean
  }): CollectionBeforeChangeHook =>
  async ({ data, originalDoc, req }) => {
    const doc = merged(data, originalDoc)
    if (!isPublished(doc) || typeof doc.title !== 'string') {
      return data
    }
    const settings = await campaignSettings({ req, options, campaign: doc.campaign })
    if (!settings?.label || settings.rules.label !== 'enforce') {
      return data
    }
    const isKept = keepsLabelled
      ? hasLabel(doc.title, settings.label)
      : isLabelInWording(doc.title, settings.label)
    if (isKept) {
      return data
    }
    return { ...data, title: applyLabel(doc.title, settings.label, settings.labelForm) }
  }
