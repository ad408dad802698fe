import { z } from 'zod'
import { NOTICE_TOPICS } from './notices-rules'
import { APP_NAMES, MAX_TEMPLATES_PER_REQUEST, REMINDER_KEYS } from './subscribe-rules'

/**
 * WeChat subscribe messages (服务通知): what the apps report after wx.requestSubscribeMessage, and the
 * template ids they ask with. Rules and the template catalogue: `./subscribe-rules` (zod-free).
 */

/** GET /api/subscriptions/templates: the template id of each reminder in this deployment. */
export const SubscriptionTemplatesResponse = z.object({
  templates: z.record(z.enum(REMINDER_KEYS), z.string()),
})
export type SubscriptionTemplatesResponse = z.infer<typeof SubscriptionTemplatesResponse>

const TemplateIdText = z
  .string({ error: '模板编号要是文字' })
  .regex(/^[A-Za-z0-9_-]{1,128}$/, { message: '模板编号不对，请更新小程序后再试' })

/** One template's answer in one wx.requestSubscribeMessage call. */
export const SubscriptionAnswer = z.strictObject({
  key: z.enum(REMINDER_KEYS, { error: '不认识的提醒种类，请更新小程序后再试' }),
  templateId: TemplateIdText,
  answer: z.enum(['accept', 'reject', 'ban', 'filter'], { error: '回答只能是 accept、reject、ban 或 filter' }),
})
export type SubscriptionAnswer = z.infer<typeof SubscriptionAnswer>

/**
 * POST /api/subscriptions (signed in): the answers of one wx.requestSubscribeMessage call (at most
 * 3 templates, WeChat's limit), the app that asked, and — for urgent notices — the topics they are for.
 */
export const SubscriptionAnswersRequest = z.strictObject({
  app: z.enum(APP_NAMES, { error: '不认识的小程序，请更新小程序后再试' }),
  answers: z
    .array(SubscriptionAnswer)
    .min(1, { message: '至少要有一个订阅结果' })
    .max(MAX_TEMPLATES_PER_REQUEST, { message: `一次最多订阅 ${MAX_TEMPLATES_PER_REQUEST} 种通知` }),
  topics: z
    .array(z.enum(NOTICE_TOPICS, { error: `话题只能是：${NOTICE_TOPICS.join('、')}` }))
    .max(NOTICE_TOPICS.length, { message: '话题太多了' })
    .optional(),
})
export type SubscriptionAnswersRequest = z.infer<typeof SubscriptionAnswersRequest>

export const SubscriptionAnswersResponse = z.object({
  /** How many one-time grants were recorded (accepted answers × topics). */
  recorded: z.number().int(),
})
export type SubscriptionAnswersResponse = z.infer<typeof SubscriptionAnswersResponse>
