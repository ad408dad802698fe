import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { BigButton, PageShell } from '@tianyuan/ui'

export default function ClassroomAbout() {
  return (
    <PageShell title='了解田间课堂'>
      <View className='ty-card' id='about-text'>
        <Text className='ty-text'>田间课堂请县农技站的技术员和乡镇卫生院的医生讲课：种植、养殖、网上卖货和家里人的健康。</Text>
        <Text className='ty-text'>每节课都写明是视频、音频还是图文，多长，下载要多少流量，看之前就知道。</Text>
        <Text className='ty-text'>信号差的时候自动放省流量的版本（声音加图片）；在有 Wi-Fi 的地方先下载，到地里没信号也能看。</Text>
        <Text className='ty-text'>免费课直接学；收费的课可以先试看，再用微信付款。学到哪里手机会记着，下次接着学。</Text>
      </View>
      <BigButton id='back' variant='secondary' onClick={() => Taro.navigateBack()}>
        返回
      </BigButton>
    </PageShell>
  )
}
