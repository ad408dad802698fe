import type { Migration, MigrationProvider } from 'kysely'
import * as m0001 from './0001_init'

/**
 * Migrations are TypeScript modules listed here (not read from a folder at run time), so they
 * work the same under tsx, Jest and a bundler. Append new ones; never edit a shipped one.
 */
const migrations: Record<string, Migration> = {
  '0001_init': m0001,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}
