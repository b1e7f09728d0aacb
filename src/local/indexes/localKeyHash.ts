import { createHash } from 'node:crypto'

import type { AttributeValue, StoredItem, TableDescription } from '../dynalite/internals.js'

/**
 * DynamoDB Local orders index entries that share every index key value by a salted SHA-1 of the
 * item's primary key (its `hashValue` column for hash-only tables, `hashRangeValue` otherwise;
 * `LocalDBUtils.getHashValue` in DynamoDBLocal.jar). Using the same hash makes such ties, and so
 * every page of a query, come out in Local's order.
 */
const SALT = Buffer.from('LocalDdb')

export function primaryKeyHash(table: TableDescription, item: StoredItem): string {
  const [hashKey, rangeKey] = table.KeySchema
  const hashValue = valueHash(item[hashKey?.AttributeName ?? ''] as AttributeValue)
  if (rangeKey === undefined) return hashValue.toString('hex')
  const rangeValue = valueHash(item[rangeKey.AttributeName] as AttributeValue)
  return createHash('sha1').update(SALT).update(hashValue).update(rangeValue).digest('hex')
}

function valueHash(value: AttributeValue): Buffer {
  return createHash('sha1').update(SALT).update(keyValueBytes(value)).digest()
}

function keyValueBytes(value: AttributeValue): Buffer {
  if (typeof value.S === 'string') return Buffer.from(value.S, 'utf8')
  if (typeof value.B === 'string') return Buffer.from(value.B, 'base64')
  return numberKeyBytes(String(value.N))
}

/**
 * The byte encoding DynamoDB gives a number key (`encodeBigDecimal`; dynalite's `numToBuffer` is
 * the same algorithm): an exponent byte, then two decimal digits per byte, all complemented for
 * negative numbers, which also end with 102 when short.
 */
export function numberKeyBytes(number: string): Buffer {
  const { negative, digits, exponent } = parseDecimal(number)
  if (digits === '') return Buffer.from([0x80])
  const appendZero = Math.abs(exponent) % 2 === 1 ? 1 : 0
  const padded = (appendZero ? '0' : '') + digits
  const length = Math.floor((padded.length + 1) / 2)
  const bytes: number[] = [(192 + (exponent + appendZero) / 2) & 0xff]
  for (let index = 0; index < padded.length; index += 2) {
    const pair = Number(padded[index]) * 10 + Number(padded[index + 1] ?? 0)
    bytes.push(negative ? 101 - pair : pair + 1)
  }
  if (negative) {
    bytes[0] = ~(bytes[0] as number) & 0xff
    if (length < 20) bytes.push(102)
  }
  return Buffer.from(bytes)
}

interface Decimal {
  negative: boolean
  /** Significant digits, without leading or trailing zeros; empty for zero. */
  digits: string
  /** The number is `0.<digits> × 10^exponent`. */
  exponent: number
}

function parseDecimal(number: string): Decimal {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(number.trim())
  const [, sign = '', whole = '', fraction = '', power = '0'] = match ?? []
  const all = whole + fraction
  const leading = all.length - all.replace(/^0+/, '').length
  const digits = all.slice(leading).replace(/0+$/, '')
  return {
    negative: sign === '-' && digits !== '',
    digits,
    exponent: whole.length - leading + Number(power)
  }
}
