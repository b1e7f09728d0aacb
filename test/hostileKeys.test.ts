import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { item } from 'dynamodb-toolbox/schema/item'
import { string } from 'dynamodb-toolbox/schema/string'
import { describe, expect, it } from 'vitest'

import { defineEntity, ValidationError } from '../src/index.js'
import { useBackend } from './support/backend.js'
import { catchError } from './support/catchError.js'

const backend = useBackend()

/** Two placeholders in one sort key: the shape where an unescaped '#' would do harm. */
function defineMembership() {
  return defineEntity(backend.shop.table, {
    name: 'Membership',
    schema: item({ orgId: string().key(), userId: string().key(), role: string().key() }),
    key: { pk: 'ORG#<orgId>', sk: 'USER#<userId>#ROLE#<role>' }
  })
}

describe('hostile key values', () => {
  it('a value holding the delimiter stays inside its own segment', async () => {
    const { OrderItem, table } = backend.shop
    await OrderItem.put({ orderId: '1#ORDER#2', sku: 'ITEM#X', quantity: 1, priceCents: 1 })
    const stored = await backend.client.documentClient.send(
      new GetCommand({
        TableName: table.getName(),
        Key: { pk: 'ORDER#1%23ORDER%232', sk: 'ITEM#ITEM%23X' }
      })
    )
    expect(stored.Item).toMatchObject({ orderId: '1#ORDER#2', sku: 'ITEM#X' })
    expect(await OrderItem.get({ orderId: '1#ORDER#2', sku: 'ITEM#X' })).toMatchObject({
      quantity: 1
    })
  })

  it("cannot collide with another entity's key", async () => {
    const { table } = backend.shop
    const Membership = defineMembership()
    const OrgUser = defineEntity(table, {
      name: 'OrgUser',
      schema: item({ orgId: string().key(), userId: string().key(), displayName: string() }),
      key: { pk: 'ORG#<orgId>', sk: 'USER#<userId>' }
    })
    await Membership.put({ orgId: 'org-c', userId: 'u1', role: 'admin' })
    // Unescaped, both would be stored under sk 'USER#u1#ROLE#admin': the second put would
    // overwrite the membership with a user.
    await OrgUser.put({ orgId: 'org-c', userId: 'u1#ROLE#admin', displayName: 'Mallory' })
    expect(await Membership.get({ orgId: 'org-c', userId: 'u1', role: 'admin' })).toEqual({
      orgId: 'org-c',
      userId: 'u1',
      role: 'admin'
    })
    expect(await OrgUser.get({ orgId: 'org-c', userId: 'u1#ROLE#admin' })).toMatchObject({
      displayName: 'Mallory'
    })
  })

  it('cannot reach into another item collection', async () => {
    const { table } = backend.shop
    const { client } = backend
    const Team = defineEntity(table, {
      name: 'Team',
      schema: item({ orgId: string().key(), teamId: string().key(), title: string() }),
      key: { pk: 'ORG#<orgId>#TEAM#<teamId>', sk: 'TEAM' }
    })
    const Org = defineEntity(table, {
      name: 'Org',
      schema: item({ orgId: string().key(), title: string() }),
      key: { pk: 'ORG#<orgId>', sk: 'ORG' }
    })
    await Team.put({ orgId: 'acme', teamId: 'red', title: 'Red team' })
    // Unescaped, this org would live in the red team's partition.
    await Org.put({ orgId: 'acme#TEAM#red', title: 'Intruder' })
    const partition = await client.documentClient.send(
      new QueryCommand({
        TableName: table.getName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'ORG#acme#TEAM#red' }
      })
    )
    expect(partition.Items?.map(stored => stored.title)).toEqual(['Red team'])
    expect(await Org.get({ orgId: 'acme#TEAM#red' })).toEqual({
      orgId: 'acme#TEAM#red',
      title: 'Intruder'
    })
  })

  it('cannot collide with another key, nor widen a prefix query', async () => {
    const Membership = defineMembership()
    const orgId = 'org-1'
    const crafted = [
      { userId: 'u1#ROLE#admin', role: 'viewer' },
      { userId: 'u1', role: 'admin' },
      { userId: 'u1', role: 'admin#ROLE#viewer' },
      { userId: 'u1%23ROLE%23admin', role: 'viewer' }
    ]
    for (const member of crafted) await Membership.put({ orgId, ...member })

    const all = await Membership.query({ partition: { orgId } })
    expect(all.items).toHaveLength(crafted.length)
    const u1 = await Membership.query({ partition: { orgId }, range: { userId: 'u1' } })
    expect(u1.items.map(member => member.role).sort()).toEqual(['admin', 'admin#ROLE#viewer'])
    const u1Admin = await Membership.query({
      partition: { orgId },
      range: { userId: 'u1', role: 'admin' }
    })
    expect(u1Admin.items).toEqual([{ orgId, userId: 'u1', role: 'admin' }])
    const prefix = await Membership.query({
      partition: { orgId },
      range: { userId: { beginsWith: 'u1#' } }
    })
    expect(prefix.items.map(member => member.userId)).toEqual(['u1#ROLE#admin'])
  })

  it('a % in a value cannot forge an escape sequence', async () => {
    const { Customer } = backend.shop
    await Customer.put({ customerId: 'a#b', email: 'hash@example.com', name: 'Hash' })
    await Customer.put({ customerId: 'a%23b', email: 'percent@example.com', name: 'Percent' })
    expect((await Customer.get({ customerId: 'a#b' }))?.name).toBe('Hash')
    expect((await Customer.get({ customerId: 'a%23b' }))?.name).toBe('Percent')
  })

  it('templates that would let values merge segments are refused at declaration', async () => {
    const { table } = backend.shop
    const error = await catchError(() =>
      defineEntity(table, {
        name: 'Bad',
        schema: item({ a: string().key(), b: string().key() }),
        key: { pk: 'BAD<a>', sk: 'X#<b>' }
      })
    )
    expect(error).toBeInstanceOf(ValidationError)
    expect(error).toMatchObject({ code: 'schema.declaration' })
  })
})
