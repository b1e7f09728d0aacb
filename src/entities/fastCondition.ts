import { type AttributePlan, isPlainObject, isValid } from './fastParser.js'

/** A condition as toolbox's `EntityConditionParser` expresses it. */
export interface FastCondition {
  ConditionExpression: string
  ExpressionAttributeNames: Record<string, string>
  ExpressionAttributeValues: Record<string, unknown>
}

const COMPARISONS: Readonly<Record<string, string>> = {
  eq: '=',
  ne: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<='
}

/** Names toolbox reads as one attribute, not as a path (no dots, brackets or spaces). */
const PLAIN_NAME = /^[A-Za-z0-9_-]+$/

/**
 * The fast path of conditions for plain schemas: comparisons of an attribute with a value of its
 * type (`{ attr: 'stock', gte: 1 }`), `exists`, and `and`/`or`/`not` of those. Anything else (a
 * path, `size`, `between`, `in`, a comparison with another attribute, a value that does not parse)
 * returns `undefined`, and toolbox's parser builds it or throws its error.
 *
 * Why: toolbox's condition parser searches the schema and parses each value through a generator;
 * on a transaction of conditional writes it took more CPU than building the writes themselves
 * (`npm run bench`, placeOrder). The expression, tokens and numbering are toolbox's;
 * `test/fastCondition.test.ts` checks that both build the same.
 */
export function compileFastCondition(
  plans: readonly AttributePlan[]
): (condition: unknown) => FastCondition | undefined {
  // toolbox reads `attr` as a path of names, and writes the stored name into the expression.
  const byName = new Map(
    plans
      .filter(plan => PLAIN_NAME.test(plan.name) && PLAIN_NAME.test(plan.savedAs))
      .map(plan => [plan.name, plan])
  )
  return condition => {
    const state: ExpressionState = { names: {}, values: {}, tokens: new Map(), cursor: 1 }
    const expression = express(condition, byName, state)
    if (expression === undefined) return undefined
    return {
      ConditionExpression: expression,
      ExpressionAttributeNames: state.names,
      ExpressionAttributeValues: state.values
    }
  }
}

interface ExpressionState {
  names: Record<string, string>
  values: Record<string, unknown>
  tokens: Map<string, string>
  cursor: number
}

function express(
  condition: unknown,
  plans: ReadonlyMap<string, AttributePlan>,
  state: ExpressionState
): string | undefined {
  if (!isPlainObject(condition)) return undefined
  const keys = Object.keys(condition)
  if (keys.length === 1) {
    const [logical] = keys
    if (logical === 'not') {
      const inner = express(condition.not, plans, state)
      return inner === undefined ? undefined : `NOT (${inner})`
    }
    if (logical !== 'and' && logical !== 'or') return undefined
    const children = condition[logical]
    if (!Array.isArray(children) || children.length === 0) return undefined
    const expressed: string[] = []
    for (const child of children) {
      const inner = express(child, plans, state)
      if (inner === undefined) return undefined
      expressed.push(inner)
    }
    if (expressed.length === 1) return expressed[0]
    return `(${expressed.join(logical === 'and' ? ') AND (' : ') OR (')})`
  }
  if (keys.length !== 2 || typeof condition.attr !== 'string') return undefined
  const plan = plans.get(condition.attr)
  if (plan === undefined) return undefined
  const operator = keys[0] === 'attr' ? keys[1] : keys[0]
  if (operator === 'exists') {
    if (typeof condition.exists !== 'boolean') return undefined
    const name = nameToken(plan.savedAs, state)
    return condition.exists ? `attribute_exists(${name})` : `attribute_not_exists(${name})`
  }
  const comparison = operator === undefined ? undefined : COMPARISONS[operator]
  if (comparison === undefined || operator === undefined) return undefined
  const value = condition[operator]
  if (!isValid(plan, value)) return undefined
  const name = nameToken(plan.savedAs, state)
  return `${name} ${comparison} ${valueToken(value, state)}`
}

function nameToken(attribute: string, state: ExpressionState): string {
  let token = state.tokens.get(attribute)
  if (token === undefined) {
    token = `#c_${state.tokens.size + 1}`
    state.tokens.set(attribute, token)
    state.names[token] = attribute
  }
  return token
}

function valueToken(value: unknown, state: ExpressionState): string {
  const token = `:c_${state.cursor}`
  state.cursor += 1
  state.values[token] = value
  return token
}
