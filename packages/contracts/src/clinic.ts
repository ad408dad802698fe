import { z } from 'zod'
import { PageNumber, PageSize, pageOf } from './paging'
import { MediaId } from './auth'
import { Fen } from './money'
import { IsoDateTime, LocalDate, dayjs, SHANGHAI } from './time'
import { Id } from './ids'
import { Photo } from './media'
import { SearchTerm, optionalText, requiredText } from './text'
import { APPOINTMENT_STATUS_WORDS, MOBILE_PHONE_PATTERN, RELATIONS, idNumberProblem } from './clinic-rules'

/** The statuses are named once, with their words, in clinic-rules.ts. */
type AppointmentStatusKey = keyof typeof APPOINTMENT_STATUS_WORDS

export {
  ADULT_AGE,
  APPOINTMENT_STATUS_WORDS,
  CONSULT_MODE_HINTS,
  CONSULT_MODE_WORDS,
  FOLLOW_UP_NOTICE,
  GUARDIAN_REQUIRED_UNDER,
  REFUND_RULE,
  RELATIONS,
  ageOn,
  idBirthDate,
  idCheckDigit,
  idNumberProblem,
  isValidIdNumber,
  maskIdNumber,
} from './clinic-rules'

/**
 * 乡村问诊 — telemedicine booking. Departments, hospitals, doctors with a week of schedules,
 * patients (the account holder and family), appointments with a state machine and an audit
 * trail, payment, cancellation with a refund rule, consultation messages, the doctor's record,
 * ratings. Fees are integer fen from the server's record; a client's amounts are never read.
 * Online visits are for follow-ups of common and chronic conditions only.
 */

// ---------------------------------------------------------------- shared pieces

/** The one id schema (ids.ts). */
export const ClinicId = Id
export type ClinicId = z.infer<typeof ClinicId>

export const DoctorTitle = z.enum(['主任医师', '副主任医师', '主治医师', '医师'])
export type DoctorTitle = z.infer<typeof DoctorTitle>

export const HospitalLevel = z.enum(['township', 'county'])
export type HospitalLevel = z.infer<typeof HospitalLevel>

/** 图文 (text and photos), 电话 (phone), 视频 (video). */
export const ConsultMode = z.enum(['text', 'phone', 'video'], { message: '问诊方式只能是 图文、电话 或 视频' })
export type ConsultMode = z.infer<typeof ConsultMode>

/** 上午 08:00–12:00, 下午 14:00–17:30, 晚上 18:30–21:00, Shanghai time. */
export const SlotPeriod = z.enum(['morning', 'afternoon', 'evening'])
export type SlotPeriod = z.infer<typeof SlotPeriod>
export const SLOT_PERIODS: Record<SlotPeriod, { word: string; start: string; end: string }> = {
  morning: { word: '上午', start: '08:00', end: '12:00' },
  afternoon: { word: '下午', start: '14:00', end: '17:30' },
  evening: { word: '晚上', start: '18:30', end: '21:00' },
}

/** The instants a slot starts and ends (epoch ms), from its Shanghai day and period. */
export function slotTimes(date: string, period: SlotPeriod): { startsAt: number; endsAt: number } {
  const p = SLOT_PERIODS[period]
  return {
    startsAt: dayjs.tz(`${date} ${p.start}`, SHANGHAI).valueOf(),
    endsAt: dayjs.tz(`${date} ${p.end}`, SHANGHAI).valueOf(),
  }
}

/** How many days ahead a schedule is published (today included). */
export const SCHEDULE_DAYS = 7

export const Relation = z.enum(RELATIONS, { message: '关系只能是 本人、父母、子女、配偶 或 其他' })
export type Relation = z.infer<typeof Relation>

export const IdNumber = z
  .string({ message: '请填写身份证号' })
  .trim()
  .transform((s) => s.toUpperCase())
  .superRefine((s, ctx) => {
    const problem = idNumberProblem(s)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

const PhotoIdList = (max: number) =>
  z
    .array(MediaId, { message: '照片应为列表' })
    .max(max, { message: `最多 ${max} 张照片` })
    .refine((ids) => new Set(ids).size === ids.length, { message: '有重复的照片' })


/** The one photo shape (media.ts `Photo`). */
export const ClinicPhoto = Photo
export type ClinicPhoto = z.infer<typeof ClinicPhoto>

// ---------------------------------------------------------------- catalogue

export const Department = z.strictObject({ id: z.string(), name: z.string(), intro: z.string() })
export type Department = z.infer<typeof Department>
export const DepartmentsResponse = z.strictObject({ items: z.array(Department) })
export type DepartmentsResponse = z.infer<typeof DepartmentsResponse>

export const Hospital = z.strictObject({ id: z.string(), name: z.string(), level: HospitalLevel, county: z.string(), address: z.string() })
export type Hospital = z.infer<typeof Hospital>
export const HospitalsResponse = z.strictObject({ items: z.array(Hospital) })
export type HospitalsResponse = z.infer<typeof HospitalsResponse>

/** Fee per mode in fen; null = the doctor does not offer that mode. */
export const DoctorFees = z.strictObject({ text: z.nullable(Fen), phone: z.nullable(Fen), video: z.nullable(Fen) })
export type DoctorFees = z.infer<typeof DoctorFees>

export const Doctor = z.strictObject({
  id: z.string(),
  name: z.string(),
  title: DoctorTitle,
  hospital: Hospital,
  department: Department,
  specialty: z.string(),
  intro: z.string(),
  /** Average stars, one decimal (4.7), null before the first rating. */
  rating: z.nullable(z.number()),
  ratingCount: z.number().int(),
  fees: DoctorFees,
  photo: z.nullable(ClinicPhoto),
})
export type Doctor = z.infer<typeof Doctor>

export const Slot = z.strictObject({
  id: z.string(),
  doctorId: z.string(),
  date: LocalDate,
  period: SlotPeriod,
  /** 上午 / 下午 / 晚上 */
  periodWord: z.string(),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  capacity: z.number().int(),
  remaining: z.number().int(),
  /** False once it has ended or is full. */
  bookable: z.boolean(),
})
export type Slot = z.infer<typeof Slot>

export const DoctorSearchQuery = z.strictObject({
  /** Substring match on name, specialty, hospital and department; every space-separated word must match. */
  q: z.optional(SearchTerm),
  department: z.optional(ClinicId),
  hospital: z.optional(ClinicId),
  page: z.optional(PageNumber),
  size: z.optional(PageSize),
})
export type DoctorSearchQuery = z.input<typeof DoctorSearchQuery>

export const DoctorPage = pageOf(Doctor)
export type DoctorPage = z.infer<typeof DoctorPage>

/** `GET /api/clinic/doctors/:id`: the doctor and the next 7 days of slots. */
export const DoctorResponse = z.strictObject({ doctor: Doctor, schedule: z.array(Slot), notice: z.string() })
export type DoctorResponse = z.infer<typeof DoctorResponse>

// ---------------------------------------------------------------- patients

export const Patient = z.strictObject({
  id: z.string(),
  name: z.string(),
  relation: Relation,
  /** Masked: 3301**********1234. The full number never leaves the server. */
  idNumberMasked: z.string(),
  birthDate: LocalDate,
  gender: z.enum(['男', '女']),
  /** Full years today (Shanghai). */
  age: z.number().int(),
  guardianId: z.nullable(z.string()),
  createdAt: IsoDateTime,
})
export type Patient = z.infer<typeof Patient>

export const CreatePatientRequest = z.strictObject({
  name: requiredText('姓名', 20),
  relation: Relation,
  idNumber: IdNumber,
  /** Optional: when given it must agree with the ID number. */
  birthDate: z.optional(LocalDate),
  /** Required for a child under 6: an adult patient of the same account. */
  guardianId: z.optional(ClinicId),
})
export type CreatePatientRequest = z.input<typeof CreatePatientRequest>

export const PatientResponse = z.strictObject({ patient: Patient })
export type PatientResponse = z.infer<typeof PatientResponse>
export const PatientsResponse = z.strictObject({ items: z.array(Patient) })
export type PatientsResponse = z.infer<typeof PatientsResponse>

// ---------------------------------------------------------------- appointments

/**
 * pending_payment 待支付 → booked 已预约 → in_consultation 问诊中 → completed 已完成;
 * cancelled 已取消 (from 待支付 or 已预约; hold expiry too) → refunded 已退款 (the refund landed).
 */
export const AppointmentStatus = z.enum(Object.keys(APPOINTMENT_STATUS_WORDS) as [AppointmentStatusKey, ...AppointmentStatusKey[]])
export type AppointmentStatus = z.infer<typeof AppointmentStatus>

export const CreateAppointmentRequest = z.strictObject({
  slotId: ClinicId,
  patientId: ClinicId,
  mode: ConsultMode,
  symptoms: requiredText('病情描述', 1000, 'multi'),
  photoIds: z.optional(PhotoIdList(9)),
  /** The user confirms this is a follow-up of a diagnosed common or chronic condition (required by the rules of internet diagnosis). */
  followUp: z.literal(true, { message: '网上问诊只适用于常见病、慢性病复诊，请确认是复诊' }),
  /** 电话问诊: the mobile number the doctor calls (required for mode 'phone', not kept for the others). */
  callbackPhone: z.optional(z.string({ message: '手机号应为 11 位数字，以 1 开头' }).trim().regex(MOBILE_PHONE_PATTERN, { message: '手机号应为 11 位数字，以 1 开头' })),
})
export type CreateAppointmentRequest = z.input<typeof CreateAppointmentRequest>

export const RescheduleRequest = z.strictObject({ slotId: ClinicId })
export type RescheduleRequest = z.input<typeof RescheduleRequest>

export const AppointmentEvent = z.strictObject({
  /** What happened: created, paid, cancelled, expired, rescheduled, started, finished, refunded, rated, revived… */
  action: z.string(),
  /** Who did it. */
  actor: z.enum(['patient', 'doctor', 'system']),
  at: IsoDateTime,
  note: z.nullable(z.string()),
})
export type AppointmentEvent = z.infer<typeof AppointmentEvent>

export const VisitRecord = z.strictObject({ advice: z.string(), prescription: z.nullable(z.string()), at: IsoDateTime })
export type VisitRecord = z.infer<typeof VisitRecord>

export const Rating = z.strictObject({ stars: z.number().int(), text: z.string(), at: IsoDateTime })
export type Rating = z.infer<typeof Rating>

export const Appointment = z.strictObject({
  id: z.string(),
  status: AppointmentStatus,
  statusWord: z.string(),
  mode: ConsultMode,
  feeFen: Fen,
  doctor: z.strictObject({ id: z.string(), name: z.string(), title: DoctorTitle, hospitalName: z.string(), departmentName: z.string() }),
  patient: z.strictObject({ id: z.string(), name: z.string(), age: z.number().int(), gender: z.enum(['男', '女']), idNumberMasked: z.string() }),
  slot: Slot,
  symptoms: z.string(),
  /** 电话问诊: the number the doctor calls; null for the other modes. */
  callbackPhone: z.nullable(z.string()),
  photos: z.array(ClinicPhoto),
  /** An unpaid booking holds its place until then. */
  payBefore: z.nullable(IsoDateTime),
  paidAt: z.nullable(IsoDateTime),
  cancelledAt: z.nullable(IsoDateTime),
  cancelReason: z.nullable(z.enum(['patient', 'timeout'])),
  /** What a cancellation refunds (fen), once cancelled. */
  refundFen: z.nullable(Fen),
  record: z.nullable(VisitRecord),
  rating: z.nullable(Rating),
  events: z.array(AppointmentEvent),
  createdAt: IsoDateTime,
})
export type Appointment = z.infer<typeof Appointment>

export const AppointmentResponse = z.strictObject({ appointment: Appointment })
export type AppointmentResponse = z.infer<typeof AppointmentResponse>

export const AppointmentListQuery = z.strictObject({
  status: z.optional(AppointmentStatus),
  page: z.optional(PageNumber),
  size: z.optional(PageSize),
})
export type AppointmentListQuery = z.input<typeof AppointmentListQuery>

export const AppointmentPage = pageOf(Appointment)
export type AppointmentPage = z.infer<typeof AppointmentPage>

/** `GET /api/clinic/appointments/:id/cancellation`: what cancelling now would do, shown before the user confirms. */
export const CancellationQuote = z.strictObject({
  cancellable: z.boolean(),
  refundFen: Fen,
  /** The rule in words, e.g. 距就诊开始 2 小时以上取消，全额退款. */
  rule: z.string(),
  /** What happens if cancelled now, in words. */
  message: z.string(),
  /** Until when a full refund applies (null for an unpaid booking). */
  fullRefundUntil: z.nullable(IsoDateTime),
})
export type CancellationQuote = z.infer<typeof CancellationQuote>

/** A paid booking cancelled at least this long before its slot starts is refunded in full. */
export const FULL_REFUND_BEFORE_MS = 2 * 60 * 60_000

// ---------------------------------------------------------------- messages

export const MessageSender = z.enum(['patient', 'doctor'])
export type MessageSender = z.infer<typeof MessageSender>

export const ClientMessageId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { message: '消息编号应为 8 到 64 位字母、数字、- 或 _' })

export const SendMessageRequest = z
  .strictObject({
    /** Generated on the phone before the first try: a message sent again after a dropped connection is stored once. */
    clientId: ClientMessageId,
    text: z.optional(optionalText('消息', 2000)),
    photoIds: z.optional(PhotoIdList(9)),
  })
  .refine((m) => (m.text ?? '').length > 0 || (m.photoIds ?? []).length > 0, { message: '消息不能为空，请写几句话或发张照片', path: ['text'] })
export type SendMessageRequest = z.input<typeof SendMessageRequest>

export const Message = z.strictObject({
  id: z.string(),
  clientId: z.string(),
  sender: MessageSender,
  text: z.string(),
  photos: z.array(ClinicPhoto),
  at: IsoDateTime,
})
export type Message = z.infer<typeof Message>

export const MessageResponse = z.strictObject({ message: Message })
export type MessageResponse = z.infer<typeof MessageResponse>

export const MessageListQuery = z.strictObject({
  /** Only messages after this one (polling). */
  after: z.optional(ClinicId),
})
export type MessageListQuery = z.input<typeof MessageListQuery>
export const MessagesResponse = z.strictObject({ items: z.array(Message) })
export type MessagesResponse = z.infer<typeof MessagesResponse>

// ---------------------------------------------------------------- doctor role and rating

export const DoctorAppointmentsQuery = z.strictObject({ date: z.optional(LocalDate) })
export type DoctorAppointmentsQuery = z.input<typeof DoctorAppointmentsQuery>
export const DoctorAppointmentsResponse = z.strictObject({ date: LocalDate, items: z.array(Appointment) })
export type DoctorAppointmentsResponse = z.infer<typeof DoctorAppointmentsResponse>

export const DoctorMeResponse = z.strictObject({ doctor: Doctor })
export type DoctorMeResponse = z.infer<typeof DoctorMeResponse>

export const FinishConsultationRequest = z.strictObject({
  advice: requiredText('医嘱', 2000, 'multi'),
  prescription: z.optional(requiredText('处方', 2000, 'multi')),
})
export type FinishConsultationRequest = z.input<typeof FinishConsultationRequest>

export const RateRequest = z.strictObject({
  stars: z.number({ message: '评分应为 1 到 5 的整数' }).int({ message: '评分应为 1 到 5 的整数' }).min(1, { message: '评分至少 1 星' }).max(5, { message: '评分最多 5 星' }),
  text: z.optional(optionalText('评价', 500)),
})
export type RateRequest = z.input<typeof RateRequest>
