import { unitWord } from './market-rules'

describe('unitWord', () => {
  test('kg reads as 公斤 for a villager; 斤 and 箱 stay as they are', () => {
    expect(unitWord('kg')).toBe('公斤')
    expect(unitWord('斤')).toBe('斤')
    expect(unitWord('箱')).toBe('箱')
  })
})
