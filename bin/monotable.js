#!/usr/bin/env node
// The `monotable` command. Runs the compiled CLI; in a source checkout without `dist/` it loads the
// TypeScript sources through tsx (a development dependency).
import { existsSync } from 'node:fs'

const compiled = new URL('../dist/local/cli.js', import.meta.url)
let cli
if (existsSync(compiled)) {
  cli = await import(compiled.href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  cli = await import(new URL('../src/local/cli.ts', import.meta.url).href)
}
process.exitCode = await cli.runCli(process.argv.slice(2))
