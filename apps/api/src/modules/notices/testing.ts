import type { OrganisationKind, PublishNoticeRequest, PublishedNotice, PublishedNoticeResponse } from '@tianyuan/contracts'
import type { Harness } from '../../testing/harness'
import { newId } from '../../platform/ids'
import { noticesDb } from './schema'

// Helpers for the notices' suites: an organisation with a publishing member, a notice body, publishing.

export async function json<T>(res: Response, status?: number): Promise<T> {
  const text = await res.text()
  if (status !== undefined && res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`)
  return JSON.parse(text) as T
}

export interface TestPublisher {
  token: string
  userId: string
  organisationId: string
}

/** A signed-in member of a new organisation (of `kind`), or of `organisationId` when given. */
export async function newPublisher(h: Harness, kind: OrganisationKind = '村委会', organisationId?: string): Promise<TestPublisher> {
  const login = await h.login()
  const db = noticesDb(h.db.kysely)
  const now = h.clock.now()
  let orgId = organisationId
  if (!orgId) {
    orgId = newId()
    await db.insertInto('notice_organisations').values({ id: orgId, name: `测试${kind}${orgId.slice(0, 6)}`, kind, created_at: now }).execute()
  }
  await db.insertInto('notice_publishers').values({ user_id: login.user.id, organisation_id: orgId, created_at: now }).execute()
  return { token: login.token, userId: login.user.id, organisationId: orgId }
}

const HOUR = 3600_000

/** A valid notice body: expires in `hours` (by the harness's clock). */
export function noticeBody(h: Harness, extra: Partial<PublishNoticeRequest> = {}, hours = 48): PublishNoticeRequest {
  return {
    title: '周六镇卫生院接种流感疫苗',
    paragraphs: ['本周六上午 8 点到 11 点半，在镇卫生院一楼接种流感疫苗。', '请带上身份证和医保卡。'],
    topic: '健康',
    expiresAt: new Date(h.clock.now() + hours * HOUR).toISOString(),
    ...extra,
  }
}

export async function publish(h: Harness, publisher: TestPublisher, body: PublishNoticeRequest, headers: Record<string, string> = {}): Promise<PublishedNotice> {
  return (await json<PublishedNoticeResponse>(await h.request('POST', '/api/notices', { token: publisher.token, json: body, headers }), 201)).notice
}
