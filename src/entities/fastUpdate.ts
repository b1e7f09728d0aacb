import type { Entity } from 'dynamodb-toolbox/entity'
import {
  $ADD,
  $GET,
  isAddition,
  isExtension,
  isGetting,
  isRemoval
} from 'dynamodb-toolbox/entity/actions/update/symbols'

import { type AttributePlan, isPlainObject, isValid } from './fastParser.js'

type Stored = Record<string, unknown>

/** Property names JavaScript orders before all others (array indexes). */
const INTEGER_LIKE = /^(0|[1-9][0-9]*)$/

/** An UpdateItem's key and expression, as toolbox's `UpdateItemCommand` builds them. */
export interface FastUpdate {
  Key: Stored
  UpdateExpression: string
  ExpressionAttributeNames: Record<string, string>
  ExpressionAttributeValues: Stored
}

/**
 * The fast path of updates for plain schemas: values are set, `$add` adds to a number, `$remove`
 * removes an optional attribute, and the entity tag is set where the item has none. Anything
 * else (`$set`, `$get`, sums, index keys or timestamps to recompute, a value that does not
 * parse) returns `undefined`, and toolbox builds the update instead.
 *
 * Why: toolbox's parser and expression builder are the largest part of the client's CPU in a
 * transaction of updates (`npm run bench`, placeOrder). The expression, its tokens and their
 * numbering are the ones toolbox's `expressUpdate` writes, so the two paths send the same
 * request; `test/updateParams.test.ts` checks it.
 */
export function compileFastUpdate(
  entity: Entity,
  plans: readonly AttributePlan[],
  keyOf: (input: unknown) => Stored | undefined
): ((input: unknown) => FastUpdate | undefined) | undefined {
  if (!plans.every(plan => plan.plainOnUpdate)) return undefined
  // toolbox orders the clauses by stored name, and JavaScript puts integer-like names first.
  if (plans.some(plan => INTEGER_LIKE.test(plan.savedAs))) return undefined
  const entityPlan = plans.find(plan => plan.entityAttribute)
  if (entityPlan !== undefined && !tagsWhereMissing(entityPlan, entity)) return undefined

  return input => {
    const Key = keyOf(input)
    if (Key === undefined || !isPlainObject(input)) return undefined
    const expression = new UpdateExpression()
    for (const plan of plans) {
      const value = input[plan.name]
      if (plan.entityAttribute) {
        if (value !== undefined) return undefined
        expression.setIfMissing(plan.savedAs, entity.entityName)
      } else if (value === undefined) {
        // toolbox requires an attribute marked `required('always')` in every update.
        if (plan.requiredInKey) return undefined
      } else if (plan.savedAs in Key) {
        continue
      } else if (!isExtension(value)) {
        if (!isValid(plan, value)) return undefined
        expression.set(plan.savedAs, value)
      } else if (isRemoval(value) && !plan.requiredOnPut && !plan.key) {
        expression.remove(plan.savedAs)
      } else if (isAddition(value) && plan.type === 'number' && !plan.key) {
        const addend = value[$ADD]
        if (typeof addend !== 'number' || Number.isNaN(addend)) return undefined
        expression.add(plan.savedAs, addend)
      } else {
        return undefined
      }
    }
    return { Key, ...expression.build() }
  }
}

/** Whether the entity attribute's update default is toolbox's own: `$get(itself, entity name)`. */
function tagsWhereMissing(plan: AttributePlan, entity: Entity): boolean {
  const schema = entity.schema.attributes[plan.name] as { props: { updateDefault?: unknown } }
  const updateDefault = schema.props.updateDefault
  if (typeof updateDefault !== 'function') return false
  const reference: unknown = updateDefault()
  if (!isGetting(reference)) return false
  const [path, fallback] = (reference as { [$GET]: unknown[] })[$GET]
  return path === plan.name && fallback === entity.entityName
}

type Clause = 's' | 'r' | 'a'

/** toolbox's token scheme: `#s_1`, `:s_1`, ... numbered per clause, a name reused within it. */
class UpdateExpression {
  private readonly clauses: Record<Clause, string[]> = { s: [], r: [], a: [] }
  private readonly tokens: Record<Clause, Map<string, string>> = {
    s: new Map(),
    r: new Map(),
    a: new Map()
  }
  private readonly valueCursors: Record<Clause, number> = { s: 1, r: 1, a: 1 }
  private readonly names: Record<string, string> = {}
  private readonly values: Stored = {}

  set(attribute: string, value: unknown): void {
    this.clauses.s.push(`${this.name('s', attribute)} = ${this.value('s', value)}`)
  }

  setIfMissing(attribute: string, value: unknown): void {
    const name = this.name('s', attribute)
    this.clauses.s.push(`${name} = if_not_exists(${name}, ${this.value('s', value)})`)
  }

  remove(attribute: string): void {
    this.clauses.r.push(this.name('r', attribute))
  }

  add(attribute: string, value: number): void {
    this.clauses.a.push(`${this.name('a', attribute)} ${this.value('a', value)}`)
  }

  build(): Omit<FastUpdate, 'Key'> {
    const parts: string[] = []
    if (this.clauses.s.length > 0) parts.push(`SET ${this.clauses.s.join(', ')}`)
    if (this.clauses.r.length > 0) parts.push(`REMOVE ${this.clauses.r.join(', ')}`)
    if (this.clauses.a.length > 0) parts.push(`ADD ${this.clauses.a.join(', ')}`)
    return {
      UpdateExpression: parts.join(' '),
      ExpressionAttributeNames: this.names,
      ExpressionAttributeValues: this.values
    }
  }

  private name(clause: Clause, attribute: string): string {
    let token = this.tokens[clause].get(attribute)
    if (token === undefined) {
      token = `#${clause}_${this.tokens[clause].size + 1}`
      this.tokens[clause].set(attribute, token)
      this.names[token] = attribute
    }
    return token
  }

  private value(clause: Clause, value: unknown): string {
    const token = `:${clause}_${this.valueCursors[clause]}`
    this.valueCursors[clause] += 1
    this.values[token] = value
    return token
  }
}
