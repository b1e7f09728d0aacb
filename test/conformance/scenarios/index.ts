import type { Scenario } from '../support/scenario.js'
import { batchScenarios } from './batch.js'
import { batchGetCapacityScenarios } from './batchGetCapacity.js'
import { conditionalWriteScenarios } from './conditionalWrites.js'
import { entityFeatureScenarios } from './entityFeatures.js'
import { idempotencyScenarios } from './idempotency.js'
import { itemSizeScenarios } from './itemSize.js'
import { multiAttributeIndexUpdateScenarios } from './multiAttributeIndexUpdates.js'
import { multiAttributeQueryErrorScenarios } from './multiAttributeQueryErrors.js'
import { multiAttributeQueryScenarios } from './multiAttributeQueries.js'
import { multiAttributeTableScenarios } from './multiAttributeTables.js'
import { multiAttributeWriteScenarios } from './multiAttributeWrites.js'
import { setOrderingScenarios } from './setOrdering.js'
import { timeToLiveScenarios } from './timeToLive.js'
import { transactGetScenarios } from './transactGet.js'
import { transactWriteCancellationScenarios } from './transactWriteCancellation.js'
import { transactWriteSuccessScenarios } from './transactWriteSuccess.js'
import { transactWriteValidationScenarios } from './transactWriteValidation.js'

/** References M1 to M9 are sections of ../reference/multi-attribute-indexes.md, the rest of
 * /work/shared/reference/dynamodb-semantics.md. */
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
  ...entityFeatureScenarios,
  ...multiAttributeTableScenarios,
  ...multiAttributeWriteScenarios,
  ...multiAttributeQueryScenarios,
  ...multiAttributeQueryErrorScenarios,
  ...multiAttributeIndexUpdateScenarios,
  ...setOrderingScenarios,
  ...batchGetCapacityScenarios
]
