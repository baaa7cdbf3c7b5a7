import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../helpers/api'
import type { Booted } from '../helpers/payload'

import { apiClient } from '../helpers/api'
import { serveApp } from '../helpers/http'
import { bootPayload } from '../helpers/payload'

let booted: Booted
let http: Awaited<ReturnType<typeof serveApp>>
let api: Api
let linfen: number

beforeAll(async () => {
  booted = await bootPayload({ name: 'contacts' })
  http = await serveApp({ payload: () => booted.payload, config: booted.config })
  api = await apiClient(http.url)
  linfen = (
    await booted.payload.create({
      collection: 'organizers',
      data: { name: '临汾市总工会', kind: 'federation', level: 'city' },
    })
  ).id
})

afterAll(async () => {
  await http?.close()
  await booted?.payload.destroy()
})

const countContacts = async () => (await booted.payload.count({ collection: 'contacts' })).totalDocs

describe('contacts', () => {
  it('saves the contacts as Linfen printed them', async () => {
    const { status, body } = await api.post('/api/contacts', {
      name: '赵起越',
      organizer: linfen,
      department: '市总宣传网络中心',
      landline: '0357-2080181',
      publicFields: ['department', 'landline'],
    })
    expect(status).toBe(201)
    expect(body.doc).toMatchObject({
      landline: '0357-2080181',
      publicFields: ['department', 'landline'],
    })
  })

  it('stores a mobile typed with spaces in its plain form', async () => {
    const doc = await booted.payload.create({
      collection: 'contacts',
      data: { name: '龙旭辉', mobile: '186 1570 3120' },
    })
    expect(doc.mobile).toBe('18615703120')
  })

  it.each([
    ['mobile', '1861570312', '11 位数字'],
    ['mobile', '28615703120', '11 位数字'],
    ['landline', '2080181', '区号-号码'],
    ['landline', '0357 2080181x', '区号-号码'],
    ['email', 'lfghwlzx163.com', ''],
  ])('refuses a bad %s (%s) with a 400 and writes nothing', async (field, value, message) => {
    const before = await countContacts()
    const { status, body } = await api.post('/api/contacts', {
      name: '王锐',
      organizer: linfen,
      [field]: value,
    })
    expect(status).toBe(400)
    const error = body.errors[0].data.errors[0]
    expect(error.path).toBe(field)
    expect(error.message).toContain(message)
    expect(await countContacts()).toBe(before)
  })

  it('puts the Chinese message first and the English after', async () => {
    const { body } = await api.post('/api/contacts', { name: '王锐', mobile: '123' })
    expect(body.errors[0].data.errors[0].message).toMatch(/^手机号“123”.+ \/ mobile "123"/)
  })
})
