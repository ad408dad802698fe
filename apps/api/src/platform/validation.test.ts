import { z } from 'zod'
import { AppError } from './errors'
import { validate } from './validation'

// The edge's safety net: even a schema that forgot the printable-text rule lets no NUL through.
describe('validate', () => {
  const Loose = z.strictObject({ note: z.string(), tags: z.optional(z.array(z.string())) })

  test('a string with NUL or another control character anywhere → 400 naming where', () => {
    for (const [value, field] of [
      [{ note: '好\u0000' }, 'note'],
      [{ note: 'ok', tags: ['a', 'b\u001b'] }, 'tags.1'],
      [{ note: '\ud800' }, 'note'],
    ] as const) {
      let thrown: unknown
      try {
        validate(Loose, value)
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(AppError)
      const body = (thrown as AppError).toBody()
      expect([(thrown as AppError).status, body.code, body.message]).toEqual([400, 'VALIDATION_FAILED', `「${field}」有误：里面有看不见的特殊字符，请删掉后重新输入`])
    }
  })

  test('line breaks and tabs, and every printable character, pass', () => {
    expect(validate(Loose, { note: '第一行\n\t第二行 🍎', tags: ['苹果'] })).toEqual({ note: '第一行\n\t第二行 🍎', tags: ['苹果'] })
  })
})
