import type { Where } from 'payload'

/**
 * Works not taken down (撤稿): a work whose syndication was canceled is withdrawn from the whole
 * network, so an app's public read rule for works should require this (compose it with `and`).
 * Works never syndicated have no status and pass.
 */
export const notTakenDown: Where = { 'syndication.pubstatus': { not_equals: 'canceled' } }
