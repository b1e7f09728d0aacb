import { describe, expect, it } from 'vitest'

import { escapeKeyValue, ValidationError } from '../src/index.js'
import { composeKey, composeKeyPrefix, parseKeyTemplate } from '../src/schema/keyTemplate.js'
import { catchError } from './support/catchError.js'

const context = { entity: 'Test', keyAttribute: 'pk' }

describe('key templates', () => {
  it('parses constant segments and placeholders', () => {
    const template = parseKeyTemplate('ORDER#<createdAt>#<orderId>', 'test')
    expect(template.attributes).toEqual(['createdAt', 'orderId'])
    expect(template.parts).toEqual([
      { text: 'ORDER#' },
      { attribute: 'createdAt' },
      { text: '#' },
      { attribute: 'orderId' }
    ])
    expect(parseKeyTemplate('CUSTOMER', 'test').attributes).toEqual([])
  })

  it.each(['ORDER<id>', 'A#<a><b>', 'A#<id>x', 'A#<a', '', 'A#<1bad>'])(
    "rejects '%s': a placeholder must be a whole '#' segment",
    source => {
      expect(() => parseKeyTemplate(source, 'test')).toThrow(ValidationError)
    }
  )

  it.each([
    ['plain', 'plain'],
    ['1#ORDER#2', '1%23ORDER%232'],
    ['100%', '100%25'],
    ['%23', '%2523'],
    ['é#ü', 'é%23ü']
  ])('escapes %s as %s', (raw, escaped) => {
    expect(escapeKeyValue(raw)).toBe(escaped)
  })

  it('is injective: values that differ give keys that differ, even crafted ones', () => {
    const template = parseKeyTemplate('USER#<userId>#ROLE#<role>', 'test')
    const pairs = [
      ['u1#ROLE#admin', 'x'],
      ['u1', 'admin#ROLE#x'],
      ['u1%23ROLE%23admin', 'x'],
      ['u1', 'admin'],
      ['u1#', 'admin'],
      ['u1', '#admin']
    ]
    const keys = pairs.map(([userId, role]) => composeKey(template, { userId, role }, context))
    expect(new Set(keys).size).toBe(pairs.length)
    for (const key of keys) expect(key.split('#')).toHaveLength(4)
  })

  it('formats numbers and rejects empty, missing and non-scalar values with the attribute name', async () => {
    const template = parseKeyTemplate('P#<n>', 'test')
    expect(composeKey(template, { n: 42 }, context)).toBe('P#42')
    for (const n of ['', undefined, null, {}, Number.NaN]) {
      const error = await catchError(() => composeKey(template, { n }, context))
      expect(error).toBeInstanceOf(ValidationError)
      expect(error).toMatchObject({ code: 'validation.key', attribute: 'n', entity: 'Test' })
    }
  })

  it('composes a prefix up to the first missing attribute', () => {
    const template = parseKeyTemplate('ORDER#<createdAt>#<orderId>', 'test')
    expect(composeKeyPrefix(template, {}, context)).toEqual({ prefix: 'ORDER#', next: 'createdAt' })
    expect(composeKeyPrefix(template, { createdAt: '2026#1' }, context)).toEqual({
      prefix: 'ORDER#2026%231#',
      next: 'orderId'
    })
    expect(composeKeyPrefix(template, { createdAt: 'a', orderId: 'b' }, context)).toEqual({
      prefix: 'ORDER#a#b',
      next: undefined
    })
  })
})
