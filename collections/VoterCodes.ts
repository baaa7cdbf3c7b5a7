import type { CollectionConfig } from 'payload'

import { voterCodeRules } from '../src/access/rules'

/**
 * One-time codes sent to voters (验证码): kept as keyed hashes with their expiry and attempts,
 * for the verifiers of `src/voting`; written by the voting endpoints only, read by nobody
 * through the API but the national office.
 */
export const VoterCodes: CollectionConfig<'voter-codes'> = {
  slug: 'voter-codes',
  labels: {
    singular: { zh: '投票验证码', en: 'Voter code' },
    plural: { zh: '投票验证码', en: 'Voter codes' },
  },
  admin: { hidden: true },
  access: voterCodeRules,
  fields: [
    // The keyed hash of the address the code went to (an e-mail, a phone number …).
    { name: 'voter', type: 'text', required: true, index: true },
    { name: 'verifier', type: 'text', required: true },
    { name: 'codeHash', type: 'text', required: true },
    { name: 'expiresAt', type: 'date', required: true },
    { name: 'attempts', type: 'number', defaultValue: 0 },
    { name: 'usedAt', type: 'date' },
    { name: 'address', type: 'text' },
  ],
}
