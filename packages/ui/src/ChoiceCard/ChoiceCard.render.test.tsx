/** @jest-environment jsdom */
import { useState } from 'react'
import '../test-kit/mock-taro'
import { click, render } from '../test-kit/render'
import { Checkbox, ChoiceCard, ChoiceGroup } from '.'

function Delivery() {
  const [kind, setKind] = useState<'courier' | 'pickup'>('courier')
  return (
    <ChoiceGroup label='怎么收货' id='delivery'>
      <ChoiceCard id='courier' checked={kind === 'courier'} onSelect={() => setKind('courier')}>
        快递送到家
      </ChoiceCard>
      <ChoiceCard id='pickup' checked={kind === 'pickup'} onSelect={() => setKind('pickup')}>
        到自提点自己取
      </ChoiceCard>
      <ChoiceCard id='full' checked={false} disabled onSelect={() => setKind('pickup')}>
        已约满
      </ChoiceCard>
    </ChoiceGroup>
  )
}

describe('ChoiceCard', () => {
  it('is a radio with its words as its name and its state, in a group named by the question', () => {
    const ui = render(<Delivery />)
    expect(ui.get('#delivery').getAttribute('role')).toBe('radiogroup')
    expect(ui.get('#delivery').getAttribute('aria-label')).toBe('怎么收货')
    const courier = ui.get('#courier')
    expect(courier.getAttribute('role')).toBe('radio')
    expect(courier.getAttribute('aria-checked')).toBe('true')
    expect(courier.getAttribute('tabindex')).toBe('0')
    expect(courier.className).toContain('ty-choice--on')
    // The ○ / ● mark is hidden: the name is the words alone.
    expect(courier.querySelector('[aria-hidden="true"]')?.textContent).toBe('●')
    expect(ui.text('#courier .ty-choice__content')).toBe('快递送到家')
    expect(ui.get('#pickup').getAttribute('aria-checked')).toBe('false')
  })

  it('moves the choice on a tap, and a disabled one cannot be chosen', () => {
    const ui = render(<Delivery />)
    click(ui.get('#pickup'))
    expect(ui.get('#pickup').getAttribute('aria-checked')).toBe('true')
    expect(ui.get('#courier').getAttribute('aria-checked')).toBe('false')
    expect(ui.get('#pickup [aria-hidden="true"]').textContent).toBe('●')
    const full = ui.get('#full')
    expect(full.getAttribute('aria-disabled')).toBe('true')
    click(full)
    expect(ui.get('#pickup').getAttribute('aria-checked')).toBe('true')
  })
})

describe('Checkbox', () => {
  function FollowUp() {
    const [on, setOn] = useState(false)
    return (
      <Checkbox id='follow-up' checked={on} onChange={setOn}>
        我确认这是复诊
      </Checkbox>
    )
  }

  it('is a checkbox whose state a tap turns on and off', () => {
    const ui = render(<FollowUp />)
    const box = ui.get('#follow-up')
    expect(box.getAttribute('role')).toBe('checkbox')
    expect(box.getAttribute('aria-checked')).toBe('false')
    expect(ui.text('#follow-up .ty-choice__content')).toBe('我确认这是复诊')
    click(box)
    expect(box.getAttribute('aria-checked')).toBe('true')
    expect(box.querySelector('[aria-hidden="true"]')?.textContent).toBe('☑')
    click(box)
    expect(box.getAttribute('aria-checked')).toBe('false')
  })
})
