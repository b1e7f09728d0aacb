import { checkIndexKeysOnWrite } from './indexKeyChecks.js'
import { keepMultiAttributeIndexes } from './multiAttributeIndexes.js'
import { sortUpdatedSets } from './sortedSets.js'

/**
 * Installs, once per process, the changes to dynalite's own functions that give the embedded
 * backend DynamoDB's index and set behaviour. Each wraps the one installed before it, so an update
 * first sorts the sets it changed, then has its index keys checked, then reaches the index
 * machinery.
 */
export function extendDynalite(): void {
  keepMultiAttributeIndexes()
  checkIndexKeysOnWrite()
  sortUpdatedSets()
}
