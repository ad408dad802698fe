import { Hono, type Context } from 'hono'
import { z } from 'zod'
import {
  AppointmentListQuery,
  ClinicId,
  CreateAppointmentRequest,
  CreatePatientRequest,
  DoctorAppointmentsQuery,
  DoctorSearchQuery,
  FinishConsultationRequest,
  MessageListQuery,
  RateRequest,
  RescheduleRequest,
  SendMessageRequest,
  type AppointmentResponse,
  type CancellationQuote,
  type DepartmentsResponse,
  type DoctorMeResponse,
  type HospitalsResponse,
  type MessageResponse,
  type MessagesResponse,
  type PatientResponse,
  type PatientsResponse,
} from '@tianyuan/contracts'
import type { AppEnv } from '../../platform/context'
import type { Logger } from '../../platform/logging'
import { requireUser, signedIn } from '../../platform/auth/sessions'
import { readEmptyBody, readJson, readQuery } from '../../platform/validation'
import type { PaymentsService } from '../payments'
import {
  cancelAppointment,
  cancellationQuote,
  createAppointment,
  doctorDay,
  doctorIdOf,
  finishConsultation,
  getAppointmentFor,
  listAppointments,
  rateAppointment,
  rescheduleAppointment,
  startConsultation,
} from './appointments'
import { doctorPage, getDoctor, listDepartments, listHospitals, searchDoctors } from './catalog'
import { listMessages, sendMessage } from './messages'
import { startDueRefunds } from './payable'
import { createPatient, getPatient, listPatients } from './patients'
import { clinicErrors, type ClinicDeps } from './shared'

const NoQuery = z.strictObject({})

/** An id that cannot be one of ours is simply not found. */
function idParam(c: Context<AppEnv>, notFound: () => Error): string {
  const raw = c.req.param('id') ?? ''
  if (!ClinicId.safeParse(raw).success) throw notFound()
  return raw
}
const notFound = clinicErrors.appointmentNotFound

export interface ClinicRouteDeps extends ClinicDeps {
  payments: PaymentsService | null
  logger: Logger
}

/** 乡村问诊: mounted at /api/clinic. */
export function clinicRoutes(deps: ClinicRouteDeps) {
  const { db } = deps
  const doctor = async (c: Context<AppEnv>) => {
    const { userId } = signedIn(c)
    return { userId, doctorId: await doctorIdOf(db, userId) }
  }

  return (
    new Hono<AppEnv>()
      // ---------------------------------------------------------------- catalogue (public)
      .get('/departments', async (c) => {
        readQuery(c, NoQuery)
        const result: DepartmentsResponse = { items: await listDepartments(db) }
        return c.json(result)
      })
      .get('/hospitals', async (c) => {
        readQuery(c, NoQuery)
        const result: HospitalsResponse = { items: await listHospitals(db) }
        return c.json(result)
      })
      .get('/doctors', async (c) => c.json(await searchDoctors(db, readQuery(c, DoctorSearchQuery))))
      .get('/doctors/:id', async (c) => {
        const id = idParam(c, clinicErrors.doctorNotFound)
        readQuery(c, NoQuery)
        return c.json(await doctorPage(db, id, deps.now()))
      })

      // ---------------------------------------------------------------- patients (the account's family)
      .get('/patients', requireUser, async (c) => {
        readQuery(c, NoQuery)
        const result: PatientsResponse = { items: await listPatients(deps, signedIn(c).userId) }
        return c.json(result)
      })
      .post('/patients', requireUser, async (c) => {
        const body = await readJson(c, CreatePatientRequest)
        const result: PatientResponse = { patient: await createPatient(deps, signedIn(c).userId, body) }
        return c.json(result, 201)
      })
      .get('/patients/:id', requireUser, async (c) => {
        const id = idParam(c, clinicErrors.patientNotFound)
        readQuery(c, NoQuery)
        const result: PatientResponse = { patient: await getPatient(deps, signedIn(c).userId, id) }
        return c.json(result)
      })

      // ---------------------------------------------------------------- the patient's appointments
      .post('/appointments', requireUser, async (c) => {
        const body = await readJson(c, CreateAppointmentRequest)
        const { userId } = signedIn(c)
        const appointment = await createAppointment(deps, userId, body)
        c.get('log').info({ userId, appointmentId: appointment.id, slotId: body.slotId }, 'clinic appointment booked')
        const result: AppointmentResponse = { appointment }
        return c.json(result, 201)
      })
      .get('/appointments', requireUser, async (c) => c.json(await listAppointments(deps, signedIn(c).userId, readQuery(c, AppointmentListQuery))))
      .get('/appointments/:id', requireUser, async (c) => {
        const id = idParam(c, notFound)
        readQuery(c, NoQuery)
        const result: AppointmentResponse = { appointment: await getAppointmentFor(deps, { userId: signedIn(c).userId }, id) }
        return c.json(result)
      })
      .get('/appointments/:id/cancellation', requireUser, async (c) => {
        const id = idParam(c, notFound)
        readQuery(c, NoQuery)
        const result: CancellationQuote = await cancellationQuote(deps, signedIn(c).userId, id)
        return c.json(result)
      })
      .post('/appointments/:id/cancel', requireUser, async (c) => {
        const id = idParam(c, notFound)
        await readEmptyBody(c)
        const { userId } = signedIn(c)
        let appointment = await cancelAppointment(deps, userId, id)
        if (deps.payments && (appointment.refundFen ?? 0) > 0) {
          // WeChat unreachable: the cancel stands and housekeeping starts the refund within a minute.
          if (await startDueRefunds(deps.payments, db, c.get('log'), { appointmentId: id })) appointment = await getAppointmentFor(deps, { userId }, id)
        }
        const result: AppointmentResponse = { appointment }
        return c.json(result)
      })
      .post('/appointments/:id/reschedule', requireUser, async (c) => {
        const id = idParam(c, notFound)
        const body = await readJson(c, RescheduleRequest)
        const result: AppointmentResponse = { appointment: await rescheduleAppointment(deps, signedIn(c).userId, id, body.slotId) }
        return c.json(result)
      })
      .get('/appointments/:id/messages', requireUser, async (c) => {
        const id = idParam(c, notFound)
        const query = readQuery(c, MessageListQuery)
        const result: MessagesResponse = { items: await listMessages(deps, { userId: signedIn(c).userId }, id, query.after) }
        return c.json(result)
      })
      .post('/appointments/:id/messages', requireUser, async (c) => {
        const id = idParam(c, notFound)
        const body = await readJson(c, SendMessageRequest)
        const { message, created } = await sendMessage(deps, { kind: 'patient', userId: signedIn(c).userId }, id, body)
        const result: MessageResponse = { message }
        return c.json(result, created ? 201 : 200)
      })
      .post('/appointments/:id/rating', requireUser, async (c) => {
        const id = idParam(c, notFound)
        const body = await readJson(c, RateRequest)
        const result: AppointmentResponse = { appointment: await rateAppointment(deps, signedIn(c).userId, id, body) }
        return c.json(result, 201)
      })

      // ---------------------------------------------------------------- the doctor's workbench
      .get('/doctor/me', requireUser, async (c) => {
        readQuery(c, NoQuery)
        const { doctorId } = await doctor(c)
        const result: DoctorMeResponse = { doctor: await getDoctor(db, doctorId) }
        return c.json(result)
      })
      .get('/doctor/appointments', requireUser, async (c) => {
        const query = readQuery(c, DoctorAppointmentsQuery)
        const { doctorId } = await doctor(c)
        return c.json(await doctorDay(deps, doctorId, query.date))
      })
      .get('/doctor/appointments/:id', requireUser, async (c) => {
        const id = idParam(c, notFound)
        readQuery(c, NoQuery)
        const { doctorId } = await doctor(c)
        const result: AppointmentResponse = { appointment: await getAppointmentFor(deps, { doctorId }, id) }
        return c.json(result)
      })
      .post('/doctor/appointments/:id/start', requireUser, async (c) => {
        const id = idParam(c, notFound)
        await readEmptyBody(c)
        const { userId, doctorId } = await doctor(c)
        const result: AppointmentResponse = { appointment: await startConsultation(deps, userId, doctorId, id) }
        return c.json(result)
      })
      .post('/doctor/appointments/:id/finish', requireUser, async (c) => {
        const id = idParam(c, notFound)
        const body = await readJson(c, FinishConsultationRequest)
        const { userId, doctorId } = await doctor(c)
        const result: AppointmentResponse = { appointment: await finishConsultation(deps, userId, doctorId, id, body) }
        return c.json(result)
      })
      .get('/doctor/appointments/:id/messages', requireUser, async (c) => {
        const id = idParam(c, notFound)
        const query = readQuery(c, MessageListQuery)
        const { doctorId } = await doctor(c)
        const result: MessagesResponse = { items: await listMessages(deps, { doctorId }, id, query.after) }
        return c.json(result)
      })
      .post('/doctor/appointments/:id/messages', requireUser, async (c) => {
        const id = idParam(c, notFound)
        const body = await readJson(c, SendMessageRequest)
        const { userId, doctorId } = await doctor(c)
        const { message, created } = await sendMessage(deps, { kind: 'doctor', userId, doctorId }, id, body)
        const result: MessageResponse = { message }
        return c.json(result, created ? 201 : 200)
      })
  )
}
