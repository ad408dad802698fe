import { Input, View } from '@tarojs/components'
import { useState } from 'react'
import { a11yProps, fieldA11yProps } from '../a11y'

export interface SearchBoxProps {
  placeholder: string
  /** The words typed, trimmed (may be empty: the list of everything). */
  onSearch(words: string): void
  /** The button's words (default 搜索). */
  buttonText?: string
}

/**
 * A tall input with the theme's border and a 搜索 button beside it; the keyboard's search key
 * does the same. Ids #search-input and #search. Styled by `ty-search` in styles/blocks.scss.
 */
export function SearchBox({ placeholder, onSearch, buttonText = '搜索' }: SearchBoxProps) {
  const [words, setWords] = useState('')
  const search = () => onSearch(words.trim())
  return (
    <View className='ty-search'>
      <Input
        id='search-input'
        className='ty-search__input'
        value={words}
        placeholder={placeholder}
        confirmType='search'
        onInput={(e) => setWords(e.detail.value)}
        onConfirm={search}
        {...fieldA11yProps(placeholder)}
      />
      <View className='ty-search__btn' id='search' onClick={search} {...a11yProps({ role: 'button' })}>
        {buttonText}
      </View>
    </View>
  )
}
