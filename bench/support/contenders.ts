import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { Table as OneTable } from 'dynamodb-onetable'
import { Dynamo } from 'dynamodb-onetable/Dynamo'
import { Entity as ElectroEntity } from 'electrodb'

import { createClient, ensureTable, type MonotableClient } from 'monotable'
import { createShop, type Shop } from 'monotable/shop'

/** Clients for one endpoint: monotable's, and plain SDK ones for the peers. */
export interface Clients {
  monotable: MonotableClient
  dynamoDB: DynamoDBClient
  document: DynamoDBDocumentClient
  destroy(): void
}

export function clientsFor(endpoint: string): Clients {
  // One set of credentials for all: DynamoDB Local keeps a database per access key and region.
  const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' }
  const monotable = createClient({ endpoint, credentials, region: 'us-east-1' })
  const dynamoDB = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials })
  const document = DynamoDBDocumentClient.from(dynamoDB, {
    marshallOptions: { removeUndefinedValues: true }
  })
  return {
    monotable,
    dynamoDB,
    document,
    destroy: () => {
      monotable.destroy()
      dynamoDB.destroy()
    }
  }
}

let tableCounter = 0

/** A new shop table for one measured run, so runs do not see each other's items. */
export async function freshShop(clients: Clients, label: string): Promise<Shop> {
  tableCounter += 1
  const shop = createShop(clients.monotable, { tableName: `bench-${label}-${tableCounter}` })
  await ensureTable(shop.table)
  return shop
}

export async function dropTable(clients: Clients, shop: Shop): Promise<void> {
  await clients.dynamoDB.send(new DeleteTableCommand({ TableName: shop.table.getName() }))
}

/** The Lead of the reference domain, declared with ElectroDB. */
export function electroLead(clients: Clients, tableName: string) {
  return new ElectroEntity(
    {
      model: { entity: 'Lead', version: '1', service: 'shop' },
      attributes: {
        leadId: { type: 'string', required: true },
        email: { type: 'string', required: true },
        name: { type: 'string', required: true }
      },
      indexes: {
        primary: {
          pk: { field: 'pk', composite: ['leadId'], template: 'LEAD#${leadId}' },
          sk: { field: 'sk', composite: [], template: 'LEAD' }
        }
      }
    },
    { client: clients.document, table: tableName }
  )
}

/** The Lead of the reference domain, declared with dynamodb-onetable. */
export function oneTableLead(clients: Clients, tableName: string) {
  const table = new OneTable({
    client: new Dynamo({ client: clients.dynamoDB }),
    name: tableName,
    partial: false,
    schema: {
      format: 'onetable:1.1.0',
      version: '0.0.1',
      indexes: { primary: { hash: 'pk', sort: 'sk' } },
      models: {
        Lead: {
          pk: { type: String, value: 'LEAD#${leadId}' },
          sk: { type: String, value: 'LEAD' },
          leadId: { type: String, required: true },
          email: { type: String, required: true },
          name: { type: String, required: true }
        }
      },
      params: { isoDates: true, timestamps: false }
    }
  })
  return { table, model: table.getModel('Lead') }
}
