import type { Entity } from 'dynamodb-toolbox/entity'
import { EntityFormatter } from 'dynamodb-toolbox/entity/actions/format'

const formatters = new WeakMap<Entity, EntityFormatter<Entity>>()

/** The entity's toolbox formatter, built once per entity rather than once per item read. */
export function formatterFor(entity: Entity): EntityFormatter<Entity> {
  let formatter = formatters.get(entity)
  if (formatter === undefined) {
    formatter = entity.build(EntityFormatter)
    formatters.set(entity, formatter)
  }
  return formatter
}
