import { cp, mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

import { $add } from 'dynamodb-toolbox/entity/actions/update'
import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'
import { beforeAll, describe, expect, it } from 'vitest'

import { defineEntity, SetupError } from '../src/index.js'
import { useBackend } from './support/backend.js'
import { catchError } from './support/catchError.js'

const backend = useBackend()

/**
 * A second copy of dynamodb-toolbox, as `npm link` or a relative install leaves in an app: the same
 * files at another path, so Node loads them as another module with its own classes and symbols.
 */
async function loadSecondToolbox() {
  const original = dirname(fileURLToPath(import.meta.resolve('dynamodb-toolbox/package.json')))
  const copy = join(original, '..', '.monotable-test-second-copy', 'dynamodb-toolbox')
  await mkdir(copy, { recursive: true })
  await cp(join(original, 'package.json'), join(copy, 'package.json'))
  await cp(join(original, 'dist/esm'), join(copy, 'dist/esm'), { recursive: true })
  const load = (path: string) => import(pathToFileURL(join(copy, 'dist/esm', path)).href)
  return {
    item: (await load('schema/item/index.js')).item as typeof item,
    string: (await load('schema/string/index.js')).string as typeof string,
    number: (await load('schema/number/index.js')).number as typeof number,
    $add: (await load('entity/actions/update/symbols/index.js')).$add as typeof $add
  }
}

describe('a second copy of dynamodb-toolbox', () => {
  let second: Awaited<ReturnType<typeof loadSecondToolbox>>
  beforeAll(async () => {
    second = await loadSecondToolbox()
  })

  it('is named when an entity is declared with its schema', () => {
    const error = catchErrorSync(() =>
      defineEntity(backend.shop.table, {
        name: 'Counter',
        schema: second.item({ counterId: second.string().key(), n: second.number() }),
        key: { pk: 'COUNTER#<counterId>', sk: 'COUNTER' }
      })
    )
    expect(error).toBeInstanceOf(SetupError)
    expect(error).toMatchObject({ code: 'setup.duplicateToolbox' })
    expect((error as Error).message).toMatch(/another copy of dynamodb-toolbox.*npm dedupe/)
  })

  it('is named, before any call, when an update uses its markers', async () => {
    const Counter = defineEntity(backend.shop.table, {
      name: 'Counter',
      schema: item({ counterId: string().key(), n: number() }),
      key: { pk: 'COUNTER#<counterId>', sk: 'COUNTER' }
    })
    await Counter.put({ counterId: 'c', n: 1 })
    backend.proxy.resetCounts()
    for (const call of [
      () => Counter.update({ counterId: 'c', n: second.$add(1) }),
      () => Counter.transactUpdate({ counterId: 'c', n: second.$add(1) })
    ]) {
      const error = await catchError(call)
      expect(error).toBeInstanceOf(SetupError)
      expect((error as Error).message).toMatch(/\$ADD.*another copy of dynamodb-toolbox/)
    }
    expect(backend.proxy.calls()).toBe(0)
    // The app's own copy keeps working.
    await Counter.update({ counterId: 'c', n: $add(1) })
    expect(await Counter.get({ counterId: 'c' })).toEqual({ counterId: 'c', n: 2 })
  })
})

function catchErrorSync(call: () => unknown): unknown {
  try {
    call()
  } catch (error) {
    return error
  }
  throw new Error('expected an error, but the call succeeded')
}
