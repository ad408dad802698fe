import Taro from '@tarojs/taro'
import { BigButton } from '../../BigButton'
import { NOTICE_PAGES } from '../shared/api'

/**
 * 我的's two entries for an account of a 村委会, 卫生院, 农技站, 信用社 or 合作社 (role 'publisher'):
 * 发布通知 and 我发布的通知, the shared pages of every app's `notices` subpackage. The app decides
 * whether to show them (from GET /api/me); they are the same in all four apps.
 */
export function PublisherEntries() {
  const open = (url: string) => () => void Taro.navigateTo({ url })
  return (
    <>
      <BigButton id='publish-notice' variant='secondary' onClick={open(NOTICE_PAGES.publish)}>
        发布通知
      </BigButton>
      <BigButton id='my-notices' variant='secondary' onClick={open(NOTICE_PAGES.published)}>
        我发布的通知
      </BigButton>
    </>
  )
}
