// Subscribe messages (订阅消息) as WeChat plays them: templates added in the console, the phone's
// wx.requestSubscribeMessage sheet (one-time grants), POST /cgi-bin/message/subscribe/send, and
// each user's 服务通知 inbox.
//
// The field rules are this file's own reading of WeChat's documentation (订阅消息参数值内容限制说明),
// deliberately not shared with @tianyuan/contracts' checkTemplateData: the API checks before
// sending with its copy, and the tests cross-check the two readings.
import { randomHex } from './crypto'
import type { WechatError } from './login'

/** WeChat lets one wx.requestSubscribeMessage call ask for at most 3 templates. */
export const MAX_TEMPLATES_PER_REQUEST = 3

export interface SubscribeTemplateField {
  /** The key in `data`, e.g. thing1: its type followed by a number. */
  name: string
  label: string
}

export interface SubscribeTemplate {
  templateId: string
  title: string
  fields: SubscribeTemplateField[]
}

export interface InboxMessage {
  msgid: number
  openid: string
  user: string | null
  templateId: string
  title: string
  page: string | null
  /** The fields in the template's order, as the card shows them. */
  lines: Array<{ name: string; label: string; value: string }>
  miniprogramState: string
  sentAt: number
}

export interface SendRecord {
  at: number
  touser: string | null
  templateId: string | null
  errcode: number
}

export interface SubscribeDecision {
  errMsg: string
  errCode?: number
  /** templateId → 'accept' | 'reject' (as wx.requestSubscribeMessage's success result). */
  answers?: Record<string, 'accept' | 'reject'>
}

const rid = () => `rid: ${randomHex(4).toLowerCase()}-${randomHex(4).toLowerCase()}-${randomHex(4).toLowerCase()}`
const fail = (errcode: number, message: string): WechatError => ({ errcode, errmsg: `${message} ${rid()}` })

const DATE = String.raw`(\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2})`
const TIME = String.raw`([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?`
const TIME_RE = new RegExp(`^(${DATE}\\s*)?${TIME}$`)
const DATE_RE = new RegExp(`^${DATE}(\\s*${TIME})?$`)
const spanOf = (re: RegExp) => (v: string) => {
  const parts = v.split('~')
  return parts.length <= 2 && parts.every((p) => re.test(p.trim()))
}
const len = (v: string) => [...v].length

/** WeChat's value rule per field type (the type is the field name without its number). */
const RULES: Record<string, (v: string) => boolean> = {
  thing: (v) => len(v) <= 20 && !/[\n\r]/.test(v),
  number: (v) => len(v) <= 32 && /^\d+(\.\d+)?$/.test(v),
  letter: (v) => len(v) <= 32 && /^[A-Za-z]+$/.test(v),
  symbol: (v) => len(v) <= 5 && /^[\p{P}\p{S}]+$/u.test(v),
  character_string: (v) => len(v) <= 32 && /^[!-~]+$/.test(v),
  time: spanOf(TIME_RE),
  date: spanOf(DATE_RE),
  amount: (v) => /^[¥￥$€£]?\d{1,10}(\.\d+)?元?$/.test(v),
  phone_number: (v) => len(v) <= 17 && /^[\d+\-() ]+$/.test(v),
  car_number: (v) => len(v) <= 8 && /^[\p{Script=Han}A-Z0-9][A-Z0-9]*[\p{Script=Han}A-Z0-9]?$/u.test(v),
  name: (v) => (/\p{Script=Han}/u.test(v) ? len(v) <= 10 && /^[\p{Script=Han}A-Za-z·]+$/u.test(v) : len(v) <= 20 && /^[A-Za-z .·'-]+$/.test(v)),
  phrase: (v) => /^\p{Script=Han}{1,5}$/u.test(v),
}

export function fieldTypeOf(name: string): string {
  return name.replace(/\d+$/, '')
}

export interface SubscribeOptions {
  appId: string
  now: () => number
  /** The access token check (the one behind getuserphonenumber): null when good, else 40001 / 42001. */
  checkToken(token: string | undefined): WechatError | null
  /** The openid a test user has in this app. */
  openidOf(user: string): string
  /** Test users WeChat knows (logged in at least once), by openid. */
  userOf(openid: string): string | null
  templates: SubscribeTemplate[]
}

export class SubscribeService {
  private readonly templates = new Map<string, SubscribeTemplate>()
  /** openid → templateId → one-time grants left (each accept adds one; each send takes one). */
  private readonly grants = new Map<string, Map<string, number>>()
  private readonly users = new Map<string, string>()
  private readonly inboxes = new Map<string, InboxMessage[]>()
  private readonly sendLog: SendRecord[] = []
  private msgSeq = 2_000_000_000

  constructor(private readonly o: SubscribeOptions) {
    for (const t of o.templates) this.addTemplate(t)
  }

  /** As adding a template in the mini-program console (订阅消息 → 我的模板). */
  addTemplate(template: SubscribeTemplate): void {
    for (const f of template.fields) if (!RULES[fieldTypeOf(f.name)]) throw new Error(`unknown field type in ${f.name}`)
    this.templates.set(template.templateId, { ...template, fields: template.fields.map((f) => ({ ...f })) })
  }

  listTemplates(ids?: string[]): SubscribeTemplate[] {
    const all = [...this.templates.values()]
    return ids ? all.filter((t) => ids.includes(t.templateId)) : all
  }

  private userName(openid: string): string | null {
    return this.users.get(openid) ?? this.o.userOf(openid)
  }

  /**
   * The phone side of wx.requestSubscribeMessage: `user` answered the sheet for `tmplIds`
   * (`answers` per id; an id missing from it is rejected, as when its switch is off). Answers
   * WeChat's errMsg, with the errCode its fail results carry.
   */
  request(user: string, tmplIds: unknown, answers: Record<string, unknown>): SubscribeDecision {
    if (!Array.isArray(tmplIds) || tmplIds.length === 0) return { errMsg: 'requestSubscribeMessage:fail TmplIds can not be empty', errCode: 10001 }
    if (!tmplIds.every((id) => typeof id === 'string' && id !== '')) return { errMsg: 'requestSubscribeMessage:fail Invalid template id', errCode: 10004 }
    const ids = [...new Set(tmplIds as string[])]
    if (ids.length > MAX_TEMPLATES_PER_REQUEST) {
      return { errMsg: 'requestSubscribeMessage:fail Templates count out of max bounds', errCode: 20003 }
    }
    if (ids.some((id) => !this.templates.has(id))) return { errMsg: 'requestSubscribeMessage:fail No template data return, verify the template id exist', errCode: 20001 }
    const openid = this.o.openidOf(user)
    this.users.set(openid, user)
    const mine = this.grants.get(openid) ?? new Map<string, number>()
    this.grants.set(openid, mine)
    const result: Record<string, 'accept' | 'reject'> = {}
    for (const id of ids) {
      const answer = answers[id] === 'accept' ? 'accept' : 'reject'
      result[id] = answer
      if (answer === 'accept') mine.set(id, (mine.get(id) ?? 0) + 1)
    }
    return { errMsg: 'requestSubscribeMessage:ok', answers: result }
  }

  /** One-time grants `user` has left, per template id. */
  grantsOf(user: string): Record<string, number> {
    return Object.fromEntries([...(this.grants.get(this.o.openidOf(user)) ?? new Map<string, number>())].filter(([, n]) => n > 0))
  }

  /** POST /cgi-bin/message/subscribe/send?access_token= */
  send(accessToken: string | undefined, body: unknown): WechatError | { errcode: 0; errmsg: 'ok'; msgid: number } {
    const tokenProblem = this.o.checkToken(accessToken)
    if (tokenProblem) return tokenProblem
    const answer = this.checkAndSend(body)
    const b = (body ?? {}) as { touser?: unknown; template_id?: unknown }
    this.sendLog.push({
      at: this.o.now(),
      touser: typeof b.touser === 'string' ? b.touser : null,
      templateId: typeof b.template_id === 'string' ? b.template_id : null,
      errcode: answer.errcode,
    })
    return answer
  }

  private checkAndSend(body: unknown): WechatError | { errcode: 0; errmsg: 'ok'; msgid: number } {
    if (!body || typeof body !== 'object') return fail(47001, 'data format error hint:')
    const b = body as Record<string, unknown>
    if (typeof b.touser !== 'string' || b.touser === '') return fail(40003, 'invalid openid hint:')
    const user = this.userName(b.touser)
    if (user === null) return fail(40003, 'invalid openid hint:')
    if (typeof b.template_id !== 'string' || b.template_id === '') return fail(40037, 'invalid template_id hint:')
    const template = this.templates.get(b.template_id)
    if (!template) return fail(40037, 'invalid template_id hint:')
    if (b.page !== undefined && typeof b.page !== 'string') return fail(47001, 'data format error hint:')
    const state = b.miniprogram_state ?? 'formal'
    if (state !== 'developer' && state !== 'trial' && state !== 'formal') return fail(47001, 'argument invalid! miniprogram_state invalid hint:')
    const data = b.data
    if (!data || typeof data !== 'object' || Array.isArray(data)) return fail(47003, 'argument invalid! data is empty')
    const lines: InboxMessage['lines'] = []
    for (const field of template.fields) {
      const entry = (data as Record<string, unknown>)[field.name]
      const value = entry && typeof entry === 'object' ? (entry as { value?: unknown }).value : undefined
      if (typeof value !== 'string' || value.trim() === '') return fail(47003, `argument invalid! data.${field.name}.value is empty`)
      if (!RULES[fieldTypeOf(field.name)]!(value)) return fail(47003, `argument invalid! data.${field.name}.value invalid`)
      lines.push({ name: field.name, label: field.label, value })
    }
    const mine = this.grants.get(b.touser)
    const left = mine?.get(template.templateId) ?? 0
    if (left <= 0) return fail(43101, 'user refuse to accept the msg hint:')
    mine!.set(template.templateId, left - 1)
    const message: InboxMessage = {
      msgid: ++this.msgSeq,
      openid: b.touser,
      user,
      templateId: template.templateId,
      title: template.title,
      page: typeof b.page === 'string' && b.page !== '' ? b.page : null,
      lines,
      miniprogramState: state,
      sentAt: this.o.now(),
    }
    const inbox = this.inboxes.get(b.touser) ?? []
    inbox.unshift(message)
    this.inboxes.set(b.touser, inbox)
    return { errcode: 0, errmsg: 'ok', msgid: message.msgid }
  }

  /** A user's 服务通知, newest first. */
  inbox(user: string): InboxMessage[] {
    return [...(this.inboxes.get(this.o.openidOf(user)) ?? [])]
  }

  /** Users with anything in their inbox or any grant, for the preview's list. */
  knownUsers(): string[] {
    const names = new Set<string>()
    for (const [openid] of this.inboxes) {
      const name = this.userName(openid)
      if (name) names.add(name)
    }
    for (const [openid] of this.grants) {
      const name = this.userName(openid)
      if (name) names.add(name)
    }
    return [...names]
  }

  /** Every send request that got past the access token, in order (tests). */
  sends(): SendRecord[] {
    return [...this.sendLog]
  }
}
