import type { Entity, KeyInputItem } from 'dynamodb-toolbox/entity'
import { BatchDeleteRequest } from 'dynamodb-toolbox/entity/actions/batchDelete'
import { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet'
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut'
import type { PutItemInput } from 'dynamodb-toolbox/entity/actions/put'

import type { FastParser } from './fastParser.js'

/**
 * toolbox's batch requests, building their parameters through the {@link FastParser} when it
 * applies and through toolbox otherwise. They stay toolbox requests: `instanceof`, `.entity` and
 * toolbox's own BatchWriteCommand keep working.
 */
export class FastBatchPutRequest<ENTITY extends Entity> extends BatchPutRequest<ENTITY> {
  constructor(
    entity: ENTITY,
    private readonly input: PutItemInput<ENTITY>,
    private readonly fast: FastParser
  ) {
    super(entity, input)
  }

  override params(): ReturnType<BatchPutRequest<ENTITY>['params']> {
    const Item = this.fast.put(this.input)
    return Item === undefined ? super.params() : ({ PutRequest: { Item } } as never)
  }
}

export class FastBatchDeleteRequest<ENTITY extends Entity> extends BatchDeleteRequest<ENTITY> {
  constructor(
    entity: ENTITY,
    private readonly input: KeyInputItem<ENTITY>,
    private readonly fast: FastParser
  ) {
    super(entity, input)
  }

  override params(): ReturnType<BatchDeleteRequest<ENTITY>['params']> {
    const Key = this.fast.key(this.input)
    return Key === undefined ? super.params() : ({ DeleteRequest: { Key } } as never)
  }
}

export class FastBatchGetRequest<ENTITY extends Entity> extends BatchGetRequest<ENTITY> {
  constructor(
    entity: ENTITY,
    private readonly input: KeyInputItem<ENTITY>,
    private readonly fast: FastParser
  ) {
    super(entity, input)
  }

  override params(): ReturnType<BatchGetRequest<ENTITY>['params']> {
    return (this.fast.key(this.input) ?? super.params()) as never
  }
}

/** A get of a key already in its stored form (read from an index), sent as it is. */
export class StoredKeyGetRequest<ENTITY extends Entity> extends BatchGetRequest<ENTITY> {
  constructor(
    entity: ENTITY,
    private readonly storedKey: Record<string, unknown>
  ) {
    super(entity, storedKey as never)
  }

  override params(): ReturnType<BatchGetRequest<ENTITY>['params']> {
    return this.storedKey as never
  }
}
