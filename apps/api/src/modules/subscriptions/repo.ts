import { sql } from 'kysely'
import { newId } from '../../platform/ids'
import type { SubscriptionsDb } from './schema'

/** Adds one answer per (template, app, topic): an accept adds a one-time grant; any answer is remembered. */
export async function recordAnswer(
  db: SubscriptionsDb,
  row: { userId: string; templateId: string; app: string; topic: string; reminderKey: string; answer: string; at: number },
): Promise<void> {
  const added = row.answer === 'accept' ? 1 : 0
  await db
    .insertInto('subscribe_grants')
    .values({
      user_id: row.userId,
      template_id: row.templateId,
      app: row.app,
      topic: row.topic,
      reminder_key: row.reminderKey,
      available: added,
      last_answer: row.answer,
      answered_at: row.at,
    })
    .onConflict((oc) =>
      oc.columns(['user_id', 'template_id', 'app', 'topic']).doUpdateSet({
        available: sql<number>`subscribe_grants.available + ${added}`,
        reminder_key: row.reminderKey,
        last_answer: row.answer,
        answered_at: row.at,
      }),
    )
    .execute()
}

/** A send used one of WeChat's grants for (user, template): take it off one row, the sending app's first. */
export async function takeGrant(db: SubscriptionsDb, userId: string, templateId: string, app: string): Promise<void> {
  const rows = await db
    .selectFrom('subscribe_grants')
    .select(['app', 'topic'])
    .where('user_id', '=', userId)
    .where('template_id', '=', templateId)
    .where('available', '>', 0)
    .orderBy('answered_at')
    .execute()
  const row = rows.find((r) => r.app === app) ?? rows[0]
  if (!row) return
  await db
    .updateTable('subscribe_grants')
    .set({ available: sql<number>`available - 1` })
    .where('user_id', '=', userId)
    .where('template_id', '=', templateId)
    .where('app', '=', row.app)
    .where('topic', '=', row.topic)
    .where('available', '>', 0)
    .execute()
}

/** WeChat said 43101: whatever we counted, (user, template) has nothing left. */
export async function clearGrants(db: SubscriptionsDb, userId: string, templateId: string): Promise<void> {
  await db.updateTable('subscribe_grants').set({ available: 0 }).where('user_id', '=', userId).where('template_id', '=', templateId).execute()
}

export async function recordSend(
  db: SubscriptionsDb,
  row: { userId: string; reminderKey: string; templateId: string; app: string; page: string; data: Record<string, string>; outcome: string; errcode?: number | null; detail?: string | null; at: number },
): Promise<void> {
  await db
    .insertInto('subscribe_sends')
    .values({
      id: newId(),
      user_id: row.userId,
      reminder_key: row.reminderKey,
      template_id: row.templateId,
      app: row.app,
      page: row.page,
      data: JSON.stringify(row.data),
      outcome: row.outcome,
      errcode: row.errcode ?? null,
      detail: row.detail ? row.detail.slice(0, 500) : null,
      created_at: row.at,
    })
    .execute()
}

/** Users with a grant left for urgent notices of `topic` (from `app`, when given). */
export async function urgentSubscribers(db: SubscriptionsDb, topic: string, app?: string): Promise<string[]> {
  let query = db
    .selectFrom('subscribe_grants')
    .select('user_id')
    .distinct()
    .where('reminder_key', '=', 'urgent_notice')
    .where('topic', '=', topic)
    .where('available', '>', 0)
  if (app) query = query.where('app', '=', app)
  const rows = await query.orderBy('user_id').execute()
  return rows.map((r) => r.user_id)
}
