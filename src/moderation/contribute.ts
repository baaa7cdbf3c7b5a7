import type { PayloadRequest } from 'payload'

import { fileTypeFromFile } from 'file-type'
import fs from 'node:fs/promises'

import type { ReceivedFile } from '../../plugins/submission-spec/utilities/multipart'

import { receiveForm } from '../../plugins/submission-spec/utilities/multipart'
import { badRequest, Refusal } from '../lib/refusal'
import { uploadMaxMB } from '../lib/uploadLimit'
import {
  checkLimits,
  contactOf,
  maxContributionLength,
  originOf,
  plainText,
  receivedMessage,
  screenTexts,
} from './receive'
import { windowColumn } from './windowColumn'

/** A contribution's pictures: at most nine (a WeChat post's grid), each a JPEG, PNG or WebP. */
export const maxPictures = 9
const pictureTypes = new Set(['image/jpeg', 'image/png', 'image/webp'])
const maxPictureBytes = () => Math.min(20, uploadMaxMB()) * 1024 * 1024
const maxTitle = 60

/**
 * `POST /api/interactions/contribute` (multipart: `column`, `title`, `body`, `authorName`,
 * `contact`, `device` first, then up to nine `images`): 原创图文 from a netizen. Every check is
 * made before anything is stored; the pictures then go through the media pipeline (type from the
 * bytes, location metadata stripped, the original kept for staff) and the contribution is saved;
 * if any of that fails, the pictures already stored are deleted.
 */
export const receiveContribution = async (
  req: PayloadRequest,
): Promise<{ id: number; state: 'pending' | 'approved'; message: string }> => {
  const { fields, files } = await receiveForm({
    request: req as unknown as Request,
    limitFor: maxPictureBytes,
    maxFiles: maxPictures + 1,
  })
  try {
    const column = await windowColumn(req.payload, fields.column)
    if (!column.open || !column.contributions) {
      throw new Refusal('该专栏未开放投稿 / this column does not take contributions', 403)
    }
    if (files.length > maxPictures) {
      throw badRequest(`图片最多 ${maxPictures} 张 / at most ${maxPictures} pictures`)
    }
    const title = plainText(fields.title, 'title', maxTitle)
    const body = plainText(fields.body, 'body', maxContributionLength)
    if (!body && files.length === 0) {
      throw badRequest('请填写内容或上传图片 / write something or add pictures')
    }
    const authorName = plainText(fields.authorName, 'authorName', 30)
    const contact = contactOf(fields.contact)
    await requirePictures(files)
    const origin = originOf(req.headers, fields)
    await checkLimits(req.payload, origin)
    const { screened, held, hitWords } = await screenTexts(req.payload, column.campaign, [
      { field: 'title', label: '标题', text: title },
      { field: 'body', label: '内容', text: body },
      { field: 'authorName', label: '署名', text: authorName },
    ])
    const state = held || column.moderation === 'pre' ? 'pending' : 'approved'
    const stored: number[] = []
    try {
      for (const file of files) {
        const media = await req.payload.create({
          collection: 'media',
          data: { alt: screened.title!.text ?? '网民原创图片' },
          file: {
            data: await fs.readFile(file.tempFilePath),
            mimetype: file.mimetype,
            name: file.name,
            size: file.size,
          },
          // The public may not upload; the window does it for them, after its own checks.
          overrideAccess: true,
          depth: 0,
        })
        stored.push(Number(media.id))
      }
      const doc = await req.payload.create({
        collection: 'interactions',
        data: {
          kind: 'contribution',
          state,
          column: column.id,
          campaign: column.campaign ?? null,
          unit: column.unit ?? null,
          title: screened.title!.text,
          body: screened.body!.text,
          original:
            screened.title!.original || screened.body!.original
              ? [title, body].filter(Boolean).join('\n\n')
              : null,
          images: stored,
          authorName: screened.authorName!.text,
          contact,
          hitWords,
          origin,
        },
        overrideAccess: true,
        depth: 0,
      })
      return { id: Number(doc.id), state, message: receivedMessage(state) }
    } catch (err) {
      // Deleted through Payload, so the stored copy, the kept original and renditions go too.
      for (const id of stored) {
        await req.payload
          .delete({ collection: 'media', id, overrideAccess: true })
          .catch(() => undefined)
      }
      throw err
    }
  } finally {
    await Promise.all(files.map((file) => fs.rm(file.tempFilePath, { force: true })))
  }
}

/** Pictures only, told by their bytes, not their names. */
const requirePictures = async (files: ReceivedFile[]) => {
  for (const [index, file] of files.entries()) {
    const type = await fileTypeFromFile(file.tempFilePath)
    if (!type || !pictureTypes.has(type.mime)) {
      throw badRequest(
        `第 ${index + 1} 张图片（${file.name}）不是 JPG、PNG 或 WebP 图片 / picture ${index + 1} (${file.name}) is not a JPEG, PNG or WebP image`,
      )
    }
    file.mimetype = type.mime
  }
}
