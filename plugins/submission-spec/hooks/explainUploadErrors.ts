import type { CollectionAfterErrorHook } from 'payload'

/**
 * Payload's own upload route answers a form it cannot parse with `500 Something went wrong`
 * (busboy throws before any of our code runs). Those are the client's mistakes: a `400` (or
 * `413`) saying what is wrong, Chinese then English. Nothing was written when they happen.
 */
export const explainUploadErrors: CollectionAfterErrorHook = ({ error, req }) => {
  const message = (error as Error | undefined)?.message ?? ''
  const contentType = req.headers?.get?.('content-type') ?? ''
  // Payload turns a multipart type without `boundary=` away as "not eligible for file upload".
  const isMissingBoundary = /^multipart\//i.test(contentType) && !/boundary=/i.test(contentType)
  const refusal = formErrorMessage(
    isMissingBoundary && /not eligible for file upload/i.test(message)
      ? 'Boundary not found'
      : message,
  )
  return refusal
    ? { status: refusal.status, response: { errors: [{ message: refusal.message }] } }
    : undefined
}

/** The status and bilingual message for an error of multipart parsing, or null for any other error. */
export const formErrorMessage = (message: string): { status: number; message: string } | null => {
  if (/boundary not found/i.test(message)) {
    return {
      status: 400,
      message:
        '表单缺少 multipart 分隔符（boundary），无法读取 / the multipart form has no boundary and cannot be read',
    }
  }
  if (
    /unexpected end of (form|multipart data)|malformed part header|malformed urlencoded form|not eligible for file upload/i.test(
      message,
    )
  ) {
    return {
      status: 400,
      message:
        '表单不完整或格式有误，无法读取 / the form is incomplete or malformed and cannot be read',
    }
  }
  if (
    /multipart (request size )?limit has been reached|file size limit has been reached/i.test(
      message,
    )
  ) {
    return {
      status: 413,
      message: '上传的内容超过大小上限，已拒收 / the upload is larger than allowed and was refused',
    }
  }
  return null
}
