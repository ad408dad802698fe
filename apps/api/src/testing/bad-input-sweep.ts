import fc from 'fast-check'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { Harness } from './harness'

/**
 * The bad-input sweep shared by ../modules/bad-input.test.ts and the market's and clinic's: generated
 * malformed JSON, wrong types, unknown fields, huge numbers and oversize bodies each get a 4xx in the
 * one error shape with a zh-CN message, no stack trace, and the database is left exactly as it was.
 */

/** The schema of a route that takes no body (or query). */
export const Empty = z.strictObject({})

/** A route taking a JSON body, as the sweep sees it. */
export interface SweepRoute {
  method: string
  name: string
  path: () => string
  /** The token the generated bodies are sent with. */
  token: () => string | undefined
  schema: z.ZodType
  /** A valid body for this route, mutated field by field into invalid ones. */
  valid?: () => Record<string, unknown>
}

/** Every row of the given tables, order-independent, as one string: equal strings, unchanged database. */
export async function snapshotTables<DB, T extends keyof DB & string>(db: Kysely<DB>, tables: readonly T[]): Promise<string> {
  const parts: unknown[] = []
  for (const table of tables) {
    const rows = await db.selectFrom(table).selectAll().execute()
    parts.push(rows.map((r) => JSON.stringify(r)).sort())
  }
  return JSON.stringify(parts)
}

/** Strings that are not JSON. */
export const malformedJson = fc.string({ maxLength: 40 }).filter((s) => {
  try {
    JSON.parse(s)
    return false
  } catch {
    return true
  }
})

/** A refusal: 4xx (not an auth, not-found or rate-limit answer) in the one error shape, zh-CN message, no stack trace. */
export async function expectRefused(res: Response): Promise<void> {
  const text = await res.text()
  expect(res.status).toBeGreaterThanOrEqual(400)
  expect(res.status).toBeLessThan(500)
  expect([401, 403, 404, 429]).not.toContain(res.status)
  const body = JSON.parse(text) as { code: string; message: string }
  expect(typeof body.code).toBe('string')
  expect(body.message).toMatch(/[\u4e00-\u9fff]/)
  expect(text).not.toMatch(/\n\s+at |\.ts:\d+/)
}

/**
 * Characters no text field takes (the printable-text rule of @tianyuan/contracts/text-rules): NUL,
 * which PostgreSQL cannot store at all, other C0 controls, DEL, a C1 control, lone surrogates.
 * Line feeds and tabs are left out: multi-line fields take them.
 */
export const UNPRINTABLE = ['\u0000', '\u0001', '\u0008', '\u001b', '\u007f', '\u0085', '\ud800', '\udfff'] as const

/** The ones a query string can carry: a lone surrogate cannot be percent-encoded (it arrives as U+FFFD). */
export const UNPRINTABLE_IN_URL = UNPRINTABLE.filter((ch) => (ch.codePointAt(0) as number) < 0xd800)

const withOneOf = (chars: readonly string[]): fc.Arbitrary<string> =>
  fc
    .tuple(fc.string({ maxLength: 6 }), fc.oneof({ weight: 2, arbitrary: fc.constant('\u0000') }, { weight: 3, arbitrary: fc.constantFrom(...chars) }), fc.string({ maxLength: 6 }))
    .map(([a, bad, b]) => `${a}${bad}${b}`)

/** Text with one unprintable character somewhere in it (NUL more often than the rest). */
export const unprintableText: fc.Arbitrary<string> = withOneOf(UNPRINTABLE)
/** The same for a query string value. */
export const unprintableQueryText: fc.Arbitrary<string> = withOneOf(UNPRINTABLE_IN_URL)

/** A valid body with one field poisoned, or one unknown field added (none without a valid body). */
export function mutationsOf(valid: (() => Record<string, unknown>) | undefined, poison: fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown>>[] {
  return valid
    ? [
        fc.tuple(fc.constantFrom(...Object.keys(valid())), fc.oneof(poison, unprintableText)).map(([k, v]) => ({ ...valid(), [k]: v })),
        fc.string({ minLength: 1, maxLength: 10 }).map((k) => ({ ...valid(), [`x_${k}`]: 1 })),
      ]
    : []
}

export interface SweepOptions<R extends SweepRoute> {
  harness: () => Harness
  snapshot: (h: Harness) => Promise<string>
  numRuns: number
  /** Bodies with out-of-range numbers, as raw JSON text. */
  hugeNumbers: fc.Arbitrary<string>
  /** Wrong-shape bodies beyond arbitrary JSON and arbitrary objects. */
  shapes: (route: R) => fc.Arbitrary<unknown>[]
  /** The form-encoded body sent with the wrong content type. */
  formBody: string
  /** The JSON body sent far over the size limit. */
  oversize: unknown
  /** The token for the wrong-content-type and oversize requests (default: the route's). */
  edgeToken?: (route: R) => string | undefined
}

/** One test per route: generated bad bodies → 4xx, then the wrong content type and an oversize body; database unchanged. */
export function sweepRoutes<R extends SweepRoute>(routes: readonly R[], options: SweepOptions<R>): void {
  for (const route of routes) {
    test(`${route.method} ${route.name}: generated bad bodies → 4xx, database unchanged`, async () => {
      const h = options.harness()
      const before = await options.snapshot(h)
      const wrongShape = fc
        .oneof(fc.jsonValue({ maxDepth: 2 }), fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }), ...options.shapes(route))
        .filter((v) => !route.schema.safeParse(v).success)
        .map((v) => JSON.stringify(v))
      await fc.assert(
        fc.asyncProperty(fc.oneof(malformedJson, options.hugeNumbers, wrongShape), async (body) => {
          // No body at all is the valid request for routes that take none.
          fc.pre(!(route.schema === Empty && body.trim() === ''))
          const res = await h.request(route.method, route.path(), { token: route.token(), body, headers: { 'content-type': 'application/json' } })
          await expectRefused(res)
        }),
        { numRuns: options.numRuns },
      )
      const edgeToken = options.edgeToken ? options.edgeToken(route) : route.token()
      await expectRefused(await h.request(route.method, route.path(), { token: edgeToken, body: options.formBody, headers: { 'content-type': 'application/x-www-form-urlencoded' } }))
      const oversize = await h.request(route.method, route.path(), { token: edgeToken, json: options.oversize })
      expect(oversize.status).toBe(413)
      expect(await options.snapshot(h)).toBe(before)
    })
  }
}

/**
 * Every text field of every route with a valid body, given each unprintable character in the middle
 * of its valid value: exactly 400 VALIDATION_FAILED naming that field, on either database (NUL was a
 * 500 on PostgreSQL), and the database unchanged. Not filtered through the contract schema, so it
 * also catches a field whose schema forgot the rule.
 */
export function sweepUnprintableText<R extends SweepRoute>(routes: readonly R[], options: Pick<SweepOptions<R>, 'harness' | 'snapshot'>): void {
  const withText = routes.filter((r) => r.valid)
  test.each(withText.map((r) => [r.method, r.name, r] as const))('%s %s: an unprintable character in any text field → 400 naming it', async (_m, _n, route) => {
    const h = options.harness()
    const before = await options.snapshot(h)
    const valid = (route.valid as () => Record<string, unknown>)()
    for (const [field, value] of Object.entries(valid)) {
      if (typeof value !== 'string') continue
      for (const bad of UNPRINTABLE) {
        const cut = Math.ceil(value.length / 2)
        const body = { ...valid, [field]: `${value.slice(0, cut)}${bad}${value.slice(cut)}` }
        const res = await h.request(route.method, route.path(), { token: route.token(), json: body })
        const text = await res.text()
        expect([field, bad.codePointAt(0), res.status]).toEqual([field, bad.codePointAt(0), 400])
        const error = JSON.parse(text) as { code: string; message: string }
        expect(error.code).toBe('VALIDATION_FAILED')
        expect(error.message).toContain(`「${field}」`)
        expect(error.message).toMatch(/[\u4e00-\u9fff]/)
      }
    }
    expect(await options.snapshot(h)).toBe(before)
  })
}
