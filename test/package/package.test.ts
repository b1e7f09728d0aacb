import { execFile, spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'

import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const repo = resolve(import.meta.dirname, '../..')
/** The peers an app installs beside monotable, at the versions this repository is tested with. */
const PEERS = ['dynamodb-toolbox', '@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb']
const APP_TOOLS = ['typescript', '@types/node']

async function versionOf(name: string): Promise<string> {
  const manifest = JSON.parse(
    await readFile(join(repo, 'node_modules', name, 'package.json'), 'utf8')
  )
  return `${name}@${manifest.version as string}`
}

async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run('npm', args, { cwd, maxBuffer: 64 * 1024 * 1024, timeout: 240_000 })
  return stdout
}

/**
 * The package as an app gets it: `npm pack`, then installed from the tarball into a scratch app
 * with its own copies of the peers. Everything below uses only what the tarball ships.
 */
describe('the packed package, installed into an app', () => {
  let app: string
  let installed: string

  beforeAll(async () => {
    app = await mkdtemp(join(tmpdir(), 'monotable-app-'))
    const [packed] = JSON.parse(await npm(['pack', '--json', '--pack-destination', app], repo))
    const tarball = join(app, packed.filename as string)
    await writeFile(
      join(app, 'package.json'),
      JSON.stringify({ name: 'scratch-app', private: true, type: 'module' })
    )
    const versions = await Promise.all([...PEERS, ...APP_TOOLS].map(versionOf))
    await npm(['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, ...versions], app)
    installed = join(app, 'node_modules', 'monotable')
  })

  afterAll(async () => {
    if (app !== undefined) await rm(app, { recursive: true, force: true })
  })

  it('installs one copy of each peer: the app’s', async () => {
    const nested = await readdir(join(installed, 'node_modules')).catch(() => [])
    for (const peer of PEERS) expect(nested).not.toContain(peer.split('/')[0])
  })

  it('type-checks and runs the README quickstart against the shipped declarations', async () => {
    const readme = await readFile(join(repo, 'README.md'), 'utf8')
    const quickstart = readme.split('## Usage')[1]?.match(/```ts\n([\s\S]*?)```/)?.[1]
    expect(quickstart).toContain("from 'monotable'")
    await writeFile(join(app, 'quickstart.ts'), quickstart as string)
    await writeFile(
      join(app, 'entries.ts'),
      [
        "import { createShop } from 'monotable/shop'",
        "import { startTestBackend, useTestTables } from 'monotable/testing'",

        "import { createClient, defineTable } from 'monotable'",
        'export const uses = [createShop, startTestBackend, useTestTables, createClient, defineTable]'
      ].join('\n')
    )
    await writeFile(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          outDir: 'out',
          types: ['node']
        },
        files: ['quickstart.ts', 'entries.ts']
      })
    )
    const typeCheck = await run(
      process.execPath,
      [join(app, 'node_modules/typescript/bin/tsc'), '-p', app],
      { cwd: app }
    ).catch((error: { stdout?: string }) => ({ stdout: String(error.stdout), failed: true }))
    // toolbox's own declarations do not pass `exactOptionalPropertyTypes` (apps use skipLibCheck);
    // everything else, monotable's declarations and the app's code, must.
    const problems = typeCheck.stdout
      .split('\n')
      .filter(
        line => line.includes('error TS') && !line.startsWith('node_modules/dynamodb-toolbox/')
      )
    expect(problems).toEqual([])
    const { stdout } = await run(process.execPath, [join(app, 'out/quickstart.js')], {
      cwd: app,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }
    })
    expect(stdout).toBe(
      'Ada Lovelace wrote 2 notes; latest: "Notes on note G"\n5 stars: "Engines weave algebra"\n'
    )
  })

  it('ships source maps whose sources are in the package', async () => {
    const maps = (await readdir(join(installed, 'dist'), { recursive: true })).filter(file =>
      file.endsWith('.map')
    )
    expect(maps.length).toBeGreaterThan(0)
    for (const map of maps) {
      const { sources } = JSON.parse(await readFile(join(installed, 'dist', map), 'utf8'))
      for (const source of sources as string[]) {
        const path = resolve(join(installed, 'dist', dirname(map)), source)
        await expect(readFile(path), `${map} -> ${source}`).resolves.toBeDefined()
      }
    }
  })

  it('serves `npx monotable local` from the installed package to any SDK client', async () => {
    const child = spawn(join(app, 'node_modules/.bin/monotable'), ['local', '--port', '0'], {
      cwd: app,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }
    })
    try {
      const endpoint = await new Promise<string>((resolvePromise, reject) => {
        let output = ''
        child.stdout.on('data', chunk => {
          output += String(chunk)
          const match = output.match(/listening on (http:\/\/\S+)/)
          if (match?.[1]) resolvePromise(match[1])
        })
        child.once('exit', code => reject(new Error(`monotable local exited (${code}): ${output}`)))
      })
      const client = new DynamoDBClient({
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'any', secretAccessKey: 'any' }
      })
      expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual([])
      client.destroy()
    } finally {
      child.kill('SIGTERM')
    }
  })
})
