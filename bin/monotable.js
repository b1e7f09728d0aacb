#!/usr/bin/env node
// The `monotable` command. Runs the compiled CLI. From a source checkout, the TypeScript sources run
// through tsx (a development dependency) when `dist/` is absent or `MONOTABLE_FROM_SOURCE=1` is set:
// the test suite sets it, so it never runs a `dist/` older than the sources.
import { existsSync } from 'node:fs'

const compiled = new URL('../dist/local/cli.js', import.meta.url)
let cli
if (process.env.MONOTABLE_FROM_SOURCE !== '1' && existsSync(compiled)) {
  cli = await import(compiled.href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  cli = await import(new URL('../src/local/cli.ts', import.meta.url).href)
}
process.exitCode = await cli.runCli(process.argv.slice(2))
