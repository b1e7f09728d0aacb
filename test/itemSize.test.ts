import { describe, expect, it } from 'vitest'

import { classifyFailure } from '../src/client/classify.js'
import { measureItem, stringBytes } from '../src/client/itemSize.js'
import { decimalBytes, numberBytes } from '../src/client/numberSize.js'
import { utf8ItemSize } from '../src/local/dynalite/utf8ItemSize.js'
import { seededRandom } from './support/random.js'

describe('measureItem', () => {
  it.each([
    [{ a: 'abc' }, 1 + 3],
    [{ name: 'é' }, 4 + 2], // UTF-8 bytes, not UTF-16 units
    [{ n: 12_345 }, 1 + 1 + 3], // 5 significant digits: 3 bytes, plus 1
    [{ n: 0.001 }, 1 + 1 + 1],
    [{ n: 1_000_000 }, 1 + 1 + 1], // trailing zeros are not significant
    [{ b: true, z: null }, 1 + 1 + 1 + 1],
    [{ bin: new Uint8Array(10) }, 3 + 10],
    [{ l: ['ab', 1] }, 1 + 3 + (1 + 2) + (1 + 2)],
    [{ m: { k: 'v' } }, 1 + 3 + (1 + 1 + 1)],
    [{ s: new Set(['ab', 'c']) }, 1 + 3],
    [{ skipped: undefined, a: 'b' }, 2]
  ])('%o weighs %i bytes', (item, bytes) => {
    expect(measureItem(item).itemBytes).toBe(bytes)
  })

  it('weighs numbers as the embedded backend does, sign and digit parity included', () => {
    const numbers = [0, 1, -1, 12, -12, 123, 1.5, -0.25, 10.01, 1e21, 123456.789, -98_765_432]
    for (const n of numbers) {
      const stored = { n: { N: String(n) } }
      expect(measureItem({ n }).itemBytes, String(n)).toBe(utf8ItemSize(stored))
    }
    expect(new Set(numbers.map(n => measureItem({ n }).itemBytes)).size).toBeGreaterThan(3)
  })

  it('counts integers on their fast path as the general path does', () => {
    const random = seededRandom(7)
    const texts = ['0', '-0', '00', '007', '-10', '100', '1000000', '99', '-', '', '1e3', '1.0']
    for (let round = 0; round < 5_000; round += 1) {
      const digits = 1 + Math.floor(random() * 38)
      let text = random() < 0.3 ? '-' : ''
      for (let digit = 0; digit < digits; digit += 1) {
        text += String(random() < 0.4 ? 0 : Math.floor(random() * 10))
      }
      texts.push(text)
    }
    for (const text of texts) expect(numberBytes(text), text).toBe(decimalBytes(text))
  })

  it('counts UTF-8 bytes as Buffer does: multi-byte, pairs and lone surrogates', () => {
    const random = seededRandom(11)
    const units = [0x41, 0x7f, 0x80, 0x7ff, 0x800, 0xffff, 0xd83d, 0xde00, 0xdbff, 0xdc00, 0xe9]
    const texts = ['', 'plain', 'é', '😀', '\ud83d', '\ude00x', 'a'.repeat(65) + '😀']
    for (let round = 0; round < 5_000; round += 1) {
      const length = Math.floor(random() * 80)
      texts.push(
        String.fromCharCode(
          ...Array.from({ length }, () => units[Math.floor(random() * units.length)] as number)
        )
      )
    }
    for (const text of texts)
      expect(stringBytes(text), JSON.stringify(text)).toBe(Buffer.byteLength(text, 'utf8'))
  })

  it('bounds the JSON a call will carry from above, escapes included', () => {
    for (const item of [
      { pk: 'ORDER#1', sk: 'ITEM#2', quantity: 3, tags: ['a', 'b'], nested: { x: true, y: null } },
      { text: 'quote " backslash \\ newline \n tab \t bell \u0007 é' },
      { text: '\u0001'.repeat(1_000) },
      { bin: new Uint8Array([1, 2, 3, 4, 5]) }
    ]) {
      expect(measureItem(item).wireBytes).toBeGreaterThanOrEqual(jsonBytes(item))
    }
  })

  it('counts escapes exactly in big items, so 25 of them still fill a call', () => {
    for (const fill of ['x', '"', '\u0001', 'é']) {
      const item = { pk: 'P#1', sk: 'S', text: fill.repeat(100_000) }
      const { wireBytes } = measureItem(item)
      expect(wireBytes).toBeGreaterThanOrEqual(jsonBytes(item))
      expect(wireBytes).toBeLessThan(jsonBytes(item) + 100)
    }
  })
})

const jsonBytes = (item: Record<string, unknown>) =>
  Buffer.byteLength(JSON.stringify(marshall(item)))

describe('classifyFailure', () => {
  const error = (name: string, status = 400, extra: object = {}) =>
    Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, ...extra })

  it.each([
    [error('ThrottlingException'), 'throttling'],
    [error('ProvisionedThroughputExceededException'), 'throttling'],
    [error('RequestLimitExceeded'), 'throttling'],
    [error('TransactionInProgressException'), 'throttling'],
    [error('InternalServerError', 500), 'transient'],
    [error('ServiceUnavailable', 503), 'transient'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'transient'],
    [error('TimeoutError', 0), 'transient'],
    [error('TransactionConflictException'), 'transient'],
    [error('ValidationException'), 'nonRetryable'],
    [error('ConditionalCheckFailedException'), 'nonRetryable'],
    [error('ResourceNotFoundException'), 'nonRetryable'],
    [error('ValidationException', 500), 'nonRetryable'],
    ['not an error', 'nonRetryable']
  ])('%s is %s', (failure, expected) => {
    expect(classifyFailure(failure)).toBe(expected)
  })
})

/** The document client's marshalling, written out so the test does not share code with the subject. */
function marshall(value: unknown): unknown {
  if (typeof value === 'string') return { S: value }
  if (typeof value === 'number') return { N: String(value) }
  if (typeof value === 'boolean') return { BOOL: value }
  if (value === null) return { NULL: true }
  if (value instanceof Uint8Array) return { B: Buffer.from(value).toString('base64') }
  if (Array.isArray(value)) return { L: value.map(marshall) }
  const map = Object.fromEntries(
    Object.entries(value as object).map(([key, inner]) => [key, marshall(inner)])
  )
  return map
}
