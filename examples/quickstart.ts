import { item } from 'dynamodb-toolbox/schema/item'
import { number } from 'dynamodb-toolbox/schema/number'
import { string } from 'dynamodb-toolbox/schema/string'
import { createClient, defineEntity, defineTable, ensureTable, startLocal } from '../src/index.js'

const local = await startLocal() // in-memory DynamoDB on a random port; omit for real AWS
const client = createClient({ endpoint: local.endpoint })
const table = defineTable({
  name: 'notes-app',
  client,
  indexes: { byStars: { partition: ['string'], sort: ['number', 'string'] } } // typed key slots
})

const Author = defineEntity(table, {
  name: 'Author',
  schema: item({ authorId: string().key(), name: string() }),
  key: { pk: 'AUTHOR#<authorId>', sk: 'AUTHOR' }
})
const Note = defineEntity(table, {
  name: 'Note',
  schema: item({
    authorId: string().key(),
    noteId: string().key(),
    text: string(),
    stars: number()
  }),
  key: { pk: 'AUTHOR#<authorId>', sk: 'NOTE#<noteId>' }, // an author and their notes: one collection
  indexes: { byStars: { partition: ['authorId'], sort: ['stars', 'noteId'] } } // stars sort as numbers
})

await ensureTable(table)
await Author.put({ authorId: 'ada', name: 'Ada Lovelace' })
await Note.put({ authorId: 'ada', noteId: '001', text: 'Engines weave algebra', stars: 5 })
await Note.put({ authorId: 'ada', noteId: '002', text: 'Notes on note G', stars: 4 })

const ada = await Author.get({ authorId: 'ada' })
const { items: notes } = await Note.query({ partition: { authorId: 'ada' } }, { reverse: true })
const { items: starred } = await Note.query({
  index: 'byStars',
  partition: { authorId: 'ada' },
  range: { stars: { gte: 5 } }
})
console.log(`${ada?.name} wrote ${notes.length} notes; latest: "${notes[0]?.text}"`)
console.log(`5 stars: "${starred.map(note => note.text).join('", "')}"`)

client.destroy()
await local.close()
