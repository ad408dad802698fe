import type { Transaction } from 'kysely'
import {
  APPOINTMENT_STATUS_WORDS,
  FULL_REFUND_BEFORE_MS,
  REFUND_RULE,
  ageOn,
  maskIdNumber,
  shanghaiDate,
  toShanghaiIso,
  type Appointment,
  type AppointmentPage,
  type AppointmentStatus,
  type CancellationQuote,
  type CreateAppointmentRequest,
  type DoctorAppointmentsResponse,
  type FinishConsultationRequest,
  type RateRequest,
} from '@tianyuan/contracts'
import { newId } from '../../platform/ids'
import { answerInTransaction } from '../../platform/idempotency'
import { transition as transitionRow, type StatusChange } from '../../platform/db/transition'
import { cancelAppointmentReminder, scheduleAppointmentReminder } from '../reminders/schedule'
import { toSlot } from './catalog'
import { findOwnPatient } from './patients'
import { enforceBookingQuota } from './quotas'
import type { AppointmentRow, ClinicDatabase, ClinicDb } from './schema'
import { affected, clinicErrors, isUniqueViolation, loadPhotos, parseIds, requireOwnPhotos, sortableId, type ClinicDeps } from './shared'

/**
 * The appointment state machine. Every change is one conditional UPDATE (`… WHERE status IN <from>`)
 * whose affected-row count decides who won, so each transition happens exactly once however many
 * requests, retries or housekeeping runs race for it. Every change writes an event (who, what, when).
 *
 *   pending_payment 待支付 ──pay──▶ booked 已预约 ──start (doctor)──▶ in_consultation 问诊中 ──finish (doctor)──▶ completed 已完成
 *        │                           │
 *        └─cancel / expire──▶ cancelled 已取消 ◀──cancel (refund rule)──┘
 *   cancelled ──refund confirmed (onRefunded)──▶ refunded 已退款
 *   cancelled ──revive (a payment in progress went through; the place taken again)──▶ booked
 *   pending_payment / booked ──reschedule──▶ same status, another slot of the same doctor
 */
export const APPOINTMENT_TRANSITIONS = {
  pay: { from: ['pending_payment'], to: 'booked' },
  cancel: { from: ['pending_payment', 'booked'], to: 'cancelled' },
  expire: { from: ['pending_payment'], to: 'cancelled' },
  start: { from: ['booked'], to: 'in_consultation' },
  finish: { from: ['in_consultation'], to: 'completed' },
  refunded: { from: ['cancelled'], to: 'refunded' },
  revive: { from: ['cancelled'], to: 'booked' },
} as const satisfies Record<string, { from: readonly AppointmentStatus[]; to: AppointmentStatus }>

const LIVE: AppointmentStatus[] = ['pending_payment', 'booked', 'in_consultation']

type Actor = { kind: 'patient' | 'doctor'; userId: string } | { kind: 'system' }
const SYSTEM: Actor = { kind: 'system' }

/** Events are listed in the order they were written (their id carries the wall-clock write time); `at` is when it happened. */
async function addEvent(db: ClinicDb, appointmentId: string, actor: Actor, action: string, at: number, note: string | null): Promise<void> {
  await db
    .insertInto('clinic_events')
    .values({ id: sortableId(Date.now()), appointment_id: appointmentId, actor: actor.kind, actor_user_id: actor.kind === 'system' ? null : actor.userId, action, at, note })
    .execute()
}

function transition(
  db: ClinicDb,
  id: string,
  from: readonly AppointmentStatus[],
  set: Partial<AppointmentRow>,
  extra?: StatusChange<ClinicDatabase, 'clinic_appointments'>['where'],
): Promise<boolean> {
  return transitionRow(db, 'clinic_appointments', id, { from, set, where: extra })
}

/** Takes one place in a slot if (and only if) one is left. */
async function takePlace(trx: Transaction<ClinicDatabase> | ClinicDb, slotId: string): Promise<boolean> {
  const result = await trx
    .updateTable('clinic_slots')
    .set((eb) => ({ booked: eb('booked', '+', 1) }))
    .where('id', '=', slotId)
    .where((eb) => eb('booked', '<', eb.ref('capacity')))
    .executeTakeFirst()
  return affected(result) === 1
}

async function releasePlace(trx: Transaction<ClinicDatabase> | ClinicDb, slotId: string): Promise<void> {
  await trx
    .updateTable('clinic_slots')
    .set((eb) => ({ booked: eb('booked', '-', 1) }))
    .where('id', '=', slotId)
    .where('booked', '>', 0)
    .execute()
}

function feeFor(doctor: { fee_text_fen: number | null; fee_phone_fen: number | null; fee_video_fen: number | null }, mode: Appointment['mode']): number | null {
  const fee = mode === 'text' ? doctor.fee_text_fen : mode === 'phone' ? doctor.fee_phone_fen : doctor.fee_video_fen
  return fee === null ? null : Number(fee)
}

// ---------------------------------------------------------------- book

/**
 * Books a slot for one of the account's patients. The fee is the doctor's fee for the mode, from
 * our record. The place is taken with `UPDATE clinic_slots SET booked = booked + 1 WHERE id = ?
 * AND booked < capacity` (affected rows checked) in the same transaction as the insert: never
 * double-booked, whatever the concurrency; a patient never holds two live bookings of one slot
 * (a partial unique index backs the check).
 */
export async function createAppointment(deps: ClinicDeps, userId: string, body: CreateAppointmentRequest): Promise<Appointment> {
  const { db } = deps
  const now = deps.now()
  const slot = await db.selectFrom('clinic_slots').selectAll().where('id', '=', body.slotId).executeTakeFirst()
  if (!slot) throw clinicErrors.field('slotId', '没有这个时段，请刷新医生的排班后重新选择')
  if (Number(slot.ends_at) <= now) throw clinicErrors.field('slotId', '这个时段已经过去了，请选择以后的时段')
  const doctor = await db.selectFrom('clinic_doctors').selectAll().where('id', '=', slot.doctor_id).executeTakeFirstOrThrow()
  if (doctor.user_id === userId) throw clinicErrors.field('slotId', '不能预约自己的号')
  const fee = feeFor(doctor, body.mode)
  if (fee === null) throw clinicErrors.field('mode', '这位医生不提供这种问诊方式，请换一种')
  const patient = await findOwnPatient(db, userId, body.patientId)
  if (!patient) throw clinicErrors.field('patientId', '没有找到这位就诊人，请先添加')
  // 电话问诊 promises a call: without a number to ring, it could not happen.
  if (body.mode === 'phone' && !body.callbackPhone) throw clinicErrors.field('callbackPhone', '电话问诊请留一个医生能打通的手机号')
  const photoIds = body.photoIds ?? []
  await requireOwnPhotos(db, userId, photoIds, 'photoIds')
  const existing = await db
    .selectFrom('clinic_appointments')
    .select('id')
    .where('patient_id', '=', patient.id)
    .where('slot_id', '=', slot.id)
    .where('status', 'in', LIVE)
    .executeTakeFirst()
  if (existing) throw clinicErrors.conflict(`${patient.name}已经约过这个时段了，请在“我的预约”里查看`)

  const row: AppointmentRow = {
    id: newId(),
    user_id: userId,
    patient_id: patient.id,
    doctor_id: doctor.id,
    slot_id: slot.id,
    mode: body.mode,
    status: 'pending_payment',
    fee_fen: fee,
    symptoms: body.symptoms.trim(),
    callback_phone: body.mode === 'phone' ? (body.callbackPhone ?? null) : null,
    photo_ids: JSON.stringify(photoIds),
    hold_expires_at: now + deps.holdMs,
    paid_at: null,
    started_at: null,
    finished_at: null,
    cancelled_at: null,
    cancel_reason: null,
    refund_fen: null,
    advice: null,
    prescription: null,
    created_at: now,
    updated_at: now,
  }
  const age = ageOn(patient.birth_date, shanghaiDate(now))
  const note = `就诊人 ${patient.name}（${age} 岁）${patient.guardian_id ? '，监护人陪同' : ''}；患者确认为复诊`
  try {
    return await db.transaction().execute(async (trx) => {
      // Per-account limits, counted under the account's row lock (taken first).
      await enforceBookingQuota(trx, deps, userId, slot.id, now)
      if (!(await takePlace(trx, slot.id))) throw clinicErrors.slotFull()
      await trx.insertInto('clinic_appointments').values(row).execute()
      await addEvent(trx, row.id, { kind: 'patient', userId }, 'created', now, note)
      const booked = await getAppointmentFor({ ...deps, db: trx }, { userId }, row.id)
      // The route's answer, committed with the booking: a retry after a crash replays it (exactly once).
      await answerInTransaction(trx, 201, { appointment: booked })
      return booked
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw clinicErrors.conflict(`${patient.name}已经约过这个时段了，请在“我的预约”里查看`)
    throw error
  }
}

// ---------------------------------------------------------------- cancel, refund rule, expire

/** What cancelling now would refund, by the rule: paid, and at least 2 hours before the slot starts → all of it. */
export function refundFor(status: AppointmentStatus, feeFen: number, slotStartsAt: number, now: number): number {
  if (status !== 'booked') return 0
  return now <= slotStartsAt - FULL_REFUND_BEFORE_MS ? feeFen : 0
}

export async function cancellationQuote(deps: ClinicDeps, userId: string, id: string): Promise<CancellationQuote> {
  const { row, slot } = await loadOwn(deps.db, userId, id)
  const now = deps.now()
  const startsAt = Number(slot.starts_at)
  const fullRefundUntil = row.status === 'booked' ? toShanghaiIso(startsAt - FULL_REFUND_BEFORE_MS) : null
  if (!(APPOINTMENT_TRANSITIONS.cancel.from as readonly string[]).includes(row.status)) {
    return { cancellable: false, refundFen: 0, rule: REFUND_RULE, message: `预约现在是「${APPOINTMENT_STATUS_WORDS[row.status]}」，不能取消`, fullRefundUntil }
  }
  const refundFen = refundFor(row.status, Number(row.fee_fen), startsAt, now)
  const message =
    row.status === 'pending_payment'
      ? '还没有付款，取消后不扣任何费用'
      : refundFen > 0
        ? `现在取消，${(refundFen / 100).toFixed(2)} 元诊费原路全额退回`
        : '距就诊开始已不足 2 小时，现在取消诊费不退'
  return { cancellable: true, refundFen, rule: REFUND_RULE, message, fullRefundUntil }
}

/**
 * The patient cancels (待支付 or 已预约 → 已取消); the place is released in the same transaction and
 * the refund the rule allows is recorded on the appointment (`refund_fen`). The caller then refunds
 * through the payments module (startDueRefunds); 已退款 when WeChat confirms (onRefunded).
 */
export async function cancelAppointment(deps: ClinicDeps, userId: string, id: string): Promise<Appointment> {
  const { row, slot } = await loadOwn(deps.db, userId, id)
  // Cancelling again (a retry after a dropped connection) answers the appointment as it is.
  if (row.status === 'cancelled' || row.status === 'refunded') return getAppointmentFor(deps, { userId }, id)
  if (!(APPOINTMENT_TRANSITIONS.cancel.from as readonly string[]).includes(row.status)) {
    throw clinicErrors.state(`预约现在是「${APPOINTMENT_STATUS_WORDS[row.status]}」，不能取消`)
  }
  const now = deps.now()
  const refundFen = refundFor(row.status, Number(row.fee_fen), Number(slot.starts_at), now)
  const won = await deps.db.transaction().execute(async (trx) => {
    const ok = await transition(trx, id, [row.status], { status: 'cancelled', cancelled_at: now, cancel_reason: 'patient', refund_fen: refundFen, updated_at: now }, (q) =>
      q.where('slot_id', '=', row.slot_id).where('user_id', '=', userId),
    )
    if (!ok) return false
    await releasePlace(trx, row.slot_id)
    // No reminder for an appointment that will not happen (modules/reminders).
    if (row.status === 'booked') await cancelAppointmentReminder(deps.scheduler, trx, id, row.slot_id)
    const note = row.status === 'pending_payment' ? '未付款，直接取消' : refundFen > 0 ? `按规则全额退款 ${refundFen} 分` : '距就诊开始不足 2 小时，按规则不退款'
    await addEvent(trx, id, { kind: 'patient', userId }, 'cancelled', now, note)
    return true
  })
  // Lost a race (paid, expired, cancelled or rescheduled meanwhile): answer as the second one would.
  if (!won) return cancelAppointment(deps, userId, id)
  return getAppointmentFor(deps, { userId }, id)
}

/**
 * Housekeeping: unpaid bookings past their hold are cancelled and their places released. Safe on
 * several instances at once — each is released by whichever run wins its conditional update.
 */
export async function releaseExpiredHolds(deps: ClinicDeps, now: number, limit = 200): Promise<number> {
  const due = await deps.db
    .selectFrom('clinic_appointments')
    .select(['id', 'slot_id'])
    .where('status', '=', 'pending_payment')
    .where('hold_expires_at', '<=', now)
    .orderBy('hold_expires_at')
    .limit(limit)
    .execute()
  let released = 0
  for (const a of due) {
    const won = await deps.db.transaction().execute(async (trx) => {
      const ok = await transition(trx, a.id, APPOINTMENT_TRANSITIONS.expire.from, { status: 'cancelled', cancelled_at: now, cancel_reason: 'timeout', refund_fen: 0, updated_at: now }, (q) =>
        q.where('hold_expires_at', '<=', now).where('slot_id', '=', a.slot_id),
      )
      if (!ok) return false
      await releasePlace(trx, a.slot_id)
      await addEvent(trx, a.id, SYSTEM, 'expired', now, `超过 ${Math.round(deps.holdMs / 60_000)} 分钟未付款，已自动取消，号源已释放`)
      return true
    })
    if (won) released++
  }
  return released
}

/** A payment is starting: the hold lasts at least until the payment itself can no longer succeed. */
export async function holdForPayment(db: ClinicDb, id: string, until: number): Promise<void> {
  await db.updateTable('clinic_appointments').set({ hold_expires_at: until }).where('id', '=', id).where('status', '=', 'pending_payment').where('hold_expires_at', '<', until).execute()
}

/** 待支付 → 已预约, exactly once: true if this call moved it (the payments module's onPaid). */
export async function markAppointmentPaid(db: ClinicDb, id: string, paidAt: number): Promise<boolean> {
  const won = await transition(db, id, APPOINTMENT_TRANSITIONS.pay.from, { status: 'booked', paid_at: paidAt, updated_at: paidAt })
  if (won) await addEvent(db, id, SYSTEM, 'paid', paidAt, null)
  return won
}

/**
 * Money arrived for a booking that is no longer awaiting it (cancelled, or the hold ran out, while
 * the payment was in progress). If its slot still has a place and has not ended, it is revived
 * (已取消 → 已预约). Otherwise it stays cancelled with a full refund due (startDueRefunds gives it back).
 */
export async function reviveOrRefundLatePayment(db: ClinicDb, id: string, paidAt: number): Promise<boolean> {
  const row = await db.selectFrom('clinic_appointments').select(['status', 'slot_id', 'fee_fen']).where('id', '=', id).executeTakeFirst()
  if (row?.status !== 'cancelled') return false
  const slot = await db.selectFrom('clinic_slots').select('ends_at').where('id', '=', row.slot_id).executeTakeFirstOrThrow()
  if (Number(slot.ends_at) > paidAt && (await takePlace(db, row.slot_id))) {
    const revived = await transition(db, id, APPOINTMENT_TRANSITIONS.revive.from, { status: 'booked', paid_at: paidAt, cancelled_at: null, cancel_reason: null, refund_fen: null, updated_at: paidAt })
    if (revived) {
      await addEvent(db, id, SYSTEM, 'revived', paidAt, '取消后才收到付款，号源还在，已恢复预约')
      return true
    }
    await releasePlace(db, row.slot_id)
  }
  await db.updateTable('clinic_appointments').set({ refund_fen: Number(row.fee_fen), paid_at: paidAt, updated_at: paidAt }).where('id', '=', id).where('status', '=', 'cancelled').execute()
  await addEvent(db, id, SYSTEM, 'paid_after_cancel', paidAt, '取消后才收到付款，号源已没有，诊费将原路退回')
  return false
}

/** 已取消 → 已退款, exactly once (the payments module's onRefunded). */
export async function markAppointmentRefunded(db: ClinicDb, id: string, at: number, refundedFen: number): Promise<boolean> {
  const won = await transition(db, id, APPOINTMENT_TRANSITIONS.refunded.from, { status: 'refunded', updated_at: at })
  if (won) await addEvent(db, id, SYSTEM, 'refunded', at, `已退款 ${refundedFen} 分`)
  return won
}

// ---------------------------------------------------------------- reschedule

/**
 * Moves a booking (待支付 or 已预约) to another slot of the same doctor, atomically: the new place
 * is taken (conditional update), the appointment moved (conditional on its old slot and status),
 * and the old place released — all in one transaction, or nothing.
 */
export async function rescheduleAppointment(deps: ClinicDeps, userId: string, id: string, slotId: string): Promise<Appointment> {
  const { row, slot: oldSlot } = await loadOwn(deps.db, userId, id)
  if (row.status !== 'pending_payment' && row.status !== 'booked') {
    throw clinicErrors.state(`预约现在是「${APPOINTMENT_STATUS_WORDS[row.status]}」，不能改约`)
  }
  const now = deps.now()
  if (Number(oldSlot.starts_at) <= now) throw clinicErrors.state('就诊时段已经开始，不能再改约')
  if (slotId === row.slot_id) return getAppointmentFor(deps, { userId }, id)
  const slot = await deps.db.selectFrom('clinic_slots').selectAll().where('id', '=', slotId).executeTakeFirst()
  if (!slot || slot.doctor_id !== row.doctor_id) throw clinicErrors.field('slotId', '只能改约同一位医生的其他时段，请重新选择')
  if (Number(slot.ends_at) <= now) throw clinicErrors.field('slotId', '这个时段已经过去了，请选择以后的时段')
  try {
    await deps.db.transaction().execute(async (trx) => {
      if (!(await takePlace(trx, slot.id))) throw clinicErrors.slotFull()
      const moved = await transition(trx, id, [row.status], { slot_id: slot.id, updated_at: now }, (q) => q.where('slot_id', '=', row.slot_id).where('user_id', '=', userId))
      if (!moved) throw clinicErrors.state('预约刚刚有了变化，请刷新后再试')
      await releasePlace(trx, row.slot_id)
      // A paid booking's reminder moves with it: the old slot's is dropped, the new slot's scheduled (modules/reminders).
      if (row.status === 'booked') {
        await cancelAppointmentReminder(deps.scheduler, trx, id, row.slot_id)
        await scheduleAppointmentReminder(deps.scheduler, trx, id)
      }
      await addEvent(trx, id, { kind: 'patient', userId }, 'rescheduled', now, `${oldSlot.date} ${oldSlot.period} → ${slot.date} ${slot.period}`)
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw clinicErrors.conflict('这位就诊人已经约过那个时段了')
    throw error
  }
  return getAppointmentFor(deps, { userId }, id)
}

// ---------------------------------------------------------------- the doctor's side

export async function doctorIdOf(db: ClinicDb, userId: string): Promise<string> {
  const row = await db.selectFrom('clinic_doctors').select('id').where('user_id', '=', userId).executeTakeFirst()
  if (!row) throw clinicErrors.notADoctor()
  return row.id
}

/** The doctor's appointments on a Shanghai day (default today), paid ones and later, by slot. */
export async function doctorDay(deps: ClinicDeps, doctorId: string, date: string | undefined): Promise<DoctorAppointmentsResponse> {
  const day = date ?? shanghaiDate(deps.now())
  const rows = await deps.db
    .selectFrom('clinic_appointments as a')
    .innerJoin('clinic_slots as s', 's.id', 'a.slot_id')
    .selectAll('a')
    .where('a.doctor_id', '=', doctorId)
    .where('s.date', '=', day)
    .where('a.status', 'in', ['booked', 'in_consultation', 'completed'])
    .orderBy('s.starts_at')
    .orderBy('a.paid_at')
    .orderBy('a.id')
    .execute()
  return { date: day, items: await toAppointments(deps, rows) }
}

export async function startConsultation(deps: ClinicDeps, doctorUserId: string, doctorId: string, id: string): Promise<Appointment> {
  const current = await getAppointmentFor(deps, { doctorId }, id)
  if (current.status === 'in_consultation') return current
  if (current.status !== 'booked') throw clinicErrors.state(`预约现在是「${current.statusWord}」，不能开始问诊`)
  const now = deps.now()
  await deps.db.transaction().execute(async (trx) => {
    const won = await transition(trx, id, APPOINTMENT_TRANSITIONS.start.from, { status: 'in_consultation', started_at: now, updated_at: now }, (q) => q.where('doctor_id', '=', doctorId))
    if (won) await addEvent(trx, id, { kind: 'doctor', userId: doctorUserId }, 'started', now, null)
  })
  const after = await getAppointmentFor(deps, { doctorId }, id)
  if (after.status !== 'in_consultation') throw clinicErrors.state(`预约现在是「${after.statusWord}」，不能开始问诊`)
  return after
}

export async function finishConsultation(deps: ClinicDeps, doctorUserId: string, doctorId: string, id: string, body: FinishConsultationRequest): Promise<Appointment> {
  const current = await getAppointmentFor(deps, { doctorId }, id)
  if (current.status === 'completed') throw clinicErrors.state('这次问诊已经结束，医嘱已记录')
  if (current.status !== 'in_consultation') throw clinicErrors.state(`预约现在是「${current.statusWord}」，请先开始问诊`)
  const now = deps.now()
  const won = await deps.db.transaction().execute(async (trx) => {
    const ok = await transition(
      trx,
      id,
      APPOINTMENT_TRANSITIONS.finish.from,
      { status: 'completed', finished_at: now, advice: body.advice.trim(), prescription: body.prescription?.trim() ?? null, updated_at: now },
      (q) => q.where('doctor_id', '=', doctorId),
    )
    if (ok) await addEvent(trx, id, { kind: 'doctor', userId: doctorUserId }, 'finished', now, body.prescription ? '已开医嘱和处方' : '已开医嘱')
    return ok
  })
  if (!won) throw clinicErrors.state('这次问诊已经结束，医嘱已记录')
  return getAppointmentFor(deps, { doctorId }, id)
}

// ---------------------------------------------------------------- rating

export async function rateAppointment(deps: ClinicDeps, userId: string, id: string, body: RateRequest): Promise<Appointment> {
  const { row } = await loadOwn(deps.db, userId, id)
  if (row.status !== 'completed') throw clinicErrors.state('问诊完成后才能评价')
  const now = deps.now()
  const inserted = await deps.db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('clinic_ratings')
      .values({ appointment_id: id, user_id: userId, doctor_id: row.doctor_id, stars: body.stars, text: body.text?.trim() ?? '', created_at: now })
      .onConflict((oc) => oc.column('appointment_id').doNothing())
      .returning('appointment_id')
      .executeTakeFirst()
    if (!r) return false
    await trx
      .updateTable('clinic_doctors')
      .set((eb) => ({ rating_sum: eb('rating_sum', '+', body.stars), rating_count: eb('rating_count', '+', 1) }))
      .where('id', '=', row.doctor_id)
      .execute()
    await addEvent(trx, id, { kind: 'patient', userId }, 'rated', now, `${body.stars} 星`)
    return true
  })
  if (!inserted) throw clinicErrors.conflict('这次问诊已经评价过了，每次问诊只能评价一次')
  return getAppointmentFor(deps, { userId }, id)
}

// ---------------------------------------------------------------- reading

export type AppointmentViewer = { userId: string } | { doctorId: string }

async function loadOwn(db: ClinicDb, userId: string, id: string) {
  const row = await db.selectFrom('clinic_appointments').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()
  if (!row) throw clinicErrors.appointmentNotFound()
  const slot = await db.selectFrom('clinic_slots').selectAll().where('id', '=', row.slot_id).executeTakeFirstOrThrow()
  return { row, slot }
}

/** The viewer's own appointment (the patient's account, or the doctor's); anyone else's → 404. */
export async function findAppointmentFor(db: ClinicDb, viewer: AppointmentViewer, id: string): Promise<AppointmentRow> {
  let q = db.selectFrom('clinic_appointments').selectAll().where('id', '=', id)
  q = 'userId' in viewer ? q.where('user_id', '=', viewer.userId) : q.where('doctor_id', '=', viewer.doctorId)
  const row = await q.executeTakeFirst()
  if (!row) throw clinicErrors.appointmentNotFound()
  return row
}

export async function getAppointmentFor(deps: ClinicDeps, viewer: AppointmentViewer, id: string): Promise<Appointment> {
  const row = await findAppointmentFor(deps.db, viewer, id)
  return (await toAppointments(deps, [row]))[0] as Appointment
}

export async function listAppointments(deps: ClinicDeps, userId: string, options: { status?: AppointmentStatus; page?: number; size?: number }): Promise<AppointmentPage> {
  const page = options.page ?? 1
  const size = options.size ?? 20
  let q = deps.db.selectFrom('clinic_appointments').selectAll().where('user_id', '=', userId)
  if (options.status) q = q.where('status', '=', options.status)
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(size + 1)
    .offset((page - 1) * size)
    .execute()
  return { items: await toAppointments(deps, rows.slice(0, size)), page, size, hasMore: rows.length > size }
}

async function toAppointments(deps: ClinicDeps, rows: AppointmentRow[]): Promise<Appointment[]> {
  if (rows.length === 0) return []
  const { db } = deps
  const now = deps.now()
  const ids = rows.map((r) => r.id)
  const uniq = (xs: string[]) => [...new Set(xs)]
  const [slots, doctors, patients, events, ratings, photos] = await Promise.all([
    db.selectFrom('clinic_slots').selectAll().where('id', 'in', uniq(rows.map((r) => r.slot_id))).execute(),
    db
      .selectFrom('clinic_doctors as d')
      .innerJoin('clinic_hospitals as h', 'h.id', 'd.hospital_id')
      .innerJoin('clinic_departments as p', 'p.id', 'd.department_id')
      .select(['d.id', 'd.name', 'd.title', 'h.name as hospital_name', 'p.name as department_name'])
      .where('d.id', 'in', uniq(rows.map((r) => r.doctor_id)))
      .execute(),
    db.selectFrom('clinic_patients').selectAll().where('id', 'in', uniq(rows.map((r) => r.patient_id))).execute(),
    db.selectFrom('clinic_events').selectAll().where('appointment_id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('clinic_ratings').selectAll().where('appointment_id', 'in', ids).execute(),
    loadPhotos(db, rows.flatMap((r) => parseIds(r.photo_ids))),
  ])
  const slotBy = new Map(slots.map((s) => [s.id, s]))
  const doctorBy = new Map(doctors.map((d) => [d.id, d]))
  const patientBy = new Map(patients.map((p) => [p.id, p]))
  const ratingBy = new Map(ratings.map((r) => [r.appointment_id, r]))
  const eventsBy = new Map<string, typeof events>()
  for (const e of events) eventsBy.set(e.appointment_id, [...(eventsBy.get(e.appointment_id) ?? []), e])
  const iso = (ms: number | null) => (ms === null ? null : toShanghaiIso(Number(ms)))
  const today = shanghaiDate(now)
  return rows.map((r) => {
    const slot = slotBy.get(r.slot_id)
    const doctor = doctorBy.get(r.doctor_id)
    const patient = patientBy.get(r.patient_id)
    if (!slot || !doctor || !patient) throw new Error(`appointment ${r.id} refers to a missing row`)
    const rating = ratingBy.get(r.id)
    return {
      id: r.id,
      status: r.status,
      statusWord: APPOINTMENT_STATUS_WORDS[r.status],
      mode: r.mode,
      feeFen: Number(r.fee_fen),
      doctor: { id: doctor.id, name: doctor.name, title: doctor.title, hospitalName: doctor.hospital_name, departmentName: doctor.department_name },
      patient: { id: patient.id, name: patient.name, age: ageOn(patient.birth_date, today), gender: patient.gender, idNumberMasked: maskIdNumber(patient.id_number) },
      slot: toSlot(slot, now),
      symptoms: r.symptoms,
      callbackPhone: r.callback_phone ?? null,
      photos: parseIds(r.photo_ids).flatMap((id) => photos.get(id) ?? []),
      payBefore: r.status === 'pending_payment' ? toShanghaiIso(Number(r.hold_expires_at)) : null,
      paidAt: iso(r.paid_at),
      cancelledAt: iso(r.cancelled_at),
      cancelReason: r.cancel_reason,
      refundFen: r.refund_fen === null ? null : Number(r.refund_fen),
      record: r.advice !== null && r.finished_at !== null ? { advice: r.advice, prescription: r.prescription, at: toShanghaiIso(Number(r.finished_at)) } : null,
      rating: rating ? { stars: Number(rating.stars), text: rating.text, at: toShanghaiIso(Number(rating.created_at)) } : null,
      events: (eventsBy.get(r.id) ?? []).map((e) => ({ action: e.action, actor: e.actor, at: toShanghaiIso(Number(e.at)), note: e.note })),
      createdAt: toShanghaiIso(Number(r.created_at)),
    }
  })
}
