import type { Scenario } from '../support/scenario.js'
import { batchScenarios } from './batch.js'
import { conditionalWriteScenarios } from './conditionalWrites.js'
import { entityFeatureScenarios } from './entityFeatures.js'
import { idempotencyScenarios } from './idempotency.js'
import { itemSizeScenarios } from './itemSize.js'
import { timeToLiveScenarios } from './timeToLive.js'
import { transactGetScenarios } from './transactGet.js'
import { transactWriteCancellationScenarios } from './transactWriteCancellation.js'
import { transactWriteSuccessScenarios } from './transactWriteSuccess.js'
import { transactWriteValidationScenarios } from './transactWriteValidation.js'

export const scenarios: Scenario[] = [
  ...transactWriteSuccessScenarios,
  ...transactWriteCancellationScenarios,
  ...transactWriteValidationScenarios,
  ...idempotencyScenarios,
  ...transactGetScenarios,
  ...batchScenarios,
  ...itemSizeScenarios,
  ...conditionalWriteScenarios,
  ...timeToLiveScenarios,
  ...entityFeatureScenarios
]
