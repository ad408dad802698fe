import fc from 'fast-check'
import {
  CreateAddressRequest,
  CreateAfterSaleRequest,
  CreateAppointmentRequest,
  CreatePatientRequest,
  DoctorSearchQuery,
  FinishConsultationRequest,
  ProductSearchQuery,
  PublishProductRequest,
  RateRequest,
  SendMessageRequest,
  UpdateProfileRequest,
} from './index'
import { isPrintableText, unprintableAt, unprintableTextProblem } from './text-rules'

// The one printable-text rule (text-rules.ts), and every request schema with free text using it.

describe('the printable-text rule', () => {
  test('controls, DEL, C1 controls and lone surrogates are refused; line feeds and tabs only in multi-line text', () => {
    for (const bad of ['\u0000', 'a\u0000b', '\u0001', '\u001b[31m', '\u007f', '\u0085', '\ud800', 'x\udfff', '\ud83d']) {
      expect([bad, isPrintableText(bad, 'single'), isPrintableText(bad, 'multi')]).toEqual([bad, false, false])
    }
    expect(isPrintableText('第一行\n第二行\t缩进\r\n', 'multi')).toBe(true)
    expect(isPrintableText('第一行\n第二行', 'single')).toBe(false)
    expect(isPrintableText('\t', 'single')).toBe(false)
    expect(isPrintableText('洛川红富士苹果 80mm 🍎 ½ «» ﹏', 'single')).toBe(true)
    expect(unprintableAt('ab\u0000c')).toBe(2)
  })

  test('any text without those characters passes; any with one inserted fails at its position', () => {
    const isControl = (ch: string) => (ch.codePointAt(0) as number) < 0x20 || ((ch.codePointAt(0) as number) >= 0x7f && (ch.codePointAt(0) as number) <= 0x9f)
    const printable = fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => ![...s].some(isControl))
    fc.assert(fc.property(printable, (s) => isPrintableText(s, 'single')))
    fc.assert(
      fc.property(printable, fc.nat(), fc.constantFrom('\u0000', '\u0007', '\u007f', '\u009f', '\ud800', '\udc00'), (s, at, bad) => {
        const cut = [...s].slice(0, at % ([...s].length + 1)).join('')
        const text = `${cut}${bad}${s.slice(cut.length)}`
        return unprintableAt(text, 'multi') === cut.length
      }),
    )
  })

  test('the problem is said in zh-CN, naming the field and the position', () => {
    expect(unprintableTextProblem('收货人', '李\u0000大姐')).toBe('收货人里有看不见的特殊字符（第 2 个字），请删掉后重新输入')
    expect(unprintableTextProblem('店铺名称', '老张\n果园')).toBe('店铺名称只能写一行，请去掉换行')
    expect(unprintableTextProblem('店铺名称', '老张家果园')).toBeNull()
  })
})

describe('every free-text field of every request refuses NUL (PostgreSQL cannot store it)', () => {
  const cases: [string, { safeParse: (v: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, Record<string, unknown>, string][] = [
    ['ProductSearchQuery', ProductSearchQuery, { q: '苹果' }, 'q'],
    ['DoctorSearchQuery', DoctorSearchQuery, { q: '内科' }, 'q'],
    ['CreateAddressRequest', CreateAddressRequest, { name: '李大姐', phone: '13800138000', region: '湖北省', detail: '黄坪村' }, 'detail'],
    ['CreateAfterSaleRequest', CreateAfterSaleRequest, { reason: '压坏了' }, 'reason'],
    ['PublishProductRequest', PublishProductRequest, { categoryId: 'fruit', title: '苹果', grade: '一级', origin: '洛川', harvestDate: '2026-11-08', unit: '斤', priceFen: 680, stock: 100, photoIds: ['AAAAAAAAAAAAAAAAAAAAAA'], description: '好吃' }, 'description'],
    ['CreatePatientRequest', CreatePatientRequest, { name: '王大爷', relation: '本人', idNumber: '11010519491231002X' }, 'name'],
    ['CreateAppointmentRequest', CreateAppointmentRequest, { slotId: 's1', patientId: 'p1', mode: 'text', symptoms: '复诊', followUp: true }, 'symptoms'],
    ['SendMessageRequest', SendMessageRequest, { clientId: 'client-0001', text: '你好' }, 'text'],
    ['FinishConsultationRequest', FinishConsultationRequest, { advice: '多喝水' }, 'advice'],
    ['RateRequest', RateRequest, { stars: 5, text: '好医生' }, 'text'],
    ['UpdateProfileRequest', UpdateProfileRequest, { nickname: '老王' }, 'nickname'],
  ]
  test.each(cases)('%s', (_name, schema, valid, field) => {
    expect(schema.safeParse(valid).success).toBe(true)
    const bad = schema.safeParse({ ...valid, [field]: `${String(valid[field])}\u0000` })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0]?.path).toEqual([field])
    expect(bad.error?.issues[0]?.message).toMatch(/看不见的特殊字符/)
  })

  test('multi-line fields keep their line breaks; single-line ones refuse them', () => {
    expect(CreateAfterSaleRequest.safeParse({ reason: '压坏了 5 个\n其余都好' }).success).toBe(true)
    expect(FinishConsultationRequest.safeParse({ advice: '1. 多喝水\n2. 按时吃药' }).success).toBe(true)
    expect(CreateAddressRequest.safeParse({ name: '李\n大姐', phone: '13800138000', region: '湖北省', detail: '黄坪村' }).success).toBe(false)
  })
})
