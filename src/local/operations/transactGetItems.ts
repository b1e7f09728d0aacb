import { runAction } from '../dynalite/internals.js'
import type { LocalContext, Request, Response } from './context.js'
import { parseTransaction } from './transactionRequests.js'

/**
 * TransactGetItems, which dynalite lacks: every Get is read under the exclusive lock, so the items
 * come from one consistent state. Each Get is dynalite's GetItem (projection included); a missing
 * item answers `{}` at its index.
 */
export async function transactGetItems(context: LocalContext, request: Request): Promise<Response> {
  const actions = await parseTransaction(context.store, request, ['Get'])
  return context.lock.exclusive(async () => {
    const Responses: Response[] = []
    for (const action of actions) {
      const { Item } = await runAction(context.store, 'getItem', action.data)
      Responses.push(Item === undefined ? {} : { Item })
    }
    return { Responses }
  })
}
