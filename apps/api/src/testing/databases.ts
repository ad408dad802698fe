import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import type { DatabaseTarget } from '../config'
import { dropSchema, openDatabase, whileNoMigrationReads, type Db } from '../platform/db'
import { TEMPLATE_ENV, schemaFromTemplate } from './pg-template'

/** A fresh, empty database for one test file (or one test), reopenable to simulate a restart. */
export interface TestDatabase {
  kind: 'sqlite' | 'postgres'
  target: DatabaseTarget
  /** PostgreSQL: the schema holding this database's tables (for a child process to open it too). */
  schema?: string
  /** Opens (and migrates) it; call again for "another instance" or "after a restart". */
  open(): Promise<Db>
  /** Removes it. Close every Db opened on it first. */
  drop(): Promise<void>
  /**
   * Runs `work` that migrates this database by hand through Kysely (a test's down migration, the
   * Migrator's list of migrations, the way back up). PostgreSQL: with the migration lock held
   * exclusively, because Kysely's migrator reads every schema's tables by name, so it fails on a
   * schema another test file drops meanwhile ("schema t_… does not exist"), and a table this one
   * drops fails another file's migration ("relation t_….classroom_teachers does not exist").
   * `work` must not open a database.
   */
  migratingByHand<T>(work: () => Promise<T>): Promise<T>
}

function postgresStatus(): string {
  const url = process.env.TEST_DATABASE_URL
  if (!url) return 'unset'
  if (process.env.TIANYUAN_TEST_PG_STATUS) return process.env.TIANYUAN_TEST_PG_STATUS
  const probe = spawnSync(process.execPath, [path.join(__dirname, 'pg-probe.js'), url], { encoding: 'utf8', timeout: 5000 })
  process.env.TIANYUAN_TEST_PG_STATUS = probe.stdout === 'ok' ? 'ok' : `unreachable: ${probe.stdout}`
  return process.env.TIANYUAN_TEST_PG_STATUS
}

export const postgresAvailable = postgresStatus() === 'ok'

export async function freshSqlite(): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tianyuan-api-test-'))
  const target: DatabaseTarget = { kind: 'sqlite', file: path.join(dir, 'test.db') }
  return {
    kind: 'sqlite',
    target,
    open: () => openDatabase(target),
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    migratingByHand: (work) => work(),
  }
}

export interface FreshPostgresOptions {
  /**
   * Make the schema by running the migrations (Kysely's migrator) rather than from the run's
   * migrated template (testing/pg-template, made by global-setup): for tests of migrating itself.
   */
  migrate?: boolean
}

/**
 * Its own schema in the shared test server, so parallel test files never collide. Made on the
 * first open() from the run's template when there is one (≈ 0.6 CPU-s less per test file than
 * migrating), else by migrating.
 */
export async function freshPostgres(options: FreshPostgresOptions = {}): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL as string
  const schema = `t_${randomBytes(6).toString('hex')}`
  const target: DatabaseTarget = { kind: 'postgres', url }
  const templateFile = options.migrate ? undefined : process.env[TEMPLATE_ENV]
  let made: Promise<void> | undefined
  return {
    kind: 'postgres',
    target,
    schema,
    open: async () => {
      if (templateFile) await (made ??= schemaFromTemplate(url, templateFile, schema))
      return openDatabase(target, { schema, poolSize: 5 })
    },
    drop: () => dropSchema(url, schema),
    migratingByHand: (work) => whileNoMigrationReads(url, work),
  }
}

export type DatabaseKind = 'sqlite' | 'postgres'

/**
 * Runs a suite once on SQLite and once on PostgreSQL (when TEST_DATABASE_URL answers; otherwise
 * the PostgreSQL copy is reported as skipped, and global-setup says so loudly).
 */
export function describeEachDatabase(title: string, suite: (fresh: () => Promise<TestDatabase>, kind: DatabaseKind) => void): void {
  describe(`${title} [sqlite]`, () => suite(freshSqlite, 'sqlite'))
  if (postgresAvailable) describe(`${title} [postgres]`, () => suite(freshPostgres, 'postgres'))
  else describe.skip(`${title} [postgres] — SKIPPED: no PostgreSQL at TEST_DATABASE_URL`, () => suite(freshPostgres, 'postgres'))
}
