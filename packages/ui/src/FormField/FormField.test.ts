import { validateField } from './validate'

describe('validateField', () => {
  it('asks for a required field by its label, and ignores blanks-only', () => {
    expect(validateField('收货人', '', { required: true })).toBe('请填写收货人')
    expect(validateField('收货人', '   ', { required: true })).toBe('请填写收货人')
    expect(validateField('备注', '', {})).toBeUndefined()
    expect(validateField('备注', '', { minLength: 3 })).toBeUndefined() // optional and empty: fine
  })

  it('counts characters as a person does (汉字 and emoji are one each)', () => {
    expect(validateField('商品名称', '土鸡蛋', { minLength: 2, maxLength: 3 })).toBeUndefined()
    expect(validateField('商品名称', '蛋', { minLength: 2 })).toBe('商品名称至少要2个字，现在是1个')
    expect(validateField('商品名称', '农家散养土鸡蛋🥚', { maxLength: 6 })).toBe('商品名称最多6个字，现在是8个')
  })

  it('checks an 11-digit mainland mobile number, allowing spaces and dashes', () => {
    expect(validateField('手机号', '138 0000 0000', { phone: true })).toBeUndefined()
    expect(validateField('手机号', '138-0000-0000', { phone: true })).toBeUndefined()
    expect(validateField('手机号', '1380000000', { phone: true })).toBe('请填写11位手机号，例如 13800000000')
    expect(validateField('手机号', '23800000000', { phone: true })).toBe('请填写11位手机号，例如 13800000000')
  })

  it('uses the pattern message, then a custom rule', () => {
    expect(validateField('邮编', '12ab', { pattern: /^\d{6}$/ })).toBe('邮编的格式不对')
    expect(validateField('邮编', '12ab', { pattern: /^\d{6}$/, patternMessage: '邮编是6位数字' })).toBe('邮编是6位数字')
    const stock = (v: string) => (Number(v) > 9999 ? '库存最多填9999' : undefined)
    expect(validateField('库存', '10000', { validate: stock })).toBe('库存最多填9999')
    expect(validateField('库存', '12', { validate: stock })).toBeUndefined()
  })

  it('reports the first failing rule only', () => {
    expect(validateField('手机号', '12', { required: true, minLength: 11, phone: true })).toBe('手机号至少要11个字，现在是2个')
  })
})
