/** The id of a relationship value, whether it arrives as an id or as a populated document. */
export const relationId = (value: unknown): number | undefined => {
  if (value === null || value === undefined || value === '') {
    return undefined
  }
  if (typeof value === 'object' && 'id' in value) {
    return Number((value as { id: unknown }).id)
  }
  return Number(value)
}
