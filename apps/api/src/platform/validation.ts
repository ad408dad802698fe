import type { Context } from 'hono'
import { z } from 'zod'
import type { FieldIssue } from '@tianyuan/contracts'
import { unprintableAt } from '@tianyuan/contracts/text-rules'
import { AppError, errors } from './errors'

// zh-CN wording for zod's built-in messages, used only at the API edge (configuration errors
// stay in English for the operator). Messages written in the contracts take precedence.
const zhCN = z.locales.zhCN().localeError

function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const prefix = issue.path.length ? `${issue.path.join('.')}.` : ''
      const keys = issue.keys.map((k) => prefix + k).join(', ')
      return { field: keys, message: `不认识的字段 ${keys}，请去掉后再提交` }
    }
    return { field: issue.path.map(String).join('.'), message: issue.message }
  })
}

/**
 * The path of the first string anywhere in `value` that even the multi-line printable-text rule
 * refuses (NUL, other controls, lone surrogates), or null when there is none.
 */
function firstUnprintable(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return unprintableAt(value, 'multi') === -1 ? null : path.join('.')
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstUnprintable(value[i], [...path, String(i)])
      if (found !== null) return found
    }
    return null
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = firstUnprintable(item, [...path, key])
      if (found !== null) return found
    }
  }
  return null
}

/**
 * Validates a value against a contract schema; a failure becomes a 400 naming the field. Every text
 * field's schema applies the contracts' printable-text rule itself (with the field's own words);
 * this is the safety net for a schema that forgot it: no string with NUL (which PostgreSQL refuses,
 * a 500) or another control character gets past the edge.
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value, { error: zhCN })
  if (!result.success) throw errors.validation(toFieldIssues(result.error))
  const unprintable = firstUnprintable(result.data)
  if (unprintable !== null) throw errors.validation([{ field: unprintable, message: '里面有看不见的特殊字符，请删掉后重新输入' }])
  return result.data
}

/** Reads and validates a JSON body. Malformed JSON, a wrong content type or a bad shape → 4xx. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const contentType = c.req.header('content-type')
  if (contentType && !/^application\/(.+\+)?json\s*(;|$)/i.test(contentType)) throw errors.unsupportedMediaType()
  let text: string
  try {
    text = await c.req.text()
  } catch (error) {
    if (error instanceof AppError) throw error
    throw errors.badRequest('没有收到完整的请求内容，请重试')
  }
  if (text.trim() === '') throw errors.validation([{ field: '', message: '请求内容为空' }])
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw errors.badRequest('请求内容不是有效的 JSON，请更新小程序后再试')
  }
  return validate(schema, value)
}

/** Validates the query string (every value a string) with a strict schema. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const all = c.req.queries()
  const single: Record<string, string> = {}
  for (const [key, values] of Object.entries(all)) {
    if (values.length !== 1) throw errors.validation([{ field: key, message: '参数重复' }])
    single[key] = values[0] as string
  }
  return validate(schema, single)
}

const EmptyBody = z.strictObject({})

/** For routes that take no body: nothing, or `{}`. Anything else is refused before any work. */
export async function readEmptyBody(c: Context): Promise<void> {
  const contentType = c.req.header('content-type')
  const text = await c.req.text()
  if (text.trim() === '') return
  if (contentType && !/^application\/(.+\+)?json\s*(;|$)/i.test(contentType)) throw errors.unsupportedMediaType()
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw errors.badRequest('请求内容不是有效的 JSON，请更新小程序后再试')
  }
  validate(EmptyBody, value)
}
