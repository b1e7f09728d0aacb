/**
 * The bytes a number takes in an item, from its decimal text: DynamoDB stores about one byte per
 * two significant digits (leading and trailing zeros trimmed) plus one, with a byte more for a
 * negative number and for an even digit count at an even decimal scale. dynalite computes it the
 * same way; the client's 400 KB check and the embedded backend share this one function.
 */
export function numberBytes(text: string): number {
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
