import type { CollectionBeforeValidateHook } from 'payload'

import { ValidationError } from 'payload'

import type { Notice } from '../../../src/payload-types'

import { parseDocumentNumber } from '../../../src/domain/documentNumber'

/**
 * Writes the 文号 in its standard form and fills issuer code, year and serial from it, so
 * `[2019]` and `〔2019〕` can never be two different notices. A number already taken is refused
 * with the notice that holds it, a malformed one with the expected form — drafts included.
 */
export const normalizeDocumentNumber: CollectionBeforeValidateHook<Notice> = async ({ data, originalDoc, req }) => {
  if (!data || data.documentNumber === undefined) {
    return data
  }
  if (!data.documentNumber) {
    return { ...data, documentNumber: null, issuerCode: null, documentYear: null, documentSerial: null }
  }
  const result = parseDocumentNumber(data.documentNumber)
  if (!result.ok) {
    // Here rather than only in the field's `validate`, which Payload skips for drafts: a draft
    // with an unreadable 文号 would be saved without issuer code, year and serial.
    throw new ValidationError({ collection: 'notices', errors: [{ path: 'documentNumber', message: result.error }] })
  }
  const { normalized, issuerCode, year, serial } = result.value
  const { docs } = await req.payload.find({
    collection: 'notices',
    where: {
      and: [
        { documentNumber: { equals: normalized } },
        ...(originalDoc?.id ? [{ id: { not_equals: originalDoc.id } }] : []),
      ],
    },
    draft: true,
    limit: 1,
    depth: 0,
    req,
  })
  if (docs[0]) {
    throw new ValidationError({
      collection: 'notices',
      errors: [
        {
          path: 'documentNumber',
          message: `文号 ${normalized} 已被通知“${docs[0].title}”使用 / ${normalized} is already the number of "${docs[0].title}"`,
        },
      ],
    })
  }
  return { ...data, documentNumber: normalized, issuerCode, documentYear: year, documentSerial: serial }
}
