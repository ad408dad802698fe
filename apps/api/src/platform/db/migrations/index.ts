import type { Migration, MigrationProvider } from 'kysely'
import * as m0001 from './0001_init'
import * as m0002 from './0002_payments'
import * as m0003 from './0003_market'
import * as m0004 from './0004_clinic'
import * as m0005 from './0005_market_listing_order'
import * as m0006 from './0006_clinic_callback_phone'
import * as m0007 from './0007_one_default_address'
import * as m0008 from './0008_classroom'
import * as m0009 from './0009_lesson_media'
import * as m0010 from './0010_loans'
import * as m0011 from './0011_loan_disbursements'
import * as m0012 from './0012_classroom_certificates_questions'
import * as m0013 from './0013_scheduled_jobs'
import * as m0014 from './0014_subscribe_messages'
import * as m0015 from './0015_notices'
import * as m0016 from './0016_reminders'
import * as m0017 from './0017_catalogue_keyset'
import * as m0018 from './0018_catalogue_search'
import * as m0019 from './0019_catalogue_version'

/**
 * Migrations are TypeScript modules listed here (not read from a folder at run time), so they
 * work the same under tsx, Jest and a bundler. Append new ones; never edit a shipped one.
 */
const migrations: Record<string, Migration> = {
  '0001_init': m0001,
  '0002_payments': m0002,
  '0003_market': m0003,
  '0004_clinic': m0004,
  '0005_market_listing_order': m0005,
  '0006_clinic_callback_phone': m0006,
  '0007_one_default_address': m0007,
  '0008_classroom': m0008,
  '0009_lesson_media': m0009,
  '0010_loans': m0010,
  '0011_loan_disbursements': m0011,
  '0012_classroom_certificates_questions': m0012,
  '0013_scheduled_jobs': m0013,
  '0014_subscribe_messages': m0014,
  '0015_notices': m0015,
  '0016_reminders': m0016,
  '0017_catalogue_keyset': m0017,
  '0018_catalogue_search': m0018,
  '0019_catalogue_version': m0019,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}
