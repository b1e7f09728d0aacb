import { EntityRepository } from 'dynamodb-toolbox/entity/actions/repository'

import { ERROR_CODES, ValidationError } from '../client/errors/index.js'
import { setProjection } from '../client/projections.js'
import { type OperationContext, toMonotableError } from '../client/translateError.js'
import type { EntityQueryOptions, MonotableEntity } from './defineEntity.js'
import type { ComposedKey, KeyTemplates, ParsedKey } from './entityKeys.js'
import { toToolboxOptions } from './entityOptions.js'
import { FastBatchDeleteRequest, FastBatchGetRequest, FastBatchPutRequest } from './fastRequests.js'
import type { EntityIndexes } from './indexTypes.js'
import { registerEntityInternals } from './entityInternals.js'
import { type IndexView, indexView } from './indexView.js'
import { projectedAttributes } from './projection.js'
import { queryEntityPage } from './queryEntity.js'
import { planScan, scanAllPages, scanOnePage } from './scan/scanEntity.js'
import { createItemOperations } from './singleItem.js'
import { assertOwnMarkers } from './toolboxIdentity.js'
import type { EntityModel } from './writes/entityModel.js'
import { prepareInput, versionOf } from './writes/writeInputs.js'

interface QueryInput {
  index?: string | undefined
  partition: Readonly<Record<string, unknown>>
  range?: Readonly<Record<string, unknown>> | undefined
}

export interface EntityParts {
  model: EntityModel
  key: KeyTemplates
  indexes: EntityIndexes
  primaryKey: ComposedKey
  indexKeys: ReadonlyMap<string, ParsedKey>
}

/** The object `defineEntity` returns: monotable's writes, reads and queries on a toolbox entity. */
export function createEntityFacade(parts: EntityParts): MonotableEntity {
  const { model, primaryKey, indexKeys } = parts
  const { entity, name, fast } = model
  const repository = entity.build(EntityRepository)
  const items = createItemOperations(model)
  const context = (operation: string): OperationContext => ({
    entity: name,
    operation,
    formatItem: item => model.reader.read(item, { includeExpired: true })
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
  const checkedUpdate = <INPUT>(operation: string, input: INPUT): INPUT => {
    assertOwnMarkers(input, name, operation)
    return input
  }

  /**
   * A batch write cannot carry a condition: the guards of unique values could not be kept in step
   * with the items, so such writes are refused before the network.
   */
  const batchWritable = (operation: string) => {
    if (model.unique.length === 0) return
    throw new ValidationError(
      ERROR_CODES.invalidRequest,
      `${name}.${operation}: ${name} has unique values (${model.unique.map(constraint => constraint.name).join(', ')}), which batch writes cannot keep; use put/delete or a transaction`,
      { entity: name }
    )
  }
  /** Batch puts are not checked: the version given (or 0) is taken as read and moved on by one. */
  const batchItem = (input: unknown) => {
    const item = prepareInput(model, input, 'batchPut')
    const version = versionOf(model, item, 'batchPut', false)
    return model.version === undefined || version === undefined
      ? item
      : { ...item, [model.version.attribute]: version + 1 }
  }

  const views = new Map<string | undefined, { key: ParsedKey; view: IndexView }>()
  const viewOf = (index: string | undefined, operation: string) => {
    const known = views.get(index)
    if (known !== undefined) return known
    const key = index === undefined ? primaryKey : indexKeys.get(index)
    if (key === undefined) {
      throw new ValidationError(
        ERROR_CODES.invalidQuery,
        `${name}.${operation}: the entity declares no index '${String(index)}'`,
        { entity: name }
      )
    }
    const found = { key, view: indexView(model, primaryKey, key) }
    views.set(index, found)
    return found
  }
  const projection = (options: { attributes?: unknown } | undefined, operation: string) =>
    projectedAttributes(entity, options?.attributes, operation)
  /** Pages of an async source, its errors (and its options' checks) made MonotableErrors. */
  async function* translatedPages<PAGE>(
    operation: string,
    pages: () => AsyncIterable<PAGE>
  ): AsyncGenerator<PAGE> {
    try {
      yield* pages()
    } catch (error) {
      throw toMonotableError(error, context(operation))
    }
  }
  const queryPage = (query: QueryInput, options?: EntityQueryOptions<typeof entity>) =>
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
      const { key, view } = viewOf(query.index, 'query')
      return queryEntityPage(model, key, view, query, options)
    }) as Promise<never>

  const facade: MonotableEntity = {
    name,
    entity,
    table: entity.table,
    key: parts.key,
    indexes: parts.indexes,
    primaryKey,
    indexKeys,
    put: (item, options) => run('put', () => items.put(item, options)),
    get: (key, options) => run('get', () => items.get(key, options)),
    update: (item, options) =>
      run('update', () => items.update(checkedUpdate('update', item), options)),
    upsert: (item, options) =>
      run('upsert', () => items.upsert(checkedUpdate('upsert', item), options)),
    delete: (key, options) => run('delete', () => items.delete(key, options)),
    query: queryPage as MonotableEntity['query'],
    queryAll: async function* (query, options) {
      let cursor = options?.cursor
      do {
        const page: { cursor: string | undefined } = await queryPage(query, { ...options, cursor })
        yield page as never
        cursor = page.cursor
      } while (cursor !== undefined)
    },
    // Builders parse lazily, when an engine asks for their parameters; engines translate errors.
    batchPut: input => {
      batchWritable('batchPut')
      const item = translated('batchPut', () => batchItem(input))
      return fast
        ? new FastBatchPutRequest(entity, item as never, fast)
        : repository.batchPut(item as never)
    },
    batchDelete: key => {
      batchWritable('batchDelete')
      return fast ? new FastBatchDeleteRequest(entity, key, fast) : repository.batchDelete(key)
    },
    batchGet: (key, options) => {
      const request = fast ? new FastBatchGetRequest(entity, key, fast) : repository.batchGet(key)
      setProjection(
        request,
        translated('batchGet', () => projection(options, 'batchGet'))
      )
      return request as never
    },
    transactPut: (item, options) =>
      translated('transactPut', () => items.transactPut(item, options)),
    transactUpdate: (item, options) =>
      translated('transactUpdate', () =>
        items.transactUpdate(checkedUpdate('transactUpdate', item), options)
      ),
    transactUpsert: (item, options) =>
      translated('transactUpsert', () =>
        items.transactUpsert(checkedUpdate('transactUpsert', item), options)
      ),
    transactDelete: (key, options) =>
      translated('transactDelete', () => items.transactDelete(key, options)),
    transactCheck: (key, condition, options) =>
      repository.transactCheck(
        key,
        condition,
        translated('transactCheck', () =>
          toToolboxOptions(options, `${name}.transactCheck`)
        ) as never
      ),
    transactGet: (key, options) => {
      const attributes = translated('transactGet', () => projection(options, 'transactGet'))
      const action = repository.transactGet(
        key,
        attributes === undefined ? {} : ({ attributes } as never)
      )
      setProjection(action, attributes)
      return action as never
    },
    scan: options =>
      run('scan', () =>
        scanOnePage(planScan(model, viewOf(options?.index, 'scan').view, options ?? {}, 'scan'))
      ),
    scanAll: options =>
      translatedPages('scan', () => {
        const plan = planScan(model, viewOf(options?.index, 'scan').view, options ?? {}, 'scan')
        return scanAllPages(plan)
      }),
    format: item =>
      translated('format', () => model.reader.read(item, { includeExpired: true }) as never)
  }
  registerEntityInternals(facade, { model, items, tableView: viewOf(undefined, 'scan').view })
  return facade
}
