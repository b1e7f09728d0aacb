import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'
import { beforeAll, describe, expect, it } from 'vitest'

import {
  defineEntity,
  NotFoundError,
  TransactionCanceledError,
  ValidationError,
  VersionConflictError
} from '../src/index.js'
import { useBackend } from './support/backend.js'
import { catchError } from './support/catchError.js'

const backend = useBackend()

const defineDocument = () =>
  defineEntity(backend.shop.table, {
    name: 'Document',
    schema: item({ docId: string().key(), body: string(), version: number().default(0) }),
    key: { pk: 'DOC#<docId>', sk: 'DOC' },
    version: 'version'
  })

describe('optimistic locking', () => {
  let Document: ReturnType<typeof defineDocument>
  beforeAll(() => {
    Document = defineDocument()
  })

  it('a put creates at version 1, and a put of an existing item needs the version read', async () => {
    await Document.put({ docId: 'd1', body: 'first' })
    const read = await Document.get({ docId: 'd1' })
    expect(read).toEqual({ docId: 'd1', body: 'first', version: 1 })

    // Creating it again (no version: it must not exist) conflicts.
    const again = await catchError(Document.put({ docId: 'd1', body: 'other' }))
    expect(again).toBeInstanceOf(VersionConflictError)
    expect(again).toMatchObject({ code: 'condition.version', entity: 'Document', operation: 'put' })

    await Document.put({ ...read!, body: 'second' })
    expect(await Document.get({ docId: 'd1' })).toEqual({ docId: 'd1', body: 'second', version: 2 })
    // A stale version conflicts, and the item stays as it was.
    const stale = await catchError(Document.put({ ...read!, body: 'lost update' }))
    expect(stale).toBeInstanceOf(VersionConflictError)
    expect((await Document.get({ docId: 'd1' }))?.body).toBe('second')
  })

  it('of 10 concurrent updates based on the same version, exactly one succeeds', async () => {
    await Document.put({ docId: 'd2', body: 'start' })
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) =>
        Document.update({ docId: 'd2', body: `writer ${index}`, version: 1 })
      )
    )
    expect(outcomes.filter(outcome => outcome.status === 'fulfilled')).toHaveLength(1)
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(VersionConflictError)
    }
    expect((await Document.get({ docId: 'd2' }))?.version).toBe(2)
  })

  it('update and delete require the version; a missing item is not found', async () => {
    await Document.put({ docId: 'd3', body: 'x' })
    for (const call of [
      () => Document.update({ docId: 'd3', body: 'y' }),
      () => Document.delete({ docId: 'd3' })
    ]) {
      const error = await catchError(call)
      expect(error).toBeInstanceOf(ValidationError)
      expect(error).toMatchObject({ code: 'validation.version', attribute: 'version' })
    }
    expect(await catchError(Document.delete({ docId: 'd3', version: 7 }))).toBeInstanceOf(
      VersionConflictError
    )
    expect(
      await catchError(Document.update({ docId: 'none', body: 'y', version: 1 }))
    ).toBeInstanceOf(NotFoundError)
    await Document.delete({ docId: 'd3', version: 1 })
    expect(await Document.get({ docId: 'd3' })).toBeUndefined()
  })

  it('holds in transactions, with the version failure on the reason', async () => {
    await Document.put({ docId: 'd4', body: 'a' })
    const error = await catchError(
      backend.client.transactWrite([
        Document.transactUpdate({ docId: 'd4', body: 'b', version: 5 }),
        backend.shop.Product.transactPut({ sku: 'd4-side', name: 'n', priceCents: 1, stock: 1 })
      ])
    )
    expect(error).toBeInstanceOf(TransactionCanceledError)
    expect((error as TransactionCanceledError).reasons).toMatchObject([
      { index: 0, entity: 'Document', failure: 'version' }
    ])
    await backend.client.transactWrite([
      Document.transactUpdate({ docId: 'd4', body: 'b', version: 1 })
    ])
    expect(await Document.get({ docId: 'd4' })).toEqual({ docId: 'd4', body: 'b', version: 2 })
  })
})
