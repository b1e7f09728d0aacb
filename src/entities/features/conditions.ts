/**
 * Conditions monotable adds to the parameters toolbox built: that the item exists (updates), that
 * it does not (creations), that a unique value's guard belongs to the item. They are ANDed with
 * the caller's condition, under placeholders of their own (`#mt…`, `:mt…`) that toolbox's never
 * use (`#c…`, `:c…`).
 */
export type Params = Record<string, unknown>

export interface ExtraCondition {
  expression: string
  names?: Readonly<Record<string, string>>
  values?: Readonly<Record<string, unknown>>
}

export function withCondition(params: Params, condition: ExtraCondition): Params {
  const existing = params.ConditionExpression as string | undefined
  const names = { ...(params.ExpressionAttributeNames as object | undefined), ...condition.names }
  const values = {
    ...(params.ExpressionAttributeValues as object | undefined),
    ...condition.values
  }
  return {
    ...params,
    ConditionExpression:
      existing === undefined ? condition.expression : `(${existing}) AND (${condition.expression})`,
    ...(Object.keys(names).length === 0 ? {} : { ExpressionAttributeNames: names }),
    ...(Object.keys(values).length === 0 ? {} : { ExpressionAttributeValues: values })
  }
}

/** The item exists: its partition key attribute is there. */
export function itemExists(partitionKey: string): ExtraCondition {
  return { expression: 'attribute_exists(#mtpk)', names: { '#mtpk': partitionKey } }
}

export function itemMissing(partitionKey: string): ExtraCondition {
  return { expression: 'attribute_not_exists(#mtpk)', names: { '#mtpk': partitionKey } }
}

/**
 * Each attribute holds the value given, or is absent where the value is `undefined`. `prefix`
 * keeps the placeholders of two such conditions on one write apart.
 */
export function attributesEqual(
  values: Readonly<Record<string, unknown>>,
  prefix = 'mteq'
): ExtraCondition {
  const clauses: string[] = []
  const names: Record<string, string> = {}
  const placeholders: Record<string, unknown> = {}
  Object.entries(values).forEach(([attribute, value], index) => {
    const placeholder = `${prefix}${index}`
    names[`#${placeholder}`] = attribute
    if (value === undefined) clauses.push(`attribute_not_exists(#${placeholder})`)
    else {
      placeholders[`:${placeholder}`] = value
      clauses.push(`#${placeholder} = :${placeholder}`)
    }
  })
  return { expression: clauses.join(' AND '), names, values: placeholders }
}
