import { describe, expect, it } from 'vitest'

import { cidrContains, classifyIp, parseCidr, parseIp } from './ipAddress'

const classify = (address: string) => classifyIp(parseIp(address)!)

describe('parseIp', () => {
  it.each([
    '0177.0.0.1',
    '127.1',
    '2130706433',
    '256.0.0.1',
    '1.2.3',
    '1.2.3.4.5',
    '::1::',
    '1:2:3:4:5:6:7:8:9',
    '12345::',
    '00001::',
    'localhost',
    '1.2.3.4::',
    '::ffff:0177.0.0.1',
    '::ffff:127.1',
    '1:2:3:4:5:6:7:1.2.3.4',
    '',
  ])('refuses the non-canonical or invalid %s', (text) => {
    expect(parseIp(text)).toBeNull()
  })

  it.each([
    ['127.0.0.1', 4, 0x7f000001n],
    ['::1', 6, 1n],
    ['[::1]', 6, 1n],
    ['::ffff:127.0.0.1', 6, 0xffff7f000001n],
    ['::ffff:7f00:1', 6, 0xffff7f000001n],
    ['::127.0.0.1', 6, 0x7f000001n],
    ['64:ff9b::192.0.2.1', 6, 0x0064ff9b0000000000000000c0000201n],
    ['fe80::1%eth0', 6, 0xfe800000000000000000000000000001n],
    ['1:2:3:4:5:6:7:8', 6, 0x00010002000300040005000600070008n],
  ])('parses %s', (text, family, value) => {
    expect(parseIp(text)).toEqual({ family, value })
  })
})

describe('parseCidr', () => {
  it.each([
    ['10.1.0.0/16', '10.1.255.255', true],
    ['10.1.0.0/16', '10.2.0.0', false],
    ['10.1.2.3/16', '10.1.0.1', true],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['0.0.0.0/0', '::1', false],
    ['fc00::/7', 'fdff::1', true],
    ['127.0.0.1', '127.0.0.1', true],
    ['127.0.0.1', '127.0.0.2', false],
  ])('%s contains %s: %s', (cidr, address, expected) => {
    expect(cidrContains(parseCidr(cidr)!, parseIp(address)!)).toBe(expected)
  })

  it.each(['10.0.0.0/33', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/8/8', 'x/8', '::/129'])(
    'refuses %s',
    (text) => {
      expect(parseCidr(text)).toBeNull()
    },
  )
})

describe('classifyIp', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['100.63.255.255', 'public'],
    ['100.128.0.0', 'public'],
    ['172.15.255.255', 'public'],
    ['172.32.0.0', 'public'],
    ['2606:4700::1111', 'public'],
    ['::ffff:8.8.8.8', 'public'],
    ['2002:808:808::1', 'public'],
    ['64:ff9b::808:808', 'public'],
    ['10.255.255.255', 'private'],
    ['100.100.100.200', 'cgnat'],
    ['169.254.169.254', 'link-local'],
    ['::ffff:0:7f00:1', 'loopback'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
    ['fec0::1', 'private'],
    ['4000::1', 'reserved'],
  ])('%s is %s', (address, category) => {
    expect(classify(address).category).toBe(category)
  })
})
