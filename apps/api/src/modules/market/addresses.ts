import type { Address, CreateAddressRequest, UpdateAddressRequest } from '@tianyuan/contracts'
import { lockUserRow } from '../../platform/db/user-lock'
import { AppError } from '../../platform/errors'
import { newId } from '../../platform/ids'
import type { AddressRow, MarketDb } from './schema'
import { affected, isUniqueViolation, marketErrors, toAddress, type MarketDeps } from './shared'

// The buyer's address book: at most MAX_ADDRESSES live addresses and at most one default. Both
// hold under concurrency on PostgreSQL too: creates and default changes take the buyer's row lock
// first (so the count is of committed rows and the clear-then-set of defaults runs one at a time),
// and a partial unique index (migration 0007) refuses a second default whatever the code does.
// Setting a default clears the others in the same transaction; the first address is the default.

export const MAX_ADDRESSES = 30

const tooManyAddresses = () => new AppError(409, 'CONFLICT', `最多保存 ${MAX_ADDRESSES} 个地址，请先删除不用的地址再添加`)
/** The unique index caught a second default (a race the lock should already prevent): ask to retry. */
const defaultRace = () => new AppError(409, 'CONFLICT', '默认地址刚刚被修改过，请刷新地址列表后再试')

async function refusingSecondDefault<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (isUniqueViolation(error)) throw defaultRace()
    throw error
  }
}

export async function listAddresses(db: MarketDb, userId: string): Promise<Address[]> {
  const rows = await db
    .selectFrom('market_addresses')
    .selectAll()
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .orderBy('is_default', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute()
  return rows.map(toAddress)
}

export async function findOwnAddress(db: MarketDb, userId: string, id: string): Promise<AddressRow | undefined> {
  return db.selectFrom('market_addresses').selectAll().where('id', '=', id).where('user_id', '=', userId).where('deleted_at', 'is', null).executeTakeFirst()
}

export async function createAddress(deps: MarketDeps, userId: string, body: CreateAddressRequest): Promise<Address> {
  const t = deps.now()
  return refusingSecondDefault(() => deps.db.transaction().execute(async (trx) => {
    await lockUserRow(trx, userId)
    const count = await trx
      .selectFrom('market_addresses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
    const n = Number(count?.n ?? 0)
    if (n >= MAX_ADDRESSES) throw tooManyAddresses()
    const isDefault = body.isDefault === true || n === 0
    if (isDefault) await trx.updateTable('market_addresses').set({ is_default: 0, updated_at: t }).where('user_id', '=', userId).where('is_default', '=', 1).execute()
    const row: AddressRow = {
      id: newId(),
      user_id: userId,
      name: body.name,
      phone: body.phone,
      region: body.region,
      detail: body.detail,
      is_default: isDefault ? 1 : 0,
      created_at: t,
      updated_at: t,
      deleted_at: null,
    }
    await trx.insertInto('market_addresses').values(row).execute()
    return toAddress(row)
  }))
}

export async function updateAddress(deps: MarketDeps, userId: string, id: string, body: UpdateAddressRequest): Promise<Address> {
  const t = deps.now()
  return refusingSecondDefault(() => deps.db.transaction().execute(async (trx) => {
    if (body.isDefault === true) {
      await lockUserRow(trx, userId)
      await trx.updateTable('market_addresses').set({ is_default: 0, updated_at: t }).where('user_id', '=', userId).where('id', '<>', id).where('is_default', '=', 1).execute()
    }
    const result = await trx
      .updateTable('market_addresses')
      .set({
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.phone !== undefined ? { phone: body.phone } : {}),
        ...(body.region !== undefined ? { region: body.region } : {}),
        ...(body.detail !== undefined ? { detail: body.detail } : {}),
        ...(body.isDefault !== undefined ? { is_default: body.isDefault ? 1 : 0 } : {}),
        updated_at: t,
      })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
    if (affected(result) !== 1) throw marketErrors.addressNotFound()
    const row = await findOwnAddress(trx, userId, id)
    if (!row) throw marketErrors.addressNotFound()
    return toAddress(row)
  }))
}

/** Soft delete: orders keep their own snapshot of the address. */
export async function deleteAddress(deps: MarketDeps, userId: string, id: string): Promise<void> {
  const result = await deps.db
    .updateTable('market_addresses')
    .set({ deleted_at: deps.now(), is_default: 0 })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  if (affected(result) !== 1) throw marketErrors.addressNotFound()
}
