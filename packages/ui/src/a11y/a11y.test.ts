import { a11yProps, fieldA11yProps } from '.'

describe('a11yProps', () => {
  it('on weapp says aria-role (what WeChat reads) and the aria-* states, with no tabindex', () => {
    expect(a11yProps({ role: 'radio', checked: true, label: '快递送到家' }, 'weapp')).toEqual({ 'aria-role': 'radio', 'aria-checked': 'true', 'aria-label': '快递送到家' })
    expect(a11yProps({ role: 'button', disabled: true }, 'weapp')).toEqual({ 'aria-role': 'button', 'aria-disabled': 'true' })
  })

  it('on H5 says role (what a browser reads), and lets the keyboard reach what can be tapped', () => {
    expect(a11yProps({ role: 'checkbox', checked: false }, 'h5')).toEqual({ role: 'checkbox', 'aria-checked': 'false', tabIndex: 0 })
    expect(a11yProps({ role: 'button', disabled: true }, 'h5')).toEqual({ role: 'button', 'aria-disabled': 'true', tabIndex: -1 })
    expect(a11yProps({ role: 'radiogroup', label: '怎么收货' }, 'h5')).toEqual({ role: 'radiogroup', 'aria-label': '怎么收货' })
  })

  it('hides decorations and marks live places, on both platforms', () => {
    expect(a11yProps({ hidden: true }, 'weapp')).toEqual({ 'aria-hidden': 'true' })
    expect(a11yProps({ hidden: true }, 'h5')).toEqual({ 'aria-hidden': 'true' })
    expect(a11yProps({ role: 'status', live: 'polite' }, 'h5')).toEqual({ role: 'status', 'aria-live': 'polite' })
  })
})

describe('fieldA11yProps', () => {
  it('names the real <input> inside Taro H5’s wrapper (nativeProps), with required and invalid', () => {
    expect(fieldA11yProps('身份证号，必填', { required: true, invalid: true }, 'h5')).toEqual({ nativeProps: { 'aria-label': '身份证号，必填', 'aria-required': 'true', 'aria-invalid': 'true' } })
    expect(fieldA11yProps('写给医生的话', {}, 'h5')).toEqual({ nativeProps: { 'aria-label': '写给医生的话' } })
  })

  it('names WeChat’s native field directly', () => {
    expect(fieldA11yProps('身份证号', { required: true }, 'weapp')).toEqual({ 'aria-label': '身份证号', 'aria-required': 'true' })
  })
})
