import type { Entity } from 'dynamodb-toolbox/entity'
import { EntityFormatter } from 'dynamodb-toolbox/entity/actions/format'
import { EntityRepository } from 'dynamodb-toolbox/entity/actions/repository'

import { ERROR_CODES, ValidationError } from '../client/errors/index.js'
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
import { createItemOperations } from './singleItem.js'
import { assertOwnMarkers } from './toolboxIdentity.js'
import { toToolboxOptions } from './entityOptions.js'

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
  const items = createItemOperations(entity)
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
  const checkedUpdate = <INPUT>(operation: string, input: INPUT): INPUT => {
    assertOwnMarkers(input, name, operation)
    return checked(operation, input)
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
    put: (item, options) => run('put', () => items.put(checked('put', item), options)),
    get: (key, options) => run('get', () => items.get(key, options)),
    update: (item, options) =>
      run('update', () => items.update(checkedUpdate('update', item), options)),
    delete: (key, options) => run('delete', () => items.delete(key, options)),
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
    transactPut: (item, options) =>
      repository.transactPut(
        checked('transactPut', item),
        translated('transactPut', () => toToolboxOptions(options, `${name}.transactPut`))
      ),
    transactUpdate: (item, options) =>
      repository.transactUpdate(
        checkedUpdate('transactUpdate', item),
        translated('transactUpdate', () => toToolboxOptions(options, `${name}.transactUpdate`))
      ),
    transactDelete: (key, options) =>
      repository.transactDelete(
        key,
        translated('transactDelete', () => toToolboxOptions(options, `${name}.transactDelete`))
      ),
    transactCheck: (key, condition, options) =>
      repository.transactCheck(
        key,
        condition,
        translated('transactCheck', () =>
          toToolboxOptions(options, `${name}.transactCheck`)
        ) as never
      ),
    transactGet: key => repository.transactGet(key),
    format: item => translated('format', () => formatter.format(item))
  }
}
