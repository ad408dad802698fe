import {
  REMINDER_KEYS,
  REMINDER_TEMPLATES,
  checkTemplateData,
  fitThing,
  templateValueProblem,
  type TemplateFieldType,
} from './subscribe-rules'

function ok(type: TemplateFieldType, value: string): void {
  expect(templateValueProblem(type, '字段', value)).toBeNull()
}
function bad(type: TemplateFieldType, value: string): string {
  const problem = templateValueProblem(type, '字段', value)
  expect(problem).not.toBeNull()
  return problem as string
}

describe('WeChat subscribe-message field rules', () => {
  it('thing: at most 20 characters of any kind, counted as characters not bytes', () => {
    ok('thing', '二十个字'.repeat(5))
    ok('thing', 'Dr. 王医生 (内科) #3')
    expect(bad('thing', '一'.repeat(21))).toBe('字段最多 20 个字，现在 21 个')
    ok('thing', '🌾'.repeat(20))
    bad('thing', '')
    bad('thing', '   ')
    bad('thing', '第一行\n第二行')
  })

  it('phrase: at most 5 Chinese characters and nothing else', () => {
    ok('phrase', '配送中')
    ok('phrase', '天气预警')
    expect(bad('phrase', '已经在配送中')).toContain('最多 5 个汉字')
    bad('phrase', '待还款!')
    bad('phrase', 'ok')
    bad('phrase', '第1期')
  })

  it('number: digits, maybe a decimal point, at most 32', () => {
    ok('number', '339208499')
    ok('number', '12.5')
    bad('number', '12a')
    bad('number', '1.2.3')
    bad('number', '1'.repeat(33))
  })

  it('amount: one currency sign, at most 10 integer digits, may end with 元', () => {
    ok('amount', '1.00元')
    ok('amount', '¥1234.50')
    ok('amount', '30元')
    bad('amount', '1.2.3元')
    bad('amount', '12345678901元')
    bad('amount', '一百元')
    bad('amount', '¥¥5')
  })

  it('time and date: 24-hour times with an optional date, spans with ~', () => {
    ok('time', '15:01')
    ok('time', '2019年10月1日 15:01')
    ok('time', '2019-10-01 15:01')
    ok('time', '09:00~10:00')
    bad('time', '3点')
    bad('time', '25:00')
    bad('time', '2019年10月1日')
    ok('date', '2019年10月1日')
    ok('date', '2019年10月1日 15:01')
    ok('date', '2019年10月1日~2019年10月3日')
    bad('date', '15:01')
    bad('date', '明天')
  })

  it('name: 10 Chinese characters or 20 letters; mixed counts as Chinese', () => {
    ok('name', '王秀英')
    ok('name', 'Li Wei')
    bad('name', '一二三四五六七八九十一')
    ok('name', 'a'.repeat(20))
    bad('name', 'a'.repeat(21))
    bad('name', '王a'.repeat(6))
    bad('name', '王秀英3')
  })

  it('character_string, letter, symbol, phone_number, car_number', () => {
    ok('character_string', 'TY-20261204-0001')
    bad('character_string', '订单1')
    bad('character_string', 'a'.repeat(33))
    ok('letter', 'abc')
    bad('letter', 'abc1')
    ok('symbol', '★')
    bad('symbol', '!!!!!!')
    ok('phone_number', '+86-0766-66888866')
    bad('phone_number', '1'.repeat(18))
    bad('phone_number', '电话')
    ok('car_number', '粤A8Z888挂')
    bad('car_number', '粤A8Z8889挂')
  })
})

describe('checkTemplateData', () => {
  it('takes a full, valid message', () => {
    expect(
      checkTemplateData('clinic_appointment', {
        name1: '王秀英',
        thing2: '李医生 内科',
        time3: '2026年12月5日 09:30',
        thing4: '青石镇卫生院 二楼诊室',
        thing5: '请带好医保卡，提前十分钟到',
      }),
    ).toEqual([])
  })

  it('lists each problem in zh-CN with the field name: too long, missing, unknown', () => {
    const problems = checkTemplateData('loan_installment', {
      thing1: '春耕贷款（化肥、种子、农药、地膜，全年周转用）',
      amount2: '1,234.50元',
      date3: '2026年12月5日',
      thing5: '按时还款',
      thing9: '多的',
    })
    expect(problems).toEqual([
      expect.stringContaining('贷款名称最多 20 个字'),
      expect.stringContaining('应还金额要写成金额'),
      '缺少还款状态（phrase4）',
      '模板「还款提醒」没有字段 thing9',
    ])
  })

  it('every catalogue template has distinct field names whose prefix is their type', () => {
    for (const key of REMINDER_KEYS) {
      const names = REMINDER_TEMPLATES[key].fields.map((field) => field.name)
      expect(new Set(names).size).toBe(names.length)
      for (const field of REMINDER_TEMPLATES[key].fields) expect(field.name).toBe(`${field.type}${field.name.slice(field.type.length)}`)
      for (const field of REMINDER_TEMPLATES[key].fields) expect(field.name.slice(field.type.length)).toMatch(/^\d+$/)
    }
  })

  it('fitThing cuts to 20 characters with an ellipsis that itself passes the rule', () => {
    const long = '关于做好今冬明春森林草原防火工作的紧急通知（请各村转告）'
    const fitted = fitThing(long)
    expect([...fitted]).toHaveLength(20)
    expect(fitted.endsWith('…')).toBe(true)
    expect(templateValueProblem('thing', '标题', fitted)).toBeNull()
    expect(fitThing('短标题')).toBe('短标题')
  })
})
