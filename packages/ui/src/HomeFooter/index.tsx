import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { describeNetworkState } from '@tianyuan/sdk'
import { useNetworkState } from '@tianyuan/sdk/react'
import { BigButton } from '../BigButton'
import './index.scss'

export interface HomeFooterProps {
  /** The about button's words: '了解乡村问诊'. */
  aboutText: string
  /** Where it leads (every app keeps its about page here). */
  aboutUrl?: string
}

/**
 * The end of every app's home page: the network as the phone sees it (当前网络：4G…) and what
 * the app is about. Ids #network and #about (the smoke suites). The 大字 switch (#big-text) is at
 * the top of the home page (PageShell), where it is found without scrolling.
 */
export function HomeFooter({ aboutText, aboutUrl = '/pkg/pages/about/index' }: HomeFooterProps) {
  const network = useNetworkState()
  return (
    <View className='ty-home-footer'>
      <Text className='ty-home-footer__network' id='network'>
        {network ? `当前网络：${describeNetworkState(network)}` : '正在查看网络…'}
      </Text>
      <BigButton id='about' variant='secondary' onClick={() => Taro.navigateTo({ url: aboutUrl })}>
        {aboutText}
      </BigButton>
    </View>
  )
}
