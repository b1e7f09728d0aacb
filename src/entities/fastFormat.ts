import type { Entity } from 'dynamodb-toolbox/entity'

import { type AttributePlan, isValid } from './fastParser.js'

type Stored = Record<string, unknown>

/**
 * The fast path of reads for plain schemas: a whole stored item (no projection, not partial) as
 * toolbox's `EntityFormatter` formats it, attribute names restored and hidden attributes (keys,
 * entity tag, index keys) left out. An item it cannot vouch for (a required attribute missing,
 * a value of the wrong type or outside its enum) returns `undefined`, and toolbox's formatter
 * formats it or throws its error.
 *
 * Why: formatting is the largest part of the client's CPU after the SDK's on reads of small items
 * (`npm run bench`, batchGet and placeOrder). `test/fastFormat.test.ts` checks that both agree.
 */
export function compileFastFormat(
  entity: Entity,
  plans: readonly AttributePlan[]
): (stored: Stored) => Stored | undefined {
  return stored => {
    const item: Stored = {}
    for (const plan of plans) {
      let value = stored[plan.savedAs]
      // toolbox reads an item without an entity tag as one of this entity.
      if (value === undefined && plan.entityAttribute) value = entity.entityName
      if (value === undefined) {
        if (plan.requiredOnPut) return undefined
        continue
      }
      if (!isValid(plan, value)) return undefined
      if (!plan.hidden) item[plan.name] = value
    }
    return item
  }
}
