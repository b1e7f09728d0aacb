/** Every error monotable throws, with its code registry (see `base.ts` for the safety rule). */
export * from './base.js'
export * from './batchErrors.js'
export * from './requestErrors.js'
export * from './transactionErrors.js'
export * from './itemErrors.js'
export * from './backfillErrors.js'
