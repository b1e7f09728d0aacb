import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/conformance/**/*.test.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false
  }
})
