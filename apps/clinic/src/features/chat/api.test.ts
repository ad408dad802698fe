import type { Message } from '@tianyuan/contracts/types'
import { mergeMessages, messagesPath, newClientId } from './api'

jest.mock('../../sdk', () => ({ sdk: {} }))

const msg = (id: string, clientId: string, text = ''): Message => ({ id, clientId, sender: 'patient', text, photos: [], at: '2026-11-28T10:00:00+08:00' })

test('a message answered twice (a replay after a lost answer) is shown once, in server order', () => {
  const merged = mergeMessages([msg('002', 'b'), msg('001', 'a')], [msg('002', 'b'), msg('003', 'c')])
  expect(merged.map((m) => m.id)).toEqual(['001', '002', '003'])
})

test('client ids fit the API’s rule and differ between messages', () => {
  const a = newClientId(Date.parse('2026-11-28T00:00:00Z'), () => 0.5)
  const b = newClientId(Date.parse('2026-11-28T00:00:00Z'), () => 0.25)
  expect(a).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
  expect(a).not.toBe(b)
})

test('the doctor reads the same conversation through the doctor’s path', () => {
  expect(messagesPath('ap 1', 'patient')).toBe('/clinic/appointments/ap%201/messages')
  expect(messagesPath('ap1', 'doctor')).toBe('/clinic/doctor/appointments/ap1/messages')
})
