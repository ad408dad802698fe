import type { TianyuanApp } from '@tianyuan/taro-config'
import { speechPlugins } from '@tianyuan/taro-config/app-config'

// 惠农小贷: everything the build and the app config need to know about the app, once.
export const app = {
  name: 'microloan',
  title: '惠农小贷',
  themeColor: '#8f2d1f',
  tabs: [
    { page: 'pages/index/index', text: '首页', icon: 'home' },
    { page: 'pages/mine/index', text: '我的', icon: 'mine' },
  ],
  // Only tab pages live in the main package; everything else loads on demand: `pkg` for the
  // borrower (calculator — with @tianyuan/loans, offline —, apply, loans, repay, contract,
  // customer service), `officer` for the credit officer's workbench (only officers open it).
  subpackages: [
    {
      root: 'pkg',
      pages: [
        'pages/about/index',
        'pages/calculator/index',
        'pages/apply/index',
        'pages/loans/index',
        'pages/loan/index',
        'pages/contract/index',
        'pages/service/index',
      ],
    },
    { root: 'officer', pages: ['pages/queue/index', 'pages/application/index'] },
    // 通知 (@tianyuan/ui/notices, as in the market): the list, one notice (听), and the publisher's
    // pages. WeChat's 同声传译 plugin for 听 only when the build asks for it (speechPlugins: TIANYUAN_WECHAT_SI).
    { root: 'notices', pages: ['pages/list/index', 'pages/detail/index', 'pages/publish/index', 'pages/published/index'], plugins: speechPlugins() },
  ],
  // Whoever opens the home page goes on to the calculator or the application next: fetch `pkg`
  // while the link is up, so the calculator opens offline too.
  preloadRule: { 'pages/index/index': ['pkg'] },
  // H5: what the home page asks for on a first visit (pages/index), fetched while its code loads
  // (tools/taro-config/first-screen-hints.js); tools/e2e checks that each one is used, once.
  firstScreenData: [
    '/api/notices?app=microloan',
    '/api/loans/products',
  ],
} satisfies TianyuanApp
