/**
 * `monotable/testing`: the embedded backend for test suites, one per test worker, with tables
 * created once, a fast reset between tests and fixtures loaded through entities. Works with vitest
 * and with jest (pass its hooks); nothing here imports a test framework.
 */
export { startTestBackend, type TestBackend, type TestBackendOptions } from './testBackend.js'
export {
  useTestTables,
  type TestHooks,
  type TestTables,
  type TestTablesSetup
} from './useTestTables.js'
