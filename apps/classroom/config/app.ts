import type { TianyuanApp } from '@tianyuan/taro-config'

// 田间课堂: everything the build and the app config need to know about the app, once.
export const app = {
  name: 'classroom',
  title: '田间课堂',
  themeColor: '#a35200',
  tabs: [
    { page: 'pages/index/index', text: '首页', icon: 'home' },
    { page: 'pages/mine/index', text: '我的', icon: 'mine' },
  ],
  // Only tab pages live in the main package; everything else loads on demand.
  subpackages: [{ root: 'pkg', pages: ['pages/about/index'] }],
} satisfies TianyuanApp
