import sharp from 'sharp'

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

/**
 * The campaign's label drawn into the lower right corner of a photo, on a translucent band, at a
 * size relative to the photo (so a phone snapshot and a 24-megapixel original look alike). The
 * photo is turned upright first (EXIF), and keeps its format: JPEG stays JPEG, PNG stays PNG.
 */
export const watermarkImage = async ({
  input,
  text,
}: {
  input: Buffer | string
  text: string
}): Promise<{ data: Buffer; mimeType: string; width: number; height: number }> => {
  const upright = sharp(input).rotate()
  const { data: base, info } = await upright.toBuffer({ resolveWithObject: true })
  const { width, height, format } = info
  // Characters of the label: CJK glyphs are about 1 em wide, Latin about 0.6.
  const ems = [...text].reduce((sum, ch) => sum + (/[\u2E80-\uFFEF]/.test(ch) ? 1 : 0.6), 0)
  const fontSize = Math.max(
    12,
    Math.min(Math.round(height * 0.045), Math.floor((width * 0.6) / Math.max(ems, 1))),
  )
  const padding = Math.round(fontSize * 0.5)
  const bandWidth = Math.min(width, Math.ceil(ems * fontSize + padding * 2))
  const bandHeight = Math.min(height, Math.ceil(fontSize * 1.5))
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${bandWidth}" height="${bandHeight}">` +
    `<rect width="100%" height="100%" rx="${Math.round(fontSize * 0.2)}" fill="rgb(0,0,0)" fill-opacity="0.45"/>` +
    `<text x="${padding}" y="${Math.round(bandHeight / 2)}" dominant-baseline="central" font-size="${fontSize}" fill="#ffffff" ` +
    `font-family="Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, WenQuanYi Micro Hei, sans-serif">${escapeXml(text)}</text></svg>`
  const margin = Math.round(Math.min(width, height) * 0.02)
  const composed = sharp(base).composite([
    {
      input: Buffer.from(svg),
      left: Math.max(0, width - bandWidth - margin),
      top: Math.max(0, height - bandHeight - margin),
    },
  ])
  const isPng = format === 'png'
  const data = await (
    isPng ? composed.png() : composed.jpeg({ quality: 90, mozjpeg: true })
  ).toBuffer()
  return { data, mimeType: isPng ? 'image/png' : 'image/jpeg', width, height }
}
