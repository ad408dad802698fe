import { toShanghaiIso, type Message, type SendMessageRequest } from '@tianyuan/contracts'
import { findAppointmentFor, type AppointmentViewer } from './appointments'
import type { ClinicDb } from './schema'
import { clinicErrors, loadPhotos, parseIds, requireOwnPhotos, sortableId, type ClinicDeps } from './shared'

type Sender = { kind: 'patient'; userId: string } | { kind: 'doctor'; userId: string; doctorId: string }

const viewerOf = (s: Sender): AppointmentViewer => (s.kind === 'patient' ? { userId: s.userId } : { doctorId: s.doctorId })

/**
 * Sends a consultation message. The patient may write once the booking is paid (已预约) and during
 * the visit (问诊中); the doctor during the visit. `clientId` is made on the phone before the first
 * try: the same message sent again (after a dropped connection) is stored once and answered with
 * the stored one (`created: false`); a different message under a used clientId is refused.
 */
export async function sendMessage(deps: ClinicDeps, sender: Sender, appointmentId: string, body: SendMessageRequest): Promise<{ message: Message; created: boolean }> {
  const row = await findAppointmentFor(deps.db, viewerOf(sender), appointmentId)
  const text = (body.text ?? '').trim()
  const photoIds = body.photoIds ?? []
  const existing = await findByClientId(deps.db, appointmentId, sender.kind, body.clientId)
  if (existing) return { message: await sameOrConflict(deps.db, existing, text, photoIds), created: false }
  const allowed = sender.kind === 'patient' ? ['booked', 'in_consultation'] : ['in_consultation']
  if (!allowed.includes(row.status)) {
    throw clinicErrors.state(
      sender.kind === 'doctor' && row.status === 'booked' ? '请先开始问诊，再给患者发消息' : row.status === 'completed' ? '这次问诊已经结束，不能再发消息' : '预约付款后才能和医生发消息',
    )
  }
  await requireOwnPhotos(deps.db, sender.userId, photoIds, 'photoIds')
  const now = deps.now()
  const inserted = await deps.db
    .insertInto('clinic_messages')
    .values({
      // Ordered by when the server stored it (wall clock, then a counter).
      id: sortableId(Date.now()),
      appointment_id: appointmentId,
      client_id: body.clientId,
      sender: sender.kind,
      sender_user_id: sender.userId,
      text,
      photo_ids: JSON.stringify(photoIds),
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['appointment_id', 'sender', 'client_id']).doNothing())
    .returning('id')
    .executeTakeFirst()
  const stored = await findByClientId(deps.db, appointmentId, sender.kind, body.clientId)
  if (!stored) throw new Error('message vanished after insert')
  if (!inserted) return { message: await sameOrConflict(deps.db, stored, text, photoIds), created: false }
  return { message: (await toMessages(deps.db, [stored]))[0] as Message, created: true }
}

type MessageRow = Awaited<ReturnType<typeof findByClientId>> & object

function findByClientId(db: ClinicDb, appointmentId: string, sender: 'patient' | 'doctor', clientId: string) {
  return db.selectFrom('clinic_messages').selectAll().where('appointment_id', '=', appointmentId).where('sender', '=', sender).where('client_id', '=', clientId).executeTakeFirst()
}

async function sameOrConflict(db: ClinicDb, row: MessageRow, text: string, photoIds: string[]): Promise<Message> {
  if (row.text !== text || row.photo_ids !== JSON.stringify(photoIds)) throw clinicErrors.conflict('这个消息编号已经用过了，请更新小程序后再发')
  return (await toMessages(db, [row]))[0] as Message
}

/** The conversation in the order it was stored; `after` gives only newer messages (polling). */
export async function listMessages(deps: ClinicDeps, viewer: AppointmentViewer, appointmentId: string, after?: string): Promise<Message[]> {
  await findAppointmentFor(deps.db, viewer, appointmentId)
  let q = deps.db.selectFrom('clinic_messages').selectAll().where('appointment_id', '=', appointmentId)
  if (after) q = q.where('id', '>', after)
  return toMessages(deps.db, await q.orderBy('id').limit(500).execute())
}

async function toMessages(db: ClinicDb, rows: MessageRow[]): Promise<Message[]> {
  const photos = await loadPhotos(db, rows.flatMap((r) => parseIds(r.photo_ids)))
  return rows.map((r) => ({
    id: r.id,
    clientId: r.client_id,
    sender: r.sender,
    text: r.text,
    photos: parseIds(r.photo_ids).flatMap((id) => photos.get(id) ?? []),
    at: toShanghaiIso(Number(r.created_at)),
  }))
}
