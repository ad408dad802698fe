// One-time subscriptions to WeChat subscribe messages (服务通知), asked for at the moment a user does
// the thing a reminder is for (booking, taking a loan, buying a course), never on launch.
//
// WeChat shows its subscribe sheet only when wx.requestSubscribeMessage is called directly in a tap:
// synchronously, before any await. So the template ids must be known in memory at the tap: the
// catalogue's defaults (@tianyuan/contracts/subscribe-rules), replaced by the deployment's ids from
// GET /api/subscriptions/templates, fetched and stored beforehand (when a page creates this).
import { MAX_TEMPLATES_PER_REQUEST, REMINDER_KEYS, REMINDER_TEMPLATES, type AppName, type ReminderKey } from '@tianyuan/contracts/subscribe-rules'
import type { SubscriptionAnswersRequest, SubscriptionTemplatesResponse } from '@tianyuan/contracts/types'
import type { SubscribeAnswer } from '../platform/types'
import type { Sdk } from '../sdk'
import { createStore, type KeyValueStore } from '../storage/store'

/** How often the deployment's template ids are looked up again (they change only with the console). */
export const TEMPLATES_MAX_AGE_MS = 24 * 3600_000

export interface SubscribeContext {
  /** The app asking (its reminders' grants are recorded under it); default the one given to subscriptionsOf. */
  app?: AppName
  /** Urgent notices only: the notice topics subscribed to (default: the app's own topics). */
  topics?: string[]
}

export type AskResult =
  | { outcome: 'answered'; answers: Partial<Record<ReminderKey, SubscribeAnswer>> }
  /** Nothing was asked: the host has no subscribe sheet, or WeChat refused to show it (errCode). */
  | { outcome: 'not_asked'; errCode: number | null; detail: string }

export interface RememberedAnswer {
  templateId: string
  answer: SubscribeAnswer
  at: number
}

export interface Subscriptions {
  /**
   * Shows WeChat's subscribe sheet for `keys` (at most 3) and resolves with the answers; call it
   * directly in the tap handler, before any await. Each answer is remembered, and the answers
   * are reported to the API (queued while offline). Never throws.
   */
  ask(keys: ReminderKey[], context?: SubscribeContext): Promise<AskResult>
  /** The template id `key` is asked with right now. */
  templateIdOf(key: ReminderKey): string
  /** The last answer given for `key`'s template on this phone, if any. */
  lastAnswer(key: ReminderKey): RememberedAnswer | undefined
  /** Loads the stored ids and answers, and fetches the ids again when older than a day. */
  ready(): Promise<void>
}

interface StoredTemplates {
  templates: Partial<Record<ReminderKey, string>>
  fetchedAt: number
}

const made = new WeakMap<object, Subscriptions>()

/**
 * The SDK's subscriptions for `app` (one per SDK; kept under the app's storage namespace):
 * `subscriptionsOf(sdk, 'clinic').ask(['clinic_appointment'])`. Creating it starts loading the
 * template ids, so create it when the page opens, not in the tap.
 */
export function subscriptionsOf(sdk: Pick<Sdk, 'api' | 'platform'>, app: AppName, options: { now?: () => number } = {}): Subscriptions {
  const known = made.get(sdk)
  if (known) return known
  const created = createSubscriptions(sdk, app, createStore(sdk.platform, app).scope('subscribe'), options.now ?? Date.now)
  made.set(sdk, created)
  return created
}

function createSubscriptions(sdk: Pick<Sdk, 'api' | 'platform'>, app: AppName, store: KeyValueStore, now: () => number): Subscriptions {
  const templates: Record<ReminderKey, string> = Object.fromEntries(REMINDER_KEYS.map((key) => [key, REMINDER_TEMPLATES[key].templateId])) as Record<ReminderKey, string>
  const answers = new Map<string, RememberedAnswer>()
  const templatesEntry = store.entry<StoredTemplates>('templates')
  const answersEntry = store.entry<RememberedAnswer[]>('answers')

  const adopt = (given: Partial<Record<string, unknown>>) => {
    for (const key of REMINDER_KEYS) if (typeof given[key] === 'string' && given[key]) templates[key] = given[key] as string
  }

  const loading = (async () => {
    const [stored, remembered] = await Promise.all([templatesEntry.get().catch(() => undefined), answersEntry.get().catch(() => undefined)])
    if (stored) adopt(stored.templates)
    for (const a of remembered ?? []) if (!answers.has(a.templateId)) answers.set(a.templateId, a)
    if (stored && now() - stored.fetchedAt < TEMPLATES_MAX_AGE_MS) return
    try {
      const fresh = await sdk.api.get<SubscriptionTemplatesResponse>('/subscriptions/templates')
      adopt(fresh.templates)
      await templatesEntry.set({ templates: { ...templates }, fetchedAt: now() })
    } catch {
      // Offline or the server is busy: the stored (or catalogue) ids stand until the next time.
    }
  })()

  const report = (body: SubscriptionAnswersRequest) =>
    sdk.api.mutate({ method: 'POST', path: '/subscriptions', body, queueable: true, label: '订阅提醒' }).catch(() => undefined)

  return {
    ask(keys, context) {
      const unique = [...new Set(keys)].slice(0, MAX_TEMPLATES_PER_REQUEST)
      const ids = unique.map((key) => templates[key])
      const sheet = sdk.platform.requestSubscribeMessage
      if (!sheet || ids.length === 0) return Promise.resolve({ outcome: 'not_asked', errCode: null, detail: sheet ? 'no templates' : 'unsupported' })
      // Now, inside the tap: WeChat refuses the sheet once the handler has awaited anything.
      let shown: ReturnType<typeof sheet>
      try {
        shown = sheet.call(sdk.platform, ids)
      } catch (error) {
        shown = Promise.reject(error)
      }
      return shown.then(
        async (result): Promise<AskResult> => {
          if (result.outcome === 'failed') return { outcome: 'not_asked', errCode: result.errCode, detail: result.detail }
          const at = now()
          const given: Partial<Record<ReminderKey, SubscribeAnswer>> = {}
          for (const key of unique) {
            const answer = result.answers[templates[key]] ?? 'reject'
            given[key] = answer
            answers.set(templates[key], { templateId: templates[key], answer, at })
          }
          void answersEntry.set([...answers.values()]).catch(() => undefined)
          const body: SubscriptionAnswersRequest = {
            app: context?.app ?? app,
            answers: unique.map((key) => ({ key, templateId: templates[key], answer: given[key] ?? 'reject' })),
            ...(context?.topics && unique.includes('urgent_notice') ? { topics: context.topics as SubscriptionAnswersRequest['topics'] } : {}),
          }
          void report(body)
          return { outcome: 'answered', answers: given }
        },
        (error: unknown) => ({ outcome: 'not_asked', errCode: null, detail: String((error as Error)?.message ?? error) }),
      )
    },
    templateIdOf: (key) => templates[key],
    lastAnswer: (key) => answers.get(templates[key]),
    ready: () => loading,
  }
}
