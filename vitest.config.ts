import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'examples/**/*.test.ts'],
    exclude: ['test/conformance/**', 'test/package/**', 'node_modules/**'],
    // Child processes run `bin/monotable.js` from the sources, never a stale `dist/`.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', MONOTABLE_FROM_SOURCE: '1' },
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
})
