import type User from '#models/user'

export type Owner = Pick<User, 'id'> | number

/** The id of a row owner given as a user or an id (used by the models' `ownedBy` scopes). */
export function ownerId(owner: Owner) {
  return typeof owner === 'number' ? owner : owner.id
}
