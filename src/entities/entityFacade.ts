import type { Entity } from 'dynamodb-toolbox/entity'
import { EntityFormatter } from 'dynamodb-toolbox/entity/actions/format'
import { EntityRepository } from 'dynamodb-toolbox/entity/actions/repository'

import { ERROR_CODES, ValidationError } from '../client/errors.js'
import { type OperationContext, toMonotableError } from '../client/translateError.js'
import type {
  EntityQuery,
  EntityQueryOptions,
  IndexTemplates,
  MonotableEntity
} from './defineEntity.js'
import type { KeyTemplates, ParsedKey } from './entityKeys.js'
import type { FastParser } from './fastParser.js'
import { FastBatchDeleteRequest, FastBatchGetRequest, FastBatchPutRequest } from './fastRequests.js'
import { queryEntityPage } from './queryEntity.js'

export interface EntityParts {
  entity: Entity
  key: KeyTemplates
  indexes: IndexTemplates
  primaryKey: ParsedKey
  indexKeys: ReadonlyMap<string, ParsedKey>
  /** The index-key attributes computed from templates: never taken from input. */
  linkedAttributes: ReadonlySet<string>
  fast: FastParser | undefined
}

/** The object `defineEntity` returns: toolbox's repository, with typed errors and monotable's queries. */
export function createEntityFacade(parts: EntityParts): MonotableEntity {
  const { entity, primaryKey, indexKeys, linkedAttributes, fast } = parts
  const name = entity.entityName
  const repository = entity.build(EntityRepository)
  const formatter = entity.build(EntityFormatter)
  const context = (operation: string): OperationContext => ({
    entity: name,
    operation,
    formatItem: item => formatter.format(item)
  })
  const translated = <RESULT>(operation: string, call: () => RESULT): RESULT => {
    try {
      return call()
    } catch (error) {
      throw toMonotableError(error, context(operation))
    }
  }
  async function run<RESULT>(operation: string, call: () => Promise<RESULT>): Promise<RESULT> {
    try {
      return await call()
    } catch (error) {
      throw toMonotableError(error, context(operation))
    }
  }

  /**
   * Index keys are computed from the key templates; taking one from input would let a caller list
   * an item under someone else's partition of an index (toolbox uses an input value over a link).
   */
  const checked = <INPUT>(operation: string, input: INPUT): INPUT => {
    if (typeof input === 'object' && input !== null) {
      for (const attribute of linkedAttributes) {
        if ((input as Record<string, unknown>)[attribute] !== undefined) {
          throw new ValidationError(
            ERROR_CODES.invalidItem,
            `${name}.${operation}: '${attribute}' is an index key, computed from the key templates`,
            { entity: name, attribute }
          )
        }
      }
    }
    return input
  }

  const keyFor = (query: { index?: string | undefined }): ParsedKey => {
    if (query.index === undefined) return primaryKey
    const indexKey = indexKeys.get(query.index)
    if (indexKey !== undefined) return indexKey
    throw new ValidationError(
      ERROR_CODES.invalidQuery,
      `${name}.query: the entity declares no index '${query.index}'`,
      { entity: name }
    )
  }
  const queryPage = (
    query: EntityQuery<KeyTemplates, IndexTemplates>,
    options?: EntityQueryOptions<Entity>
  ) =>
    run('query', async () => {
      if (typeof query !== 'object' || query === null) {
        throw new ValidationError(
          ERROR_CODES.invalidQuery,
          `${name}.query: the query must be an object`,
          {
            entity: name
          }
        )
      }
      return queryEntityPage(entity, keyFor(query), query, options)
    })

  return {
    name,
    entity,
    table: entity.table,
    key: parts.key,
    indexes: parts.indexes,
    primaryKey,
    indexKeys,
    put: (item, options) =>
      run('put', async () => (await repository.put(checked('put', item), options)).Attributes),
    get: (key, options) => run('get', async () => (await repository.get(key, options)).Item),
    update: (item, options) =>
      run(
        'update',
        async () => (await repository.update(checked('update', item), options)).Attributes
      ),
    delete: (key, options) =>
      run('delete', async () => (await repository.delete(key, options)).Attributes),
    query: queryPage,
    queryAll: async function* (query, options) {
      let cursor = options?.cursor
      do {
        const page = await queryPage(query, { ...options, cursor })
        yield page
        cursor = page.cursor
      } while (cursor !== undefined)
    },
    // Builders parse lazily, when an engine asks for their parameters; engines translate errors.
    batchPut: item => {
      checked('batchPut', item)
      return fast ? new FastBatchPutRequest(entity, item, fast) : repository.batchPut(item)
    },
    batchDelete: key =>
      fast ? new FastBatchDeleteRequest(entity, key, fast) : repository.batchDelete(key),
    batchGet: key => (fast ? new FastBatchGetRequest(entity, key, fast) : repository.batchGet(key)),
    transactPut: (item, options) => repository.transactPut(checked('transactPut', item), options),
    transactUpdate: (item, options) =>
      repository.transactUpdate(checked('transactUpdate', item), options),
    transactDelete: (key, options) => repository.transactDelete(key, options),
    transactCheck: (key, condition) => repository.transactCheck(key, condition),
    transactGet: key => repository.transactGet(key),
    format: item => translated('format', () => formatter.format(item))
  }
}
