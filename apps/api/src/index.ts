export { createApp, type AppDeps } from './app'
export { startServer, openApi, type EmbeddedApi, type RunningServer, type StartOptions } from './server'
export { loadConfig, ConfigError, type Config } from './config'
export { openDatabase, type Db } from './platform/db'
export { createLogger } from './platform/logging'
export { createDiskStorage, type MediaStorage } from './platform/media/storage'
export { createWeChatClient, type WeChatClient, type Fetch } from './platform/wechat/client'
export { createWeChatDouble, type WeChatDouble } from './platform/wechat/double'
export {
  createPaymentsService,
  type PayableOrder,
  type PayableResolver,
  type PaidEvent,
  type RefundedEvent,
  type PaymentsService,
} from './modules/payments/service'
// The demo doctors and their week of slots: development seeds them at start; the clinic's
// simulator and browser suites and the bench seed a test database with them.
export { seedClinic, SEED_CLINIC_DOCTORS, type SeedClinicDeps } from './seed/clinic'
// 田间课堂's demo teachers, courses and lessons (development seeds them at start; the classroom's
// simulator and browser suites seed a test database with them; `media` goes to seedLessonMedia).
export { seedClassroom, SEED_CLASSROOM_COURSES, SEED_CLASSROOM_LESSONS, SEED_CLASSROOM_TEACHERS, type SeedClassroomDeps, type SeedClassroomResult } from './seed/classroom'
// 惠农小贷's demo products and credit officer (development seeds them at start; the microloan's
// browser suite seeds the e2e database with them, the officer's user with the sandbox's openid).
export { seedLoans, DEMO_LOAN_PRODUCTS, DEMO_OFFICER, type SeedLoansDeps } from './seed/loans'
// 通知到人's organisations, their publishers (sandbox users by name) and a live notice of every topic
// (development seeds them at start; the apps' simulator and browser suites seed a test database with them).
export { seedNotices, NOTICE_ORGANISATIONS, DEMO_PUBLISHER, type SeedNoticesDeps } from './seed/notices'
// The scale bench (tools/bench `scale`): a big catalogue made fast, the list's query and its cursor.
export { growCatalogue, type GrowOptions } from './modules/market/grow'
export { searchPlan, searchQuery, SEARCH_CANDIDATES, SEARCH_WALK_ROWS } from './modules/market/catalog'
export { encodeCursor } from './modules/market/cursor'
export { marketDb } from './modules/market/schema'
