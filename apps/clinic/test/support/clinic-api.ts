// The real API for the clinic's simulator suites, started in a child process (serve-api.ts) with
// the 20 demo doctors seeded, and reached over loopback as a phone reaches the server. Besides
// the phone under test, suites need other people's phones: a patient who has already booked and
// paid, a doctor who starts the visit, writes and finishes it. Those act here over HTTP, each
// with a session of their own, through the same endpoints the app calls.
import path from 'node:path'
import { idCheckDigit } from '@tianyuan/contracts/clinic-rules'
import type {
  Appointment,
  AppointmentPage,
  AppointmentResponse,
  ConsultMode,
  CreatePaymentResponse,
  Doctor,
  DoctorAppointmentsResponse,
  DoctorResponse,
  Message,
  MessageResponse,
  MessagesResponse,
  Patient,
  PatientResponse,
  PatientsResponse,
  Payment,
  PaymentResponse,
  Relation,
  Slot,
} from '@tianyuan/contracts/types'
import { startChildServer } from '@tianyuan/sim/child-server'
import { confirmInCashier, sandboxLoginCode, signIn } from '@tianyuan/sim/sandbox'
import type { ClinicApiReady } from './serve-api'

export interface ClinicApi {
  /** http://127.0.0.1:<port> */
  url: string
  /** The seeded doctors (GET /api/clinic/doctors), each with a user who logs in by the doctor's name. */
  doctors: Doctor[]
  /** How long seeding the doctors took in the child (ms). */
  seedMs: number
  /** The child's test hooks: move the API's clock forward, run the scheduler's due jobs now (reminders). */
  control: { advance(ms: number): Promise<void>; runDue(): Promise<{ ran: number; failed: number; expired: number }> }
  /** The seeded doctor of that name (张桂芳…); throws for a name that is not one. */
  doctorNamed(name: string): Doctor
  /** A fresh single-use wx.login code for this sandbox user (a doctor's name logs in as that doctor). */
  loginCode(user: string): Promise<string>
  /** A new API session token for this sandbox user. */
  signIn(user: string): Promise<string>
  /** The doctor's next 7 days of slots (GET /api/clinic/doctors/:id). */
  scheduleOf(doctorId: string): Promise<Slot[]>
  /** The user's appointments, newest first as the API lists them (first page, 50). */
  appointmentsOf(user: string): Promise<Appointment[]>
  /** One of the user's appointments. */
  appointmentOf(user: string, appointmentId: string): Promise<Appointment>
  /** The consultation's messages as the patient's account sees them, oldest first. */
  messagesOf(user: string, appointmentId: string): Promise<Message[]>
  /** The patient writes to the doctor (allowed once paid); `clientId` defaults to a new one. */
  sendAsPatient(user: string, appointmentId: string, text: string, clientId?: string): Promise<Message>
  /** The user's patient named `options.name` (default: the user's own name, 本人), added if missing. */
  patientOf(user: string, options?: PatientOptions): Promise<Patient>
  /** Books a place without paying: the appointment is 待支付 and holds its place for a while. */
  book(user: string, doctorId: string, options?: BookingOptions): Promise<Appointment>
  /** Books, pays through the sandbox cashier as a phone would, and resolves once the API has the payment (已预约). */
  bookAndPay(user: string, doctorId: string, options?: BookingOptions): Promise<PaidBooking>
  /** Resolves once the API says the payment is paid (GET /api/payments/:id, which asks WeChat while pending); fails after ~10 s. */
  untilPaid(user: string, paymentId: string): Promise<Payment>
  /** The doctor's workbench, acted over HTTP by the doctor's own user. */
  asDoctor(doctorName: string): DoctorDesk
  close(): Promise<void>
}

export interface PatientOptions {
  name?: string
  relation?: Relation
  /** YYYYMMDD, for the ID number (default 19520308: an older villager). */
  birth?: string
  gender?: '男' | '女'
}

export interface BookingOptions {
  /** Who is seen (default: the user, 本人). */
  patient?: PatientOptions
  /** This slot; otherwise the first bookable one on `date`, or the soonest bookable one. */
  slotId?: string
  /** YYYY-MM-DD (Shanghai). */
  date?: string
  /** Default: the first mode the doctor offers (图文 for every seeded doctor). */
  mode?: ConsultMode
  symptoms?: string
}

export interface PaidBooking {
  /** 已预约 (booked), paid. */
  appointment: Appointment
  paymentId: string
}

export interface DoctorDesk {
  doctor: Doctor
  /** The doctor's paid appointments on a day (default today, Shanghai): 已预约, 问诊中 and 已完成. */
  appointments(date?: string): Promise<DoctorAppointmentsResponse>
  /** 开始问诊: 已预约 → 问诊中. */
  start(appointmentId: string): Promise<Appointment>
  /** A message to the patient (only during the visit); `clientId` defaults to a new one. */
  send(appointmentId: string, text: string, clientId?: string): Promise<Message>
  /** The consultation's messages as the doctor sees them. */
  messages(appointmentId: string): Promise<Message[]>
  /** 结束问诊 with the doctor's advice (医嘱) and optionally a prescription: → 已完成. */
  finish(appointmentId: string, advice: string, prescription?: string): Promise<Appointment>
}

const API_DIR = path.resolve(__dirname, '../../../api')
const PAYMENT_KIND = 'clinic_appointment'

/**
 * A valid 18-digit ID number (GB 11643): 610629 (洛川县), the birth date (YYYYMMDD), two digits of
 * `seq`, the sex digit (odd for 男), and the check digit. Unique per account is all the API asks.
 */
export function idNumberFor(birth: string, seq: number, gender: '男' | '女' = '男'): string {
  const first17 = `610629${birth}${String(seq % 100).padStart(2, '0')}${gender === '男' ? 1 : 2}`
  return first17 + idCheckDigit(first17)
}

/** A clientId as a phone makes one before the first try (8–64 of A-Z a-z 0-9 - _). */
export const newClientId = (): string => `sim-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function startClinicApi(): Promise<ClinicApi> {
  // cwd in the API's package, so tsx, its config and its modules resolve as in `npm start`.
  const server = await startChildServer<ClinicApiReady>({ script: path.join(__dirname, 'serve-api.ts'), cwd: API_DIR })
  const { url, doctors, seedMs, control } = server.ready
  const post = async <T>(p: string): Promise<T> => {
    const res = await fetch(`${control}${p}`, { method: 'POST' })
    if (!res.ok) throw new Error(`control ${p}: ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }
  return {
    url,
    doctors,
    seedMs,
    control: { advance: async (ms) => void (await post(`/advance?ms=${ms}`)), runDue: () => post('/run-due') },
    ...clinicPeople(url, doctors),
    close: () => server.close(),
  }
}

/** The booking form's address for `doctorName`'s `nth` bookable slot (each test file books its own). */
export async function bookingFormUrl(api: ClinicPeople, doctorName: string, nth = 0): Promise<string> {
  const doctor = api.doctorNamed(doctorName)
  const slot = (await api.scheduleOf(doctor.id)).filter((s) => s.bookable)[nth]
  if (!slot) throw new Error(`${doctorName} has no bookable slot number ${nth}`)
  return `/pkg/pages/book/index?doctor=${doctor.id}&slot=${slot.id}`
}

/** Everyone but the phone under test, acting over HTTP on the API at `url` (a child server's, or the browser suites' preview). */
export type ClinicPeople = Omit<ClinicApi, 'url' | 'doctors' | 'seedMs' | 'close' | 'control'>

export function clinicPeople(url: string, doctors: Doctor[]): ClinicPeople {

  // One session per person for the helpers: signing in again for every call would only add
  // sessions (and time); the phone under test keeps its own.
  const sessions = new Map<string, Promise<string>>()
  const tokenOf = (user: string): Promise<string> => {
    let token = sessions.get(user)
    if (!token) {
      token = signIn(url, user)
      token.catch(() => sessions.delete(user))
      sessions.set(user, token)
    }
    return token
  }
  const call = async <T>(user: string, method: string, p: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}/api${p}`, {
      method,
      headers: { authorization: `Bearer ${await tokenOf(user)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`${user}: ${method} /api${p}: ${res.status} ${text}`)
    return JSON.parse(text) as T
  }

  const doctorNamed = (name: string): Doctor => {
    const doctor = doctors.find((d) => d.name === name)
    if (!doctor) throw new Error(`no seeded doctor named ${name} (there are ${doctors.map((d) => d.name).join('、')})`)
    return doctor
  }

  const scheduleOf = async (doctorId: string): Promise<Slot[]> => {
    const res = await fetch(`${url}/api/clinic/doctors/${encodeURIComponent(doctorId)}`)
    if (!res.ok) throw new Error(`GET doctor ${doctorId}: ${res.status} ${await res.text()}`)
    return ((await res.json()) as DoctorResponse).schedule
  }

  let patientSeq = 0
  const patientOf = async (user: string, options: PatientOptions = {}): Promise<Patient> => {
    const name = options.name ?? user
    const { items } = await call<PatientsResponse>(user, 'GET', '/clinic/patients')
    const existing = items.find((p) => p.name === name)
    if (existing) return existing
    const idNumber = idNumberFor(options.birth ?? '19520308', ++patientSeq, options.gender ?? '男')
    return (await call<PatientResponse>(user, 'POST', '/clinic/patients', { name, relation: options.relation ?? '本人', idNumber })).patient
  }

  const book = async (user: string, doctorId: string, options: BookingOptions = {}): Promise<Appointment> => {
    const patient = await patientOf(user, options.patient)
    const doctor = doctors.find((d) => d.id === doctorId)
    const mode = options.mode ?? (['text', 'phone', 'video'] as const).find((m) => doctor?.fees[m] !== null) ?? 'text'
    let slotId = options.slotId
    if (!slotId) {
      const slots = (await scheduleOf(doctorId)).filter((s) => s.bookable && (!options.date || s.date === options.date))
      slotId = slots[0]?.id
      if (!slotId) throw new Error(`no bookable slot for doctor ${doctorId}${options.date ? ` on ${options.date}` : ''}`)
    }
    const body = { slotId, patientId: patient.id, mode, symptoms: options.symptoms ?? '高血压复诊，最近血压 150/95，想调一下药', followUp: true, ...(mode === 'phone' ? { callbackPhone: '13800138000' } : {}) }
    return (await call<AppointmentResponse>(user, 'POST', '/clinic/appointments', body)).appointment
  }

  const untilPaid = async (user: string, paymentId: string): Promise<Payment> => {
    // The sandbox notifies the API on its own, a moment after the cashier; the domain's record
    // (已预约) changes in the same transaction as the payment.
    for (let i = 0; i < 100; i++) {
      const { payment } = await call<PaymentResponse>(user, 'GET', `/payments/${encodeURIComponent(paymentId)}`)
      if (payment.status === 'paid') return payment
      await sleep(100)
    }
    throw new Error(`payment ${paymentId} never became paid`)
  }

  const appointmentOf = async (user: string, appointmentId: string) =>
    (await call<AppointmentResponse>(user, 'GET', `/clinic/appointments/${encodeURIComponent(appointmentId)}`)).appointment

  return {
    doctorNamed,
    loginCode: (user) => sandboxLoginCode(url, user),
    signIn: (user) => signIn(url, user),
    scheduleOf,
    async appointmentsOf(user) {
      return (await call<AppointmentPage>(user, 'GET', '/clinic/appointments?size=50')).items
    },
    appointmentOf,
    async messagesOf(user, appointmentId) {
      return (await call<MessagesResponse>(user, 'GET', `/clinic/appointments/${encodeURIComponent(appointmentId)}/messages`)).items
    },
    async sendAsPatient(user, appointmentId, text, clientId = newClientId()) {
      return (await call<MessageResponse>(user, 'POST', `/clinic/appointments/${encodeURIComponent(appointmentId)}/messages`, { clientId, text })).message
    },
    patientOf,
    book,
    async bookAndPay(user, doctorId, options) {
      const booked = await book(user, doctorId, options)
      const created = await call<CreatePaymentResponse>(user, 'POST', '/payments', { kind: PAYMENT_KIND, orderId: booked.id })
      const errMsg = await confirmInCashier(url, created.requestPayment)
      if (errMsg !== 'requestPayment:ok') throw new Error(`the sandbox cashier said: ${errMsg}`)
      const payment = await untilPaid(user, created.payment.id)
      return { appointment: await appointmentOf(user, booked.id), paymentId: payment.id }
    },
    untilPaid,
    asDoctor(doctorName) {
      const doctor = doctorNamed(doctorName)
      const at = (id: string) => `/clinic/doctor/appointments/${encodeURIComponent(id)}`
      return {
        doctor,
        appointments: (date) => call<DoctorAppointmentsResponse>(doctorName, 'GET', `/clinic/doctor/appointments${date ? `?date=${date}` : ''}`),
        start: async (id) => (await call<AppointmentResponse>(doctorName, 'POST', `${at(id)}/start`)).appointment,
        send: async (id, text, clientId = newClientId()) => (await call<MessageResponse>(doctorName, 'POST', `${at(id)}/messages`, { clientId, text })).message,
        messages: async (id) => (await call<MessagesResponse>(doctorName, 'GET', `${at(id)}/messages`)).items,
        finish: async (id, advice, prescription) =>
          (await call<AppointmentResponse>(doctorName, 'POST', `${at(id)}/finish`, prescription === undefined ? { advice } : { advice, prescription })).appointment,
      }
    },
  }
}
