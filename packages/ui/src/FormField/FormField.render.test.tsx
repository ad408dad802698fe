/** @jest-environment jsdom */
import { useState } from 'react'
import '../test-kit/mock-taro'
import { blur, render, typeInto } from '../test-kit/render'
import { FormField, type FieldRules } from '.'

function Phone({ rules, showErrors, error }: { rules: FieldRules; showErrors?: boolean; error?: string }) {
  const [value, setValue] = useState('')
  return <FormField id='phone' label='手机号' value={value} onChange={setValue} rules={rules} showErrors={showErrors} error={error} />
}

describe('FormField', () => {
  it('says nothing while the user is still typing, the message after they leave the field, and drops it once fixed', () => {
    const ui = render(<Phone rules={{ required: true, phone: true }} />)
    expect(ui.text('.ty-field__label')).toBe('手机号（必填）')
    const input = ui.get('#phone')
    typeInto(input, '138')
    expect(ui.container.querySelector('#phone-error')).toBeNull()
    blur(input)
    expect(ui.text('#phone-error')).toBe('请填写11位手机号，例如 13800000000')
    expect(input.className).toContain('ty-field__input--invalid')
    typeInto(input, '13800000000')
    expect(ui.container.querySelector('#phone-error')).toBeNull()
  })

  it('shows the messages at once after a submit attempt, and an outside message wins', () => {
    const ui = render(<Phone rules={{ required: true }} showErrors />)
    expect(ui.text('#phone-error')).toBe('请填写手机号')
    ui.rerender(<Phone rules={{ required: true }} showErrors error='这个手机号已经注册过了' />)
    expect(ui.text('#phone-error')).toBe('这个手机号已经注册过了')
  })

  it('names the input for a screen reader by its label (the real <input> on H5), with 必填 and the message', () => {
    function IdNumber({ showErrors }: { showErrors?: boolean }) {
      const [value, setValue] = useState('')
      return <FormField id='id-number' label='身份证号' type='idcard' required value={value} onChange={setValue} showErrors={showErrors} />
    }
    const ui = render(<IdNumber />)
    expect(ui.text('.ty-field__label')).toBe('身份证号（必填）')
    const input = ui.get('#id-number')
    expect(input.getAttribute('aria-label')).toBe('身份证号，必填')
    expect(input.getAttribute('aria-required')).toBe('true')
    expect(input.hasAttribute('aria-invalid')).toBe(false)
    ui.rerender(<IdNumber showErrors />)
    expect(ui.get('#id-number-error').getAttribute('role')).toBe('alert')
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(input.getAttribute('aria-label')).toBe(`身份证号，必填，${ui.text('#id-number-error')}`)
  })

  it('`required` checks the field like rules.required does', () => {
    const ui = render(<FormField id='name' label='姓名' required value='' onChange={() => {}} showErrors />)
    expect(ui.text('#name-error')).toBe('请填写姓名')
  })

  it('names a multi-line field too, and an optional one says no 必填', () => {
    const ui = render(<FormField id='note' label='病情描述' multiline value='' onChange={() => {}} />)
    expect(ui.get('textarea#note').getAttribute('aria-label')).toBe('病情描述')
    expect(ui.get('textarea#note').hasAttribute('aria-required')).toBe(false)
    expect(ui.text('.ty-field__label')).toBe('病情描述')
  })
})
