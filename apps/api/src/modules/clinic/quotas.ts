import type { Transaction } from 'kysely'
import type { AppointmentStatus } from '@tianyuan/contracts'
import { lockUserRow } from '../../platform/db/user-lock'
import type { ClinicDatabase } from './schema'
import { DEFAULT_CLINIC_LIMITS, clinicErrors, type ClinicDeps } from './shared'

// Per-account limits (ClinicLimits). An unpaid booking holds a place of a doctor's slot for the
// hold time; made-up (but valid) ID numbers let one account add any number of "family members" and
// take every place of a slot. Each check runs in the write's transaction under the account's row
// lock, so concurrent requests of one account are counted one after another (PostgreSQL too).

const LIVE: AppointmentStatus[] = ['pending_payment', 'booked', 'in_consultation']

/** Before a booking: unpaid bookings at once, live bookings of this account in this slot. */
export async function enforceBookingQuota(trx: Transaction<ClinicDatabase>, deps: ClinicDeps, userId: string, slotId: string, now: number): Promise<void> {
  const limits = deps.limits ?? DEFAULT_CLINIC_LIMITS
  await lockUserRow(trx, userId)
  const unpaid = await trx
    .selectFrom('clinic_appointments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('status', '=', 'pending_payment')
    // Holds past their time count no more (the sweep is about to cancel them).
    .where('hold_expires_at', '>', now)
    .executeTakeFirst()
  const n = Number(unpaid?.n ?? 0)
  if (n >= limits.unpaidBookings) {
    throw clinicErrors.quota(`您已有 ${n} 个待支付的预约（最多 ${limits.unpaidBookings} 个）。请先支付或取消不需要的预约，再约新的`)
  }
  const inSlot = await trx
    .selectFrom('clinic_appointments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('slot_id', '=', slotId)
    .where('status', 'in', LIVE)
    .executeTakeFirst()
  const taken = Number(inSlot?.n ?? 0)
  if (taken >= limits.placesPerSlot) {
    throw clinicErrors.quota(`这个时段您的账号已经约了 ${taken} 位（最多 ${limits.placesPerSlot} 位），请给其他家人选别的时段`)
  }
}

/** Before adding a patient: how many people one account may book for. */
export async function enforcePatientQuota(trx: Transaction<ClinicDatabase>, deps: ClinicDeps, userId: string): Promise<void> {
  const limits = deps.limits ?? DEFAULT_CLINIC_LIMITS
  await lockUserRow(trx, userId)
  const row = await trx
    .selectFrom('clinic_patients')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirst()
  const n = Number(row?.n ?? 0)
  if (n >= limits.patients) {
    throw clinicErrors.quota(`一个账号最多添加 ${limits.patients} 位就诊人，您已经添加了 ${n} 位。家里其他人可以用自己的微信预约`)
  }
}
