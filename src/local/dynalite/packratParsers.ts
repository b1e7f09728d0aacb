import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

import { cachedParser } from './expressionCache.js'

/**
 * dynalite parses every condition, update and projection expression with parsers PEG.js generated
 * without its `cache` option, so they backtrack: an operand in parentheses is tried as a
 * condition, fails, and is parsed again as a comparison, at every level. `(a >= :a) AND (b = :b)`
 * costs several times `a >= :a AND b = :b`, and the conditions toolbox writes (and monotable
 * extends) are parenthesised that way: profiled, half the embedded backend's time on a
 * transaction went to re-parsing them.
 *
 * This rebuilds the three parsers from dynalite's own generated code with what PEG.js's `cache`
 * option adds (a packrat memo per rule and input position, which makes parsing linear) and puts
 * them in place of dynalite's. The grammar, its actions and their results are unchanged; a
 * memoised rule just answers from the memo instead of running again, as PEG.js documents for
 * that option. `test/packratParsers.test.ts` checks that both give the same trees and errors.
 */

const require = createRequire(import.meta.url)
const PARSERS = [
  'dynalite/db/conditionParser',
  'dynalite/db/updateParser',
  'dynalite/db/projectionParser'
] as const

type Parse = (input: string, options?: object) => unknown

let installed = false

/** Replaces dynalite's parsers with memoised ones that remember their trees (once per process). */
export function installPackratParsers(): void {
  if (installed) return
  for (const name of PARSERS) {
    const module = require(name) as { parse: Parse }
    module.parse = cachedParser(memoisedParser(name))
  }
  installed = true
}

/** dynalite's original parser, for the test that compares the two. */
export function originalParser(name: (typeof PARSERS)[number]): Parse {
  return loadParser(readFileSync(require.resolve(name), 'utf8'))
}

/**
 * dynalite's generated parser, rebuilt with a packrat memo. A memoised parse does not replay the
 * failures a memo hit skips, so its syntax errors would list fewer expected tokens: an input that
 * fails is parsed again by the original, whose error is the one thrown. Errors are rare; they
 * cost both parses.
 */
export function memoisedParser(name: (typeof PARSERS)[number]): Parse {
  const source = readFileSync(require.resolve(name), 'utf8')
  const memoised = loadParser(withPackratMemo(source))
  let original: Parse | undefined
  return (input, options) => {
    try {
      return memoised(input, options)
    } catch {
      original ??= loadParser(source)
      return original(input, options)
    }
  }
}

const RULE = /^ {2}function (peg\$parse\w+)\(\) \{\n( {4}var [^\n]*;\n)/gm
const RULE_END = /\n {4}return s0;\n {2}\}\n/g
const ENTRY = 'function peg$parse(input, options) {\n'

/** What PEG.js 0.10's `cache: true` generates, added to code it generated without it. */
export function withPackratMemo(source: string): string {
  const rules = [...source.matchAll(RULE)].map(match => match[1])
  const ends = source.match(RULE_END)?.length ?? 0
  if (rules.length === 0 || rules.length !== ends || !source.includes(ENTRY)) {
    throw new Error('dynalite: an expression parser is not the PEG.js 0.10 code expected')
  }
  let rule = 0
  return source
    .replace(ENTRY, `${ENTRY}  var peg$resultsCache = {};\n`)
    .replace(RULE, (_, name: string, declarations: string) => {
      const key = `peg$currPos * ${rules.length} + ${rule++}`
      return (
        `  function ${name}() {\n${declarations}` +
        `    var key = ${key}, cached = peg$resultsCache[key];\n` +
        // The memo keeps, and a hit hands out, copies of array results: an action (resolving the
        // names of a path) writes into the array it is given, and must not write into the memo.
        `    if (cached) { peg$currPos = cached.nextPos; return Array.isArray(cached.result) ? cached.result.slice() : cached.result; }\n`
      )
    })
    .replace(
      RULE_END,
      '\n    peg$resultsCache[key] = { nextPos: peg$currPos, result: Array.isArray(s0) ? s0.slice() : s0 };\n    return s0;\n  }\n'
    )
}

function loadParser(source: string): Parse {
  const module = { exports: {} as { parse?: Parse } }
  // The generated code is CommonJS without requires of its own.
  new Function('module', 'exports', source)(module, module.exports)
  if (typeof module.exports.parse !== 'function') {
    throw new Error('dynalite: an expression parser did not load')
  }
  return module.exports.parse
}
