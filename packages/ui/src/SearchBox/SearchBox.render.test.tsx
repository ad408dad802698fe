/** @jest-environment jsdom */
import '../test-kit/mock-taro'
import { click, render, typeInto } from '../test-kit/render'
import { SearchBox } from '.'

describe('SearchBox', () => {
  it('searches for the trimmed words typed, from the button', () => {
    const onSearch = jest.fn()
    const ui = render(<SearchBox placeholder='搜医生' onSearch={onSearch} />)
    typeInto(ui.get('#search-input'), '  高血压 ')
    click(ui.get('#search'))
    expect(onSearch).toHaveBeenCalledWith('高血压')
  })
})
