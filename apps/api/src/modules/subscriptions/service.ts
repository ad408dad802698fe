import type { Kysely } from 'kysely'
import { APP_NOTICE_TOPICS } from '@tianyuan/contracts/notices-rules'
import { REMINDER_KEYS, REMINDER_TEMPLATES, checkTemplateData, isReminderKey, type AppName, type ReminderKey } from '@tianyuan/contracts/subscribe-rules'
import type { SubscriptionAnswersRequest } from '@tianyuan/contracts'
import { errors } from '../../platform/errors'
import type { Logger } from '../../platform/logging'
import { WECHAT_ERR, type WeChatClient } from '../../platform/wechat/client'
import { clearGrants, recordAnswer, recordSend, urgentSubscribers, takeGrant } from './repo'
import { subscriptionsDb, type SubscriptionsDb } from './schema'

export interface SendReminderInput {
  userId: string
  key: ReminderKey
  /** Field name → value, by the template's rules (checkTemplateData). */
  data: Record<string, string>
  /** The page the card opens, in the app that sends it. */
  page: string
  app: AppName
}

/**
 * 'sent'; 'no_subscription' — WeChat answered 43101 (no one-time grant left); 'invalid' — refused
 * before sending (checkTemplateData, or no page); 'no_openid' — the user has no WeChat openid here;
 * 'failed' — WeChat's final refusal, with its errcode.
 */
export interface SendReminderResult {
  outcome: 'sent' | 'no_subscription' | 'invalid' | 'no_openid' | 'failed'
  errcode?: number
}

/** Thrown by sendReminder when WeChat was busy or unreachable: the scheduler retries the job. */
export class RetryableSendError extends Error {
  constructor(
    message: string,
    readonly errcode: number | null,
  ) {
    super(message)
    this.name = 'RetryableSendError'
  }
}

export interface SubscriptionsService {
  /** Each reminder's template id in this deployment (Config.subscribe.templates). */
  readonly templates: Readonly<Record<ReminderKey, string>>
  /** Records what a user answered to one wx.requestSubscribeMessage call; → grants recorded. */
  recordAnswers(userId: string, request: SubscriptionAnswersRequest): Promise<number>
  /** Sends one reminder; every outcome is recorded in subscribe_sends. Throws only RetryableSendError. */
  sendReminder(input: SendReminderInput): Promise<SendReminderResult>
  /** Users who accepted urgent notices of `topic` (from `app`, when given) and have a grant left. */
  subscribersOf(input: { app?: AppName; topic: string }): Promise<string[]>
}

export interface SubscriptionsDeps<DB = unknown> {
  /** The API's database (any Kysely over it). */
  db: Kysely<DB>
  wechat: WeChatClient
  templates: Record<ReminderKey, string>
  miniprogramState: 'developer' | 'trial' | 'formal'
  now: () => number
  logger: Logger
}

const PAGE = /^[A-Za-z0-9_/-]{1,200}(\?[\x21-\x7e]{0,300})?$/

export function createSubscriptions<DB>(deps: SubscriptionsDeps<DB>): SubscriptionsService {
  const db: SubscriptionsDb = subscriptionsDb(deps.db)
  const templates = Object.freeze({ ...deps.templates })
  const keyOfTemplate = new Map(REMINDER_KEYS.map((key) => [templates[key], key]))

  return {
    templates,

    async recordAnswers(userId, request) {
      const at = deps.now()
      const urgent = request.answers.some((a) => a.key === 'urgent_notice')
      if (request.topics && !urgent) throw errors.validation([{ field: 'topics', message: '只有订阅紧急通知时才选话题' }])
      for (const answer of request.answers) {
        if (keyOfTemplate.get(answer.templateId) !== answer.key) {
          throw errors.validation([{ field: 'answers', message: '通知模板已更新，请重新打开小程序后再订阅' }])
        }
      }
      let recorded = 0
      for (const answer of request.answers) {
        // Urgent notices are per topic: the ones chosen, else the asking app's own.
        const topics = answer.key === 'urgent_notice' ? (request.topics?.length ? request.topics : [...APP_NOTICE_TOPICS[request.app]]) : ['']
        for (const topic of topics) {
          await recordAnswer(db, { userId, templateId: answer.templateId, app: request.app, topic, reminderKey: answer.key, answer: answer.answer, at })
          if (answer.answer === 'accept') recorded++
        }
      }
      return recorded
    },

    async sendReminder(input) {
      const at = deps.now()
      const key = input.key
      const templateId = isReminderKey(key) ? templates[key] : ''
      const base = { userId: input.userId, reminderKey: String(key), templateId, app: input.app, page: input.page, data: input.data, at }
      const log = deps.logger.child({ userId: input.userId, reminder: key })

      const problems = isReminderKey(key) ? checkTemplateData(key, input.data) : [`不认识的提醒种类 ${String(key)}`]
      if (typeof input.page !== 'string' || !PAGE.test(input.page)) problems.push('跳转页面不对（要是小程序里的页面路径）')
      if (problems.length > 0) {
        await recordSend(db, { ...base, page: String(input.page ?? ''), outcome: 'invalid', detail: problems.join('；') })
        log.warn({ problems }, 'subscribe message refused before sending')
        return { outcome: 'invalid' }
      }
      const user = await db.selectFrom('users').select('openid').where('id', '=', input.userId).executeTakeFirst()
      if (!user?.openid) {
        await recordSend(db, { ...base, outcome: 'no_openid' })
        return { outcome: 'no_openid' }
      }
      const result = await deps.wechat.sendSubscribeMessage({
        touser: user.openid,
        templateId,
        page: input.page,
        data: input.data,
        miniprogramState: deps.miniprogramState,
      })
      if (result.ok) {
        await recordSend(db, { ...base, outcome: 'sent', detail: result.msgid === null ? null : `msgid ${result.msgid}` })
        await takeGrant(db, input.userId, templateId, input.app)
        log.info('subscribe message sent')
        return { outcome: 'sent' }
      }
      if (result.errcode === WECHAT_ERR.NO_SUBSCRIPTION) {
        await recordSend(db, { ...base, outcome: 'no_subscription', errcode: result.errcode, detail: result.errmsg })
        await clearGrants(db, input.userId, templateId)
        return { outcome: 'no_subscription', errcode: result.errcode }
      }
      if (result.retryable) {
        await recordSend(db, { ...base, outcome: 'retrying', errcode: result.errcode, detail: result.errmsg })
        log.warn({ errcode: result.errcode, errmsg: result.errmsg }, 'subscribe message: WeChat busy or unreachable, will retry')
        throw new RetryableSendError(`WeChat subscribe send: ${result.errmsg}`, result.errcode)
      }
      await recordSend(db, { ...base, outcome: 'failed', errcode: result.errcode, detail: result.errmsg })
      log.error({ errcode: result.errcode, errmsg: result.errmsg }, 'subscribe message refused by WeChat')
      return result.errcode === null ? { outcome: 'failed' } : { outcome: 'failed', errcode: result.errcode }
    },

    async subscribersOf(input) {
      return urgentSubscribers(db, input.topic, input.app)
    },
  }
}

/**
 * The catalogue as templates added in the mini-program console, with this deployment's ids: what
 * the in-process WeChat sandbox is given at mount (server.ts, the test harness).
 */
export function consoleTemplates(templates: Record<ReminderKey, string>): Array<{ templateId: string; title: string; fields: Array<{ name: string; label: string }> }> {
  return REMINDER_KEYS.map((key) => ({
    templateId: templates[key],
    title: REMINDER_TEMPLATES[key].title,
    fields: REMINDER_TEMPLATES[key].fields.map((f) => ({ name: f.name, label: f.label })),
  }))
}
