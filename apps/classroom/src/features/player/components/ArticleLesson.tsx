import { Text, View } from '@tarojs/components'
import type { ArticleBlock } from '@tianyuan/contracts/types'
import { NetImage } from '@tianyuan/sdk/react'
import { BigButton } from '@tianyuan/ui'
import { useState } from 'react'
import { recordArticleRead, syncProgress, type LessonRef } from '../../progress'

/** The photos' width in px (a 375 px phone less the page padding). */
const PHOTO_WIDTH = 343

/** 图文: paragraphs and photos (NetImage: the size the screen needs, tap to load on 2G); 读完了 marks it done. */
export function ArticleLesson({ lesson, blocks, done }: { lesson: LessonRef; blocks: ArticleBlock[]; done: boolean }) {
  const [read, setRead] = useState(done)
  return (
    <View className='pl-article' id='article'>
      {blocks.map((b, i) =>
        b.type === 'text' ? (
          <Text key={i} className='pl-paragraph'>
            {b.text}
          </Text>
        ) : (
          <View key={i} className='pl-photo'>
            <NetImage media={b.photo} width={PHOTO_WIDTH} alt={b.caption || `第 ${i + 1} 张图`} />
            {b.caption && <Text className='pl-caption'>{b.caption}</Text>}
          </View>
        ),
      )}
      <BigButton
        id='article-read'
        variant={read ? 'secondary' : 'primary'}
        disabled={read}
        onClick={async () => {
          setRead(true)
          await recordArticleRead(lesson)
          void syncProgress()
        }}
      >
        {read ? '已读完' : '读完了'}
      </BigButton>
    </View>
  )
}
