import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/conformance/**/*.test.ts'],
    // Child processes run `bin/monotable.js` from the sources, never a stale `dist/`.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', MONOTABLE_FROM_SOURCE: '1' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false
  }
})
