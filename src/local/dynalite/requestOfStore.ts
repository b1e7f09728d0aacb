import type { Store } from './internals.js'

const REQUEST = Symbol('monotable.request')

/**
 * The request an action was run for, to dynalite functions that only get the store (such as
 * `updateIndexes`). Each request gets its own view of the store, so concurrent actions never see
 * each other's.
 */
export function requestOf(store: Store): Record<string, unknown> | undefined {
  return (store as Store & { [REQUEST]?: Record<string, unknown> })[REQUEST]
}

/** A copy, not a prototype child: V8 would turn the store into a slower prototype object. */
export function withRequest(store: Store, data: Record<string, unknown>): Store {
  return { ...store, [REQUEST]: data } as Store
}
