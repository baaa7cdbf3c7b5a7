// Names of one format that people, browsers and file-type spell differently.
const aliases: Record<string, string> = {
  jpg: 'jpeg',
  jpe: 'jpeg',
  jfif: 'jpeg',
  tif: 'tiff',
  qt: 'mov',
}

/**
 * One spelling per container, so `JPG`, `.jpg` and `jpeg` in a sub-project's spec all match
 * a sniffed JPEG.
 */
export const normalizeContainer = (name: string): string => {
  const bare = name.trim().toLowerCase().replace(/^\./, '')
  return aliases[bare] ?? bare
}
