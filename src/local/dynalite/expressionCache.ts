type Parse = (input: string, options?: object) => unknown

/** What dynalite's expression parsers read from, and write to, their context. */
interface ParseContext {
  attrNames?: Record<string, string> | null
  attrVals?: Record<string, unknown> | null
  unusedAttrNames?: Record<string, boolean>
  unusedAttrVals?: Record<string, boolean>
}

interface CachedParse {
  readonly tree: unknown
  /** The names and values the expression used: a hit marks them used, as the parse did. */
  readonly names: readonly string[]
  readonly values: readonly string[]
}

/** Distinct expressions a parser remembers: the oldest is forgotten first. */
const CAPACITY = 2_000

/**
 * Remembers the trees of expressions already parsed. An application sends the same few
 * expressions over and over (a transaction's conditions and updates differ only in their values,
 * and often not even in those), and parsing them was the largest part of the embedded backend's
 * time on a transaction (`npm run bench`, placeOrder).
 *
 * A tree depends on the expression and on the names and values it resolves, so all three make the
 * key. A parse also marks the names and values it used (dynalite then refuses unused ones): a hit
 * marks the same ones. A hit hands out a copy, as dynalite may keep parts of the tree in the items
 * it writes. Expressions that fail are not remembered; their errors come from the parser each time.
 */
export function cachedParser(parse: Parse): Parse {
  const cache = new Map<string, CachedParse>()
  return (input, options) => {
    const context = (options as { context?: ParseContext } | undefined)?.context
    if (context === undefined) return parse(input, options)
    const key = `${input}\u0000${namesAndValuesOf(context)}`
    const cached = cache.get(key)
    if (cached !== undefined) {
      markUsed(context, cached)
      return copyTree(cached.tree)
    }
    // The parse marks what it uses in a context of its own, in which every name and value starts
    // unused: another expression of the same request may already have marked some.
    const names = Object.keys(context.attrNames ?? {})
    const values = Object.keys(context.attrVals ?? {})
    const probe: ParseContext = {
      ...context,
      unusedAttrNames: Object.fromEntries(names.map(name => [name, true])),
      unusedAttrVals: Object.fromEntries(values.map(value => [value, true]))
    }
    const tree = parse(input, { ...options, context: probe })
    const parsed: CachedParse = {
      tree: copyTree(tree),
      names: names.filter(name => probe.unusedAttrNames?.[name] === undefined),
      values: values.filter(value => probe.unusedAttrVals?.[value] === undefined)
    }
    if (cache.size >= CAPACITY) cache.delete(cache.keys().next().value as string)
    cache.set(key, parsed)
    markUsed(context, parsed)
    return tree
  }
}

/** A request's expressions share one context: its names and values are serialised once. */
const serialised = new WeakMap<ParseContext, string>()

function namesAndValuesOf(context: ParseContext): string {
  let text = serialised.get(context)
  if (text === undefined) {
    text = `${JSON.stringify(context.attrNames ?? null)}\u0000${JSON.stringify(context.attrVals ?? null)}`
    serialised.set(context, text)
  }
  return text
}

function markUsed(context: ParseContext, parsed: CachedParse): void {
  for (const name of parsed.names) delete context.unusedAttrNames?.[name]
  for (const value of parsed.values) delete context.unusedAttrVals?.[value]
}

/**
 * A deep copy of a parse tree: arrays, objects and primitives. Objects keep their prototype
 * (dynalite builds `pathHeads` and `nestedPaths` without one, and looks key names up in them), and
 * an own `__proto__` (a map value's key) stays a property.
 */
function copyTree(tree: unknown): unknown {
  if (Array.isArray(tree)) return tree.map(copyTree)
  if (typeof tree !== 'object' || tree === null) return tree
  const copy = Object.create(Object.getPrototypeOf(tree) as object | null) as Record<
    string,
    unknown
  >
  for (const key of Object.keys(tree)) {
    const value = copyTree((tree as Record<string, unknown>)[key])
    if (key === '__proto__') {
      Object.defineProperty(copy, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true
      })
    } else {
      copy[key] = value
    }
  }
  return copy
}
