/**
 * DynamoDB Local keeps a table's attribute definitions and global secondary indexes in Java
 * HashMaps keyed by name whenever UpdateTable rewrites them, so DescribeTable lists them in
 * HashMap iteration order: by bucket (`String.hashCode`, spread, masked by a capacity that doubles
 * past a 0.75 load factor), then by insertion within a bucket. This reproduces that order.
 */
export function javaHashMapOrder<T>(entries: readonly T[], nameOf: (entry: T) => string): T[] {
  let capacity = INITIAL_CAPACITY
  while (entries.length > capacity * LOAD_FACTOR) capacity *= 2
  const buckets = new Map<number, T[]>()
  for (const entry of entries) {
    const hash = javaStringHash(nameOf(entry))
    const bucket = (hash ^ (hash >>> 16)) & (capacity - 1)
    const members = buckets.get(bucket)
    if (members === undefined) buckets.set(bucket, [entry])
    else members.push(entry)
  }
  return [...buckets.keys()].sort((left, right) => left - right).flatMap(key => buckets.get(key)!)
}

const INITIAL_CAPACITY = 16
const LOAD_FACTOR = 0.75

function javaStringHash(text: string): number {
  let hash = 0
  for (let index = 0; index < text.length; index++) {
    hash = (Math.imul(hash, 31) + text.charCodeAt(index)) | 0
  }
  return hash
}
