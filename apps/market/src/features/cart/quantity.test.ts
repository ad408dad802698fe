import { parseQuantity } from './quantity'

describe('parseQuantity', () => {
  test('a typed number within the stock is taken as it is', () => {
    expect(parseQuantity('20', 600)).toBe(20)
    expect(parseQuantity('1', 600)).toBe(1)
  })

  test('more than the stock is held at the stock; 0 at 1', () => {
    expect(parseQuantity('25', 20)).toBe(20)
    expect(parseQuantity('0', 20)).toBe(1)
  })

  test('an empty field, or one not starting with a number, changes nothing; a fraction counts whole units', () => {
    expect(parseQuantity('', 20)).toBeUndefined()
    expect(parseQuantity('-', 20)).toBeUndefined()
    expect(parseQuantity('1.5', 20)).toBe(1)
  })
})
