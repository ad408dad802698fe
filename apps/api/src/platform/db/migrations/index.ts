import type { Migration, MigrationProvider } from 'kysely'
import * as m0001 from './0001_init'
import * as m0002 from './0002_payments'
import * as m0003 from './0003_market'
import * as m0004 from './0004_clinic'
import * as m0005 from './0005_market_listing_order'
import * as m0006 from './0006_clinic_callback_phone'
import * as m0007 from './0007_one_default_address'

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
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}
