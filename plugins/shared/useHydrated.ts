'use client'

import { useEffect, useState } from 'react'

/**
 * True once React has taken over the server's HTML. The action boxes mark themselves with
 * `data-hydrated` so a browser test clicks a button only when it answers (a click before then
 * does nothing, and the page looks the same).
 */
export const useHydrated = (): boolean => {
  const [isHydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  return isHydrated
}
