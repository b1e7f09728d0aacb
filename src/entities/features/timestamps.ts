import { ERROR_CODES, ValidationError } from '../../client/errors/index.js'

/**
 * `timestamps: true` gives an entity `createdAt` and `updatedAt` (ISO 8601, stored under those
 * names); `{ created: 'addedAt', updated: false }` names them or leaves one out. toolbox keeps
 * them: a put sets both, an update sets `updatedAt` and `createdAt` only where the item has none.
 */
export type TimestampsDeclaration =
  boolean | { readonly created?: string | false; readonly updated?: string | false }

export const DEFAULT_CREATED = 'createdAt'
export const DEFAULT_UPDATED = 'updatedAt'

type TimestampName<DECLARED, DEFAULT extends string> = DECLARED extends false
  ? false
  : DECLARED extends string
    ? { name: DECLARED; savedAs: DECLARED; hidden: false }
    : { name: DEFAULT; savedAs: DEFAULT; hidden: false }

/** toolbox's `timestamps` option for a declaration, as a type (so items are typed with them). */
export type ToolboxTimestamps<DECLARED extends TimestampsDeclaration> = DECLARED extends true
  ? {
      created: { name: typeof DEFAULT_CREATED; savedAs: typeof DEFAULT_CREATED; hidden: false }
      modified: { name: typeof DEFAULT_UPDATED; savedAs: typeof DEFAULT_UPDATED; hidden: false }
    }
  : DECLARED extends { created?: infer CREATED; updated?: infer UPDATED }
    ? {
        created: TimestampName<CREATED, typeof DEFAULT_CREATED>
        modified: TimestampName<UPDATED, typeof DEFAULT_UPDATED>
      }
    : false

export interface ResolvedTimestamps {
  /** What toolbox's Entity is given. */
  toolbox: false | { created: false | TimestampOption; modified: false | TimestampOption }
  /** The timestamp attributes, which the fast batch path fills in as toolbox does. */
  attributes: ReadonlySet<string>
}

interface TimestampOption {
  name: string
  savedAs: string
  hidden: false
}

export function toolboxTimestamps(
  entityName: string,
  declared: TimestampsDeclaration | undefined
): ResolvedTimestamps {
  if (declared === undefined || declared === false) return { toolbox: false, attributes: new Set() }
  const pick = (value: string | false | undefined, fallback: string) => {
    if (value === false) return false as const
    const name = value ?? fallback
    if (typeof name !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(name)) {
      throw new ValidationError(
        ERROR_CODES.invalidDeclaration,
        `${entityName}: timestamp attribute names must be identifiers`
      )
    }
    return { name, savedAs: name, hidden: false as const }
  }
  const created = pick(declared === true ? undefined : declared.created, DEFAULT_CREATED)
  const modified = pick(declared === true ? undefined : declared.updated, DEFAULT_UPDATED)
  const attributes = new Set([created, modified].flatMap(option => (option ? [option.name] : [])))
  return { toolbox: { created, modified }, attributes }
}
