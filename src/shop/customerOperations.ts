import type { MonotableClient } from '../client/createClient.js'
import { NotFoundError } from '../client/errors/index.js'
import { normalizeEmail } from './customerEmail.js'
import type { ShopEntities } from './shopEntities.js'

export interface NewCustomer {
  customerId: string
  email: string
  name: string
}

/**
 * Customers with unique emails. `createCustomer` writes the customer and its email's uniqueness item
 * in one transaction; `changeCustomerEmail` moves the uniqueness item in one transaction. (Writing
 * customers with `Customer.put` skips the check.)
 */
export function customerOperations(
  client: MonotableClient,
  { Customer, CustomerEmail }: ShopEntities
) {
  /**
   * @throws TransactionCanceledError if the customer exists (reason on `Customer`) or another
   *   customer holds the email (reason on `CustomerEmail`); nothing is written then
   */
  async function createCustomer(customer: NewCustomer) {
    await client.transactWrite([
      Customer.transactPut(customer, { condition: { attr: 'customerId', exists: false } }),
      CustomerEmail.transactPut(
        { email: normalizeEmail(customer.email), customerId: customer.customerId },
        { condition: { attr: 'email', exists: false } }
      )
    ])
    return customer
  }

  /**
   * @throws NotFoundError if there is no such customer
   * @throws TransactionCanceledError if another customer holds the email, or the customer's email
   *   changed meanwhile; nothing is written then
   */
  async function changeCustomerEmail(customerId: string, email: string) {
    const current = await Customer.get({ customerId }, { consistent: true })
    if (current === undefined) throw new NotFoundError('Customer', 'changeCustomerEmail')
    const updateCustomer = Customer.transactUpdate(
      { customerId, email },
      { condition: { attr: 'email', eq: current.email } }
    )
    const [from, to] = [normalizeEmail(current.email), normalizeEmail(email)]
    await client.transactWrite(
      from === to
        ? [updateCustomer]
        : [
            updateCustomer,
            CustomerEmail.transactDelete(
              { email: from },
              { condition: { attr: 'customerId', eq: customerId } }
            ),
            CustomerEmail.transactPut(
              { email: to, customerId },
              { condition: { attr: 'email', exists: false } }
            )
          ]
    )
    return { ...current, email }
  }

  return { createCustomer, changeCustomerEmail }
}
