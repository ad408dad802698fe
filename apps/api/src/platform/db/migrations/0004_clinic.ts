import { sql, type Kysely } from 'kysely'

// 乡村问诊 (telemedicine booking). Portable DDL: the same migration runs on SQLite and PostgreSQL.
// Money is bigint fen; instants are bigint epoch ms; Shanghai days are YYYY-MM-DD text; lists of
// media ids are JSON text.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('clinic_departments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .execute()
  // Reference data every installation needs.
  await db
    .insertInto('clinic_departments')
    .values([
      { id: 'internal', name: '内科', intro: '感冒发烧、胃病、头痛头晕等常见病复诊', sort: 10 },
      { id: 'chronic', name: '慢病管理', intro: '高血压、糖尿病、慢阻肺等慢性病的复诊和用药调整', sort: 20 },
      { id: 'pediatrics', name: '儿科', intro: '小儿咳嗽、腹泻、湿疹等常见病复诊（6 岁以下须监护人陪同）', sort: 30 },
      { id: 'gynecology', name: '妇科', intro: '妇科常见病复诊、孕期咨询', sort: 40 },
      { id: 'tcm', name: '中医科', intro: '中医调理、慢性病中医复诊', sort: 50 },
      { id: 'dermatology', name: '皮肤科', intro: '湿疹、皮炎、癣等皮肤病复诊', sort: 60 },
      { id: 'orthopedics', name: '骨科', intro: '腰腿痛、关节炎、颈椎病复诊', sort: 70 },
    ])
    .execute()

  await db.schema
    .createTable('clinic_hospitals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    // township (乡镇卫生院) | county (县医院)
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('county', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('clinic_doctors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The user who acts as this doctor (the doctor role); one doctor per user.
    .addColumn('user_id', 'text', (c) => c.unique().references('users.id'))
    .addColumn('hospital_id', 'text', (c) => c.notNull().references('clinic_hospitals.id'))
    .addColumn('department_id', 'text', (c) => c.notNull().references('clinic_departments.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('specialty', 'text', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull())
    // null = the mode is not offered.
    .addColumn('fee_text_fen', 'bigint')
    .addColumn('fee_phone_fen', 'bigint')
    .addColumn('fee_video_fen', 'bigint')
    .addColumn('photo_media_id', 'text')
    .addColumn('rating_sum', 'integer', (c) => c.notNull())
    .addColumn('rating_count', 'integer', (c) => c.notNull())
    // lower(name specialty hospital department): LIKE '%…%' on both databases.
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('clinic_doctors_department').on('clinic_doctors').columns(['department_id', 'name']).execute()

  await db.schema
    .createTable('clinic_slots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('doctor_id', 'text', (c) => c.notNull().references('clinic_doctors.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    // morning | afternoon | evening
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    // Places taken. Only ever changed by a conditional UPDATE (booked < capacity / booked > 0).
    .addColumn('booked', 'integer', (c) => c.notNull())
    .addUniqueConstraint('clinic_slots_doctor_day_period', ['doctor_id', 'date', 'period'])
    // The database itself refuses an overbooked (or negative) slot, whatever the code does.
    .addCheckConstraint('clinic_slots_places', sql`booked >= 0 and booked <= capacity`)
    .execute()
  await db.schema.createIndex('clinic_slots_doctor_start').on('clinic_slots').columns(['doctor_id', 'starts_at']).execute()

  await db.schema
    .createTable('clinic_patients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    // The full number stays here; every response masks it.
    .addColumn('id_number', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text', (c) => c.notNull())
    .addColumn('gender', 'text', (c) => c.notNull())
    .addColumn('guardian_id', 'text', (c) => c.references('clinic_patients.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('clinic_patients_user_id_number', ['user_id', 'id_number'])
    .execute()

  await db.schema
    .createTable('clinic_appointments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull().references('clinic_patients.id'))
    .addColumn('doctor_id', 'text', (c) => c.notNull().references('clinic_doctors.id'))
    .addColumn('slot_id', 'text', (c) => c.notNull().references('clinic_slots.id'))
    .addColumn('mode', 'text', (c) => c.notNull())
    // pending_payment | booked | in_consultation | completed | cancelled | refunded — conditional UPDATEs only.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('fee_fen', 'bigint', (c) => c.notNull())
    .addColumn('symptoms', 'text', (c) => c.notNull())
    .addColumn('photo_ids', 'text', (c) => c.notNull())
    .addColumn('hold_expires_at', 'bigint', (c) => c.notNull())
    .addColumn('paid_at', 'bigint')
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .addColumn('cancelled_at', 'bigint')
    .addColumn('cancel_reason', 'text')
    .addColumn('refund_fen', 'bigint')
    .addColumn('advice', 'text')
    .addColumn('prescription', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  // A patient never holds two live bookings for the same slot.
  await db.schema
    .createIndex('clinic_appointments_live_patient_slot')
    .on('clinic_appointments')
    .columns(['patient_id', 'slot_id'])
    .unique()
    .where(sql.ref('status'), 'in', ['pending_payment', 'booked', 'in_consultation'])
    .execute()
  await db.schema.createIndex('clinic_appointments_user').on('clinic_appointments').columns(['user_id', 'created_at']).execute()
  await db.schema.createIndex('clinic_appointments_doctor').on('clinic_appointments').columns(['doctor_id', 'slot_id']).execute()
  await db.schema.createIndex('clinic_appointments_holds').on('clinic_appointments').columns(['status', 'hold_expires_at']).execute()

  // The audit trail: who did what, when.
  await db.schema
    .createTable('clinic_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('appointment_id', 'text', (c) => c.notNull().references('clinic_appointments.id'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute()
  await db.schema.createIndex('clinic_events_appointment').on('clinic_events').columns(['appointment_id', 'id']).execute()

  await db.schema
    .createTable('clinic_messages')
    // Sortable: time, then a counter — the order messages are read in.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('appointment_id', 'text', (c) => c.notNull().references('clinic_appointments.id'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('sender_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('photo_ids', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // A message replayed after a dropped connection is stored once.
    .addUniqueConstraint('clinic_messages_client', ['appointment_id', 'sender', 'client_id'])
    .execute()

  await db.schema
    .createTable('clinic_ratings')
    // One rating per appointment.
    .addColumn('appointment_id', 'text', (c) => c.primaryKey().references('clinic_appointments.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('doctor_id', 'text', (c) => c.notNull().references('clinic_doctors.id'))
    .addColumn('stars', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'clinic_ratings',
    'clinic_messages',
    'clinic_events',
    'clinic_appointments',
    'clinic_patients',
    'clinic_slots',
    'clinic_doctors',
    'clinic_hospitals',
    'clinic_departments',
  ]) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
