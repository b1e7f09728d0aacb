import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { promisify } from 'node:util'

import { describe, expect, it } from 'vitest'

const run = promisify(execFile)

/** Runs an example as a user would, in its own Node process. */
async function runExample(path: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path], { timeout: 120_000 })
  return stdout
}

describe('examples', () => {
  it("the README's usage block is examples/quickstart.ts", async () => {
    const readme = await readFile('README.md', 'utf8')
    const usage = readme.split('## Usage')[1]?.match(/```ts\n([\s\S]*?)```/)?.[1]
    const example = await readFile('examples/quickstart.ts', 'utf8')
    expect(usage).toBe(example.replace("from '../src/index.js'", "from 'monotable'"))
  })

  it("the README's testing-kit example is examples/testingKit.test.ts, which the suite runs", async () => {
    const readme = await readFile('README.md', 'utf8')
    const example = readme.split('## Testing your app')[1]?.match(/```ts\n([\s\S]*?)```/)?.[1]
    const file = await readFile('examples/testingKit.test.ts', 'utf8')
    expect(example).toBe(
      file
        .replace("from '../src/testing/index.js'", "from 'monotable/testing'")
        .replace("from '../src/index.js'", "from 'monotable'")
    )
  })

  it('the quickstart runs and reads back what it wrote', async () => {
    expect(await runExample('examples/quickstart.ts')).toBe(
      'Ada Lovelace wrote 2 notes; latest: "Notes on note G"\n5 stars: "Engines weave algebra"\n'
    )
  })

  it('the demo (npm start) runs on the embedded backend and exits cleanly', async () => {
    const output = await runExample('examples/demo.ts')
    expect(output).toContain('created 3 customers and 4 products; placed 4 orders as transactions')
    expect(output).toContain('cancelled o-1004: its pens are back in stock (497)')
    expect(output).toContain('an order for 99 mugs was refused as a whole (short: MUG-ENG)')
    expect(output).toContain('a second customer with ada@example.com was refused')
    expect(output).toMatch(
      /Ada Lovelace <ada@example.com>: 2 order\(s\), newest first\n {2}2026-11-20 {2}o-1003/
    )
    expect(output).toMatch(/wrote 9000 items in \d+ calls: \d+ items\/s/)
    expect(output).toContain('read back 200/200 sampled orders with batchGet')
    expect(output).toContain('backend closed')
  })
})
