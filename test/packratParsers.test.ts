import { describe, expect, it } from 'vitest'

import { cachedParser } from '../src/local/dynalite/expressionCache.js'
import { memoisedParser, originalParser } from '../src/local/dynalite/packratParsers.js'
import { seededRandom } from './support/random.js'

// dynalite's own helpers, as its request validation hands them to the parsers.
import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
const dynaliteDb = require('dynalite/db') as { compare: unknown }
const { isReserved } = (() => {
  const words = new Set(['STATUS', 'NAME', 'SIZE', 'DATA', 'VALUE', 'KEY'])
  return { isReserved: (name: string) => words.has(name.toUpperCase()) }
})()

type Parser =
  'dynalite/db/conditionParser' | 'dynalite/db/updateParser' | 'dynalite/db/projectionParser'

const NAMES = { '#a': 'stock', '#b': 'price', '#c': 'tags', '#d': 'status', '#e': 'pk' }
const VALUES = {
  ':s': { S: 'x' },
  ':t': { S: 'y' },
  ':n': { N: '1' },
  ':m': { N: '100' },
  ':l': { L: [{ S: 'z' }] },
  ':ss': { SS: ['a', 'b'] },
  ':type': { S: 'N' }
}

function context() {
  return {
    attrNames: NAMES,
    attrVals: VALUES,
    unusedAttrNames: Object.fromEntries(Object.keys(NAMES).map(name => [name, true])),
    unusedAttrVals: Object.fromEntries(Object.keys(VALUES).map(name => [name, true])),
    isReserved,
    compare: dynaliteDb.compare
  }
}

/** What a parse does: its tree (or its error), and what it marked used in the context. */
function outcome(parse: (input: string, options?: object) => unknown, input: string): unknown {
  const ctx = context()
  try {
    return {
      tree: parse(input, { context: ctx }),
      unusedNames: ctx.unusedAttrNames,
      unusedValues: ctx.unusedAttrVals
    }
  } catch (error) {
    return { error: (error as Error).name, message: (error as Error).message }
  }
}

function expectSameParses(parser: Parser, inputs: readonly string[]): void {
  const original = originalParser(parser)
  const memoised = memoisedParser(parser)
  const cached = cachedParser(memoisedParser(parser))
  for (const input of inputs) {
    const expected = outcome(original, input)
    expect(outcome(memoised, input), input).toEqual(expected)
    // The first parse fills the cache; the second answers from it.
    expect(outcome(cached, input), input).toEqual(expected)
    expect(outcome(cached, input), input).toEqual(expected)
  }
}

/** Random conditions: every operator and function, paths, nesting in parentheses, and damage. */
function randomConditions(seed: number, count: number): string[] {
  const random = seededRandom(seed)
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T
  const path = () =>
    pick([
      '#a',
      '#b',
      '#c',
      '#d',
      'stock',
      'status',
      'name',
      'tags[0]',
      '#c[1].x',
      'a.b.c',
      '#a.#b',
      'size'
    ])
  const value = () => pick([':s', ':t', ':n', ':m', ':l', ':ss', ':missing'])
  const operand = (): string => {
    const roll = random()
    if (roll < 0.45) return path()
    if (roll < 0.85) return value()
    if (roll < 0.92) return `size(${path()})`
    return `(${operand()})`
  }
  const condition = (depth: number): string => {
    const roll = random()
    if (depth > 3 || roll < 0.3) {
      const kind = random()
      if (kind < 0.4) return `${operand()} ${pick(['=', '<>', '<', '<=', '>', '>='])} ${operand()}`
      if (kind < 0.5) return `${operand()} BETWEEN ${operand()} AND ${operand()}`
      if (kind < 0.6) return `${operand()} IN (${operand()}, ${operand()})`
      if (kind < 0.7) return `attribute_exists(${path()})`
      if (kind < 0.75) return `attribute_not_exists(${operand()})`
      if (kind < 0.8) return `attribute_type(${path()}, ${pick([':type', ':s'])})`
      if (kind < 0.9) return `begins_with(${operand()}, ${operand()})`
      return `contains(${operand()}, ${operand()})`
    }
    if (roll < 0.55) return `${condition(depth + 1)} AND ${condition(depth + 1)}`
    if (roll < 0.7) return `${condition(depth + 1)} OR ${condition(depth + 1)}`
    if (roll < 0.8) return `NOT ${condition(depth + 1)}`
    return `(${condition(depth + 1)})`
  }
  const damaged = (input: string) => {
    if (random() > 0.1) return input
    const at = Math.floor(random() * input.length)
    return input.slice(0, at) + input.slice(at + 1)
  }
  return Array.from({ length: count }, () => damaged(condition(0)))
}

describe('packrat-memoised dynalite parsers', () => {
  it('parse conditions to the same trees, errors and used names as dynalite’s own', () => {
    expectSameParses('dynalite/db/conditionParser', [
      '((#a >= :n) AND (#b = :m)) AND (attribute_exists(#e))',
      '(((((#a = :n)))))',
      'NOT (#a = :n OR (#b < :m AND NOT #d IN (:s, :t)))',
      '#a BETWEEN :m AND :n',
      'size(#c) > :n AND begins_with(#d, :s)',
      'status = :s',
      '#a = :undefined',
      '#undefined = :n',
      '#a = :n AND',
      'attribute_exists(#a, #b)',
      'attribute_type(#a, :n)',
      '#a.#b[3].c = :s',
      'contains(#c, :s) OR contains(:s, #c)',
      ...randomConditions(7, 1_000)
    ])
  })

  it('parse updates and projections alike', () => {
    expectSameParses('dynalite/db/updateParser', [
      'SET #a = :n, #b = if_not_exists(#b, :m) ADD #c :ss',
      'SET #a = #a + :n, #b = list_append(#c, :l) REMOVE #d',
      'SET #a = (#a + :n)',
      'SET #a = :n SET #b = :m',
      'REMOVE #a, #b[1], #c.x DELETE #c :ss',
      'ADD status :n',
      'SET #a = :missing',
      'SET #a = if_not_exists(#a)',
      'SET = :n'
    ])
    expectSameParses('dynalite/db/projectionParser', [
      '#a, #b, tags[0], a.b.c',
      '#a, #a',
      'status, #d',
      '#missing',
      '#a,'
    ])
  })

  describe('remembered trees', () => {
    it('mark the names and values they use, even where another expression marked them first', () => {
      const update = cachedParser(memoisedParser('dynalite/db/updateParser'))
      const condition = cachedParser(memoisedParser('dynalite/db/conditionParser'))
      // One request: its update uses #a and :n first, then its condition uses them again.
      const shared = context()
      update('ADD #a :n', { context: shared })
      condition('#a >= :n AND #b = :m', { context: shared })
      // Another request sends the condition alone: the remembered parse still marks #a and :n.
      const alone = context()
      condition('#a >= :n AND #b = :m', { context: alone })
      expect(Object.keys(alone.unusedAttrNames)).toEqual(['#c', '#d', '#e'])
      expect(Object.keys(alone.unusedAttrVals)).toEqual([':s', ':t', ':l', ':ss', ':type'])
    })

    it('are handed out as copies, and depend on the values they resolve', () => {
      const condition = cachedParser(memoisedParser('dynalite/db/conditionParser'))
      type Tree = { expression: { args: unknown[] } }
      const first = condition('#a = :n', { context: context() }) as Tree
      first.expression.args.length = 0
      const second = condition('#a = :n', { context: context() }) as Tree
      expect(second.expression.args).toEqual([['stock'], { N: '1' }])
      const other = { ...context(), attrVals: { ...VALUES, ':n': { N: '2' } } }
      expect(condition('#a = :n', { context: other })).toEqual(
        originalParser('dynalite/db/conditionParser')('#a = :n', { context: other })
      )
    })

    it('keep the prototypes of the trees and a map key named __proto__ (found in review)', () => {
      const condition = cachedParser(memoisedParser('dynalite/db/conditionParser'))
      const values = { ...VALUES, ':m': JSON.parse('{"M":{"__proto__":{"S":"x"}}}') as unknown }
      const ctx = () => ({ ...context(), attrVals: values })
      const original = originalParser('dynalite/db/conditionParser')('#a = :m', { context: ctx() })
      condition('#a = :m', { context: ctx() })
      const remembered = condition('#a = :m', { context: ctx() }) as Record<string, unknown>
      expect(remembered).toEqual(original)
      // dynalite looks key names up in pathHeads: toString must not be found on a prototype.
      expect(Object.getPrototypeOf(remembered.pathHeads)).toBe(
        Object.getPrototypeOf((original as Record<string, unknown>).pathHeads)
      )
      const args = (remembered.expression as { args: [unknown, { M: object }] }).args
      expect(Object.keys(args[1].M)).toEqual(['__proto__'])
    })
  })
})
