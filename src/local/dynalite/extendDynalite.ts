import { checkIndexKeysOnWrite } from './indexKeyChecks.js'
import { keepMultiAttributeIndexes } from './multiAttributeIndexes.js'

/**
 * Installs, once per process, the changes to dynalite's own functions that give the embedded
 * backend DynamoDB's index behaviour. Each wraps the one installed before it, so a write has its
 * index keys checked before it reaches the index machinery.
 */
export function extendDynalite(): void {
  keepMultiAttributeIndexes()
  checkIndexKeysOnWrite()
}
