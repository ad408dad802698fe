import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import type { Hono } from 'hono'
import { createApp } from './app'
import { ConfigError, loadConfig, type Config } from './config'
import type { AppEnv } from './platform/context'
import { openDatabase, type Db } from './platform/db'
import { purgeExpired } from './platform/housekeeping'
import { createLogger, type Logger } from './platform/logging'
import { createDiskStorage } from './platform/media/storage'
import { createWeChatClient, type Fetch } from './platform/wechat/client'

export interface StartOptions {
  /** Defaults to loadConfig(process.env). */
  config?: Config
  logger?: Logger
  /** How the WeChat client reaches WeChat (tests: the double). */
  fetch?: Fetch
  /** Stop on SIGTERM/SIGINT (the command line does; tests do not). */
  handleSignals?: boolean
}

export interface RunningServer {
  url: string
  app: Hono<AppEnv>
  db: Db
  server: ServerType
  /** Stops accepting, lets in-flight requests finish (up to SHUTDOWN_TIMEOUT_MS), then closes the database. */
  shutdown(): Promise<void>
}

export interface EmbeddedApi {
  app: Hono<AppEnv>
  /** The app's fetch: hand it to a server that answers `/api/*` (the preview server does). */
  fetch: Hono<AppEnv>['fetch']
  db: Db
  config: Config
  logger: Logger
  /** Marks the API as stopping (/readyz → 503). */
  beginShutdown(): void
  /** Stops housekeeping and closes the database; call after the HTTP server has drained. */
  close(): Promise<void>
}

/**
 * Everything but the listening socket: configuration, database (created and migrated), the app and
 * its housekeeping timer. For embedding the API in another server on the same origin.
 */
export async function openApi(options: Omit<StartOptions, 'handleSignals'> = {}): Promise<EmbeddedApi> {
  const config = options.config ?? loadConfig()
  const logger = options.logger ?? createLogger({ level: config.logLevel })
  const db = await openDatabase(config.database)
  let shuttingDown = false
  const app = createApp({
    config,
    db,
    logger,
    wechat: createWeChatClient({ ...config.wechat, fetch: options.fetch }),
    storage: createDiskStorage(config.mediaDir),
    isShuttingDown: () => shuttingDown,
  })
  // Every 10 minutes, drop rows nobody can use any more (idempotency records past 24 h, dead sessions).
  const housekeeping = setInterval(() => {
    purgeExpired(db.kysely, Date.now()).then(
      (purged) => logger.debug({ purged }, 'housekeeping'),
      (error: unknown) => logger.warn({ err: error }, 'housekeeping failed'),
    )
  }, 10 * 60_000)
  housekeeping.unref()
  return {
    app,
    fetch: app.fetch,
    db,
    config,
    logger,
    beginShutdown: () => {
      shuttingDown = true
      clearInterval(housekeeping)
    },
    close: async () => {
      shuttingDown = true
      clearInterval(housekeeping)
      await db.close()
    },
  }
}

/** Opens (and migrates) the database, builds the app and listens. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const api = await openApi(options)
  const { app, db, config, logger } = api

  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s))
    s.once('error', reject)
  })
  const address = server.address() as AddressInfo
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`
  logger.info({ url, database: db.dialect }, 'listening')

  let stopping: Promise<void> | null = null
  const shutdown = () => {
    stopping ??= (async () => {
      api.beginShutdown()
      logger.info('shutting down: finishing in-flight requests')
      const force = setTimeout(() => {
        logger.warn('shutdown timeout: closing remaining connections')
        if ('closeAllConnections' in server) server.closeAllConnections()
      }, config.shutdownTimeoutMs)
      // Keep-alive connections: close each one as soon as its last response is out, instead of
      // waiting for the client to let go of it.
      const closeIdle = () => {
        if ('closeIdleConnections' in server) server.closeIdleConnections()
      }
      const idleSweep = setInterval(closeIdle, 50)
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        closeIdle()
      })
      clearInterval(idleSweep)
      clearTimeout(force)
      await api.close()
      logger.info('stopped: database closed')
      logger.flush()
    })()
    return stopping
  }

  if (options.handleSignals) {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'signal received')
      shutdown().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed')
          process.exit(1)
        },
      )
    }
    process.once('SIGTERM', onSignal)
    process.once('SIGINT', onSignal)
  }

  return { url, app, db, server, shutdown }
}

if (require.main === module) {
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`tianyuan-api: cannot start.\n${error.message}\nSee apps/api/README.md for every variable.`)
      process.exit(1)
    }
    throw error
  }
  startServer({ config, handleSignals: true }).catch((error: unknown) => {
    console.error('tianyuan-api: failed to start:', error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
