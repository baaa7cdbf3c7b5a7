/** What a photo's EXIF says that matters for screening and publishing. */
export type ExifSummary = {
  /** EXIF orientation, 1–8; 6 and 8 mean the camera was turned a quarter. */
  orientation?: number
  /** The photo records where it was taken: to strip before publishing an author's home. */
  hasGps?: boolean
  /** Camera maker, e.g. `HUAWEI`: a hint, with `model`, for the originality check. */
  make?: string
  model?: string
}

const tags = {
  make: 0x010f,
  model: 0x0110,
  orientation: 0x0112,
  gpsPointer: 0x8825,
  gpsLatitude: 0x0002,
  gpsLongitude: 0x0004,
}
const types = { ascii: 2, short: 3, long: 4 }
const entrySize = 12
// A hostile file could declare an IFD of 65 535 entries; real IFD0s have a few dozen.
const maxEntries = 512

/**
 * Reads IFD0 (make, model, orientation) and whether a GPS IFD holds a position, from EXIF as
 * sharp returns it (`Exif\0\0` then a TIFF header) or a bare TIFF header. Every offset is
 * bounds-checked: malformed EXIF gives an empty summary, never an exception.
 */
export const readExif = (exif: Uint8Array): ExifSummary => {
  const start = hasExifPrefix(exif) ? 6 : 0
  const tiff = new DataView(exif.buffer, exif.byteOffset + start, exif.byteLength - start)
  if (tiff.byteLength < 8) {
    return {}
  }
  const byteOrder = tiff.getUint16(0)
  if (byteOrder !== 0x4949 && byteOrder !== 0x4d4d) {
    return {}
  }
  const isLittleEndian = byteOrder === 0x4949
  if (tiff.getUint16(2, isLittleEndian) !== 42) {
    return {}
  }
  const ifd0 = readEntries({ tiff, offset: tiff.getUint32(4, isLittleEndian), isLittleEndian })
  const summary: ExifSummary = {}
  const orientation = ifd0.get(tags.orientation)
  if (orientation?.type === types.short) {
    summary.orientation = tiff.getUint16(orientation.valueOffset, isLittleEndian)
  }
  const make = ifd0.get(tags.make)
  const model = ifd0.get(tags.model)
  summary.make = make ? readAscii({ tiff, entry: make, isLittleEndian }) : undefined
  summary.model = model ? readAscii({ tiff, entry: model, isLittleEndian }) : undefined
  const gpsPointer = ifd0.get(tags.gpsPointer)
  if (gpsPointer?.type === types.long) {
    const gps = readEntries({
      tiff,
      offset: tiff.getUint32(gpsPointer.valueOffset, isLittleEndian),
      isLittleEndian,
    })
    // Phones with location off still write a GPS IFD holding only its version: no position, no risk.
    summary.hasGps = gps.has(tags.gpsLatitude) && gps.has(tags.gpsLongitude)
  } else {
    summary.hasGps = false
  }
  return Object.fromEntries(
    Object.entries(summary).filter(([, value]) => value !== undefined),
  ) as ExifSummary
}

type Entry = { type: number; count: number; valueOffset: number }

const hasExifPrefix = (bytes: Uint8Array): boolean =>
  bytes.length >= 6 &&
  String.fromCharCode(...bytes.subarray(0, 4)) === 'Exif' &&
  bytes[4] === 0 &&
  bytes[5] === 0

const readEntries = ({
  tiff,
  offset,
  isLittleEndian,
}: {
  tiff: DataView
  offset: number
  isLittleEndian: boolean
}) => {
  const entries = new Map<number, Entry>()
  if (offset < 8 || offset + 2 > tiff.byteLength) {
    return entries
  }
  const count = Math.min(tiff.getUint16(offset, isLittleEndian), maxEntries)
  for (let index = 0; index < count; index += 1) {
    const at = offset + 2 + index * entrySize
    if (at + entrySize > tiff.byteLength) {
      break
    }
    // The value's own 4 bytes sit at at + 8; values that do not fit there are read via `readAscii`.
    entries.set(tiff.getUint16(at, isLittleEndian), {
      type: tiff.getUint16(at + 2, isLittleEndian),
      count: tiff.getUint32(at + 4, isLittleEndian),
      valueOffset: at + 8,
    })
  }
  return entries
}

const readAscii = ({
  tiff,
  entry,
  isLittleEndian,
}: {
  tiff: DataView
  entry: Entry
  isLittleEndian: boolean
}) => {
  if (entry.type !== types.ascii || entry.count === 0 || entry.count > 256) {
    return undefined
  }
  const start =
    entry.count <= 4 ? entry.valueOffset : tiff.getUint32(entry.valueOffset, isLittleEndian)
  if (start + entry.count > tiff.byteLength) {
    return undefined
  }
  const bytes = new Uint8Array(tiff.buffer, tiff.byteOffset + start, entry.count)
  const text = new TextDecoder().decode(bytes).replace(/\0+$/u, '').trim()
  return text || undefined
}
