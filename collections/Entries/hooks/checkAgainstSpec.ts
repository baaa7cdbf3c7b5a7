import type { CollectionBeforeChangeHook } from 'payload'

import { ValidationError } from 'payload'

import type { Entry } from '../../../src/payload-types'

import { countCharacters } from '../../../src/domain/textLength'
import { relationId } from '../../../src/lib/relationId'

type Violation = { path: string; message: string }

/**
 * Checks the entry's text against its sub-project's 作品要求 (media checks join when files are
 * probed) and takes the campaign from the sub-project. Every violation is reported at once,
 * with the measured value and the limit.
 */
export const checkAgainstSpec: CollectionBeforeChangeHook<Entry> = async ({ data, originalDoc, req }) => {
  const subProjectId = relationId(data.subProject ?? originalDoc?.subProject)
  if (!subProjectId) {
    return data
  }
  const subProject = await req.payload.findByID({
    collection: 'sub-projects',
    id: subProjectId,
    depth: 0,
    draft: true,
    req,
  })
  data.campaign = relationId(subProject.campaign) ?? null

  const spec = subProject.spec ?? {}
  const violations: Violation[] = []
  const text = data.text !== undefined ? data.text : originalDoc?.text
  const length = countCharacters(text ?? '')
  // A draft may still be waiting for its text; anything past draft must meet the minimum.
  const isUnfinishedDraft = length === 0 && (data.status ?? originalDoc?.status ?? 'draft') === 'draft'
  if (typeof spec.minTextLength === 'number' && length < spec.minTextLength && !isUnfinishedDraft) {
    violations.push({
      path: 'text',
      message: `字数 ${length}，少于“${subProject.name}”要求的 ${spec.minTextLength} 字 / ${length} characters, fewer than the ${spec.minTextLength} required`,
    })
  }
  if (typeof spec.maxTextLength === 'number' && length > spec.maxTextLength) {
    violations.push({
      path: 'text',
      message: `字数 ${length}，超过“${subProject.name}”允许的 ${spec.maxTextLength} 字 / ${length} characters, more than the ${spec.maxTextLength} allowed`,
    })
  }
  const isAuthentic = data.isAuthentic ?? originalDoc?.isAuthentic
  if (spec.authenticityRequired && !isAuthentic && !isUnfinishedDraft) {
    violations.push({
      path: 'isAuthentic',
      message: `“${subProject.name}”要求声明作品为真人真事 / "${subProject.name}" requires declaring true people and events`,
    })
  }
  if (violations.length) {
    throw new ValidationError({ collection: 'entries', errors: violations })
  }
  return data
}
