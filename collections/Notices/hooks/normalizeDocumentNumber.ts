import type { CollectionBeforeValidateHook, PayloadRequest } from 'payload'

import { ValidationError } from 'payload'

import type { Notice } from '../../../src/payload-types'

import { parseDocumentNumber } from '../../../src/domain/documentNumber'

/**
 * Writes the 文号 in its standard form and fills issuer code, year and serial from it, so
 * `[2019]` and `〔2019〕` can never be two different notices. A number already taken is refused
 * with the notice that holds it, a malformed one with the expected form — drafts included.
 */
export const normalizeDocumentNumber: CollectionBeforeValidateHook<Notice> = async ({
  data,
  originalDoc,
  req,
}) => {
  if (!data || data.documentNumber === undefined) {
    return data
  }
  if (!data.documentNumber) {
    return {
      ...data,
      documentNumber: null,
      issuerCode: null,
      documentYear: null,
      documentSerial: null,
    }
  }
  const result = parseDocumentNumber(data.documentNumber)
  if (!result.ok) {
    // Here rather than only in the field's `validate`, which Payload skips for drafts: a draft
    // with an unreadable 文号 would be saved without issuer code, year and serial.
    throw new ValidationError({
      collection: 'notices',
      errors: [{ path: 'documentNumber', message: result.error }],
    })
  }
  const { normalized, issuerCode, year, serial } = result.value
  const taken = await documentNumberTaken({ normalized, exceptId: originalDoc?.id, req })
  if (taken) {
    throw new ValidationError({
      collection: 'notices',
      errors: [{ path: 'documentNumber', message: taken }],
    })
  }
  return {
    ...data,
    documentNumber: normalized,
    issuerCode,
    documentYear: year,
    documentSerial: serial,
  }
}

/**
 * Why `normalized` cannot be this notice's 文号 (another notice, draft or published, holds it),
 * or null. Also the field's validation, so the admin marks the field while the number is typed.
 */
export const documentNumberTaken = async ({
  normalized,
  exceptId,
  req,
}: {
  normalized: string
  /** The notice being edited, which may keep its own number. */
  exceptId?: number | string
  req: PayloadRequest
}): Promise<string | null> => {
  const { docs } = await req.payload.find({
    collection: 'notices',
    where: {
      and: [
        { documentNumber: { equals: normalized } },
        ...(exceptId ? [{ id: { not_equals: exceptId } }] : []),
      ],
    },
    draft: true,
    limit: 1,
    depth: 0,
    req,
  })
  const holder = docs[0]
  if (!holder) {
    return null
  }
  // The holder is named as the writer may read it (its published title, not a newer draft's), and
  // not at all when the writer may not read it: another province's draft stays unnamed.
  const { docs: readable } = await req.payload.find({
    collection: 'notices',
    where: { id: { equals: holder.id } },
    draft: false,
    overrideAccess: false,
    user: req.user,
    limit: 1,
    depth: 0,
    select: { title: true },
    req,
  })
  const title = readable[0]?.title
  return title
    ? `文号 ${normalized} 已被通知“${title}”使用 / ${normalized} is already the number of "${title}"`
    : `文号 ${normalized} 已被另一份通知使用 / ${normalized} is already the number of another notice`
}
