import { View } from '@tarojs/components'
import { BigButton } from '../BigButton'

export interface PagerProps {
  /** 1-based. */
  page: number
  /** The API's `hasMore` for this page. */
  hasMore: boolean
  onChange(page: number): void
}

/**
 * 上一页 / 下一页 under a list that the API pages (`pageOf`): big buttons side by side, each
 * there only when it leads somewhere, nothing at all for a single page. Pages rather than
 * endless scrolling: on 2G a villager decides when the next 10 rows are worth the data.
 */
export function Pager({ page, hasMore, onChange }: PagerProps) {
  if (page <= 1 && !hasMore) return null
  return (
    <View className='ty-pager'>
      {page > 1 && (
        <BigButton id='prev-page' variant='secondary' onClick={() => onChange(page - 1)}>
          上一页
        </BigButton>
      )}
      {hasMore && (
        <BigButton id='next-page' variant='secondary' onClick={() => onChange(page + 1)}>
          下一页
        </BigButton>
      )}
    </View>
  )
}
