/**
 * The bytes a number takes in an item, from its decimal text: DynamoDB stores about one byte per
 * two significant digits (leading and trailing zeros trimmed) plus one, with a byte more for a
 * negative number and for an even digit count at an even decimal scale. dynalite computes it the
 * same way; the client's 400 KB check and the embedded backend share this one function.
 */
export function numberBytes(text: string): number {
  return integerBytes(text) ?? decimalBytes(text)
}

const ZERO = 48
const NINE = 57
const MINUS = 45

/**
 * The same count for a plain integer (`-120`, `7`), without the general path's splitting: most
 * numbers are integers, and every item of a transaction is measured. `undefined` otherwise.
 */
function integerBytes(text: string): number | undefined {
  const negative = text.charCodeAt(0) === MINUS
  const start = negative ? 1 : 0
  const end = text.length
  if (end === start) return undefined
  if (text.charCodeAt(start) === ZERO) return end - start === 1 ? 1 : undefined
  for (let index = start; index < end; index += 1) {
    const code = text.charCodeAt(index)
    if (code < ZERO || code > NINE) return undefined
  }
  let significantEnd = end
  while (text.charCodeAt(significantEnd - 1) === ZERO) significantEnd -= 1
  const count = significantEnd - start
  const scale = end - start - 1
  const evenPadding = count % 2 === 0 && scale % 2 === 0 ? 1 : 0
  return 1 + Math.ceil(count / 2) + evenPadding + (negative ? 1 : 0)
}

/** Any number DynamoDB takes: sign, decimal point, exponent, leading and trailing zeros. */
export function decimalBytes(text: string): number {
  const negative = text.startsWith('-')
  const [mantissa = '', exponent = '0'] = text.replace(/^[-+]/, '').split(/[eE]/)
  const [integer = '', fraction = ''] = mantissa.split('.')
  const digits = integer + fraction
  const leadingZeros = digits.length - digits.replace(/^0+/, '').length
  const significant = digits.slice(leadingZeros).replace(/0+$/, '')
  if (significant === '') return 1
  const scale = integer.length - leadingZeros - 1 + Number.parseInt(exponent, 10)
  const count = significant.length
  const evenPadding = count % 2 === 0 && scale % 2 === 0 ? 1 : 0
  return 1 + Math.ceil(count / 2) + evenPadding + (negative ? 1 : 0)
}
