import type { ShopEntities } from './shopEntities.js'

export interface NewCustomer {
  customerId: string
  email: string
  name: string
}

/**
 * Customers with unique emails: the Customer entity declares `unique: { email }`, so every write
 * keeps the email's guard item in the same transaction as the customer.
 */
export function customerOperations({ Customer }: ShopEntities) {
  /**
   * @throws ConditionFailedError if the customer exists
   * @throws UniqueConstraintError (constraint `email`) if another customer holds the email;
   *   nothing is written then
   */
  async function createCustomer(customer: NewCustomer) {
    await Customer.put(customer, { condition: { attr: 'customerId', exists: false } })
    return customer
  }

  /**
   * @throws NotFoundError if there is no such customer
   * @throws UniqueConstraintError if another customer holds the email; nothing is written then
   */
  async function changeCustomerEmail(customerId: string, email: string) {
    return Customer.update({ customerId, email }, { returnValues: 'ALL_NEW' })
  }

  return { createCustomer, changeCustomerEmail }
}
