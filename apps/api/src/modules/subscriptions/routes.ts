import { Hono } from 'hono'
import { SubscriptionAnswersRequest, type SubscriptionAnswersResponse, type SubscriptionTemplatesResponse } from '@tianyuan/contracts'
import type { AppEnv } from '../../platform/context'
import { requireUser, signedIn } from '../../platform/auth/sessions'
import { readJson } from '../../platform/validation'
import type { SubscriptionsService } from './service'

/**
 * Mounted at /api/subscriptions. Public: GET /templates (each reminder's template id — the apps need
 * them synchronously in the user's tap, so they fetch and keep them beforehand). Signed in: POST /
 * (the answers of one wx.requestSubscribeMessage call).
 */
export function subscriptionRoutes(service: SubscriptionsService): Hono<AppEnv> {
  const routes = new Hono<AppEnv>()
  routes.get('/templates', (c) => {
    c.header('Cache-Control', 'public, max-age=3600')
    return c.json({ templates: { ...service.templates } } satisfies SubscriptionTemplatesResponse)
  })
  routes.post('/', requireUser, async (c) => {
    const { userId } = signedIn(c)
    const request = await readJson(c, SubscriptionAnswersRequest)
    const recorded = await service.recordAnswers(userId, request)
    return c.json({ recorded } satisfies SubscriptionAnswersResponse)
  })
  return routes
}
