import { keepMultiAttributeIndexes } from './multiAttributeIndexes.js'

/**
 * Installs, once per process, the changes to dynalite's own functions that give the embedded
 * backend DynamoDB's index behaviour.
 */
export function extendDynalite(): void {
  keepMultiAttributeIndexes()
}
