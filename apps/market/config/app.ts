import type { TianyuanApp } from '@tianyuan/taro-config'
import { speechPlugins } from '@tianyuan/taro-config/app-config'

// 田园集市: everything the build and the app config need to know about the app, once.
export const app = {
  name: 'market',
  title: '田园集市',
  themeColor: '#2f7d32',
  tabs: [
    { page: 'pages/index/index', text: '首页', icon: 'home' },
    { page: 'pages/mine/index', text: '我的', icon: 'mine' },
  ],
  // Only tab pages live in the main package; everything else loads on demand: `pkg` for
  // buying, `seller` for the shop.
  subpackages: [
    {
      root: 'pkg',
      pages: [
        'pages/about/index',
        'pages/products/index',
        'pages/product/index',
        'pages/cart/index',
        'pages/checkout/index',
        'pages/addresses/index',
        'pages/address-edit/index',
        'pages/orders/index',
        'pages/order/index',
        'pages/after-sale/index',
      ],
    },
    // 我的店铺: only sellers download it.
    { root: 'seller', pages: ['pages/shop/index', 'pages/products/index', 'pages/orders/index', 'pages/publish/index'] },
    // 通知 (@tianyuan/ui/notices): the list, one notice (听), and the publisher's pages. WeChat's
    // 同声传译 plugin for 听 only when the build asks for it (speechPlugins: TIANYUAN_WECHAT_SI).
    { root: 'notices', pages: ['pages/list/index', 'pages/detail/index', 'pages/publish/index', 'pages/published/index'], plugins: speechPlugins() },
  ],
  // Whoever opens the home page goes on to a subpackage page next: fetch it while the link is up.
  preloadRule: { 'pages/index/index': ['pkg'] },
  // H5: what the home page asks for on a first visit (pages/index), fetched while its code loads
  // (tools/taro-config/first-screen-hints.js); tools/e2e checks that each one is used, once.
  firstScreenData: [
    '/api/notices?app=market',
    '/api/market/categories',
    '/api/market/products?size=6',
  ],
} satisfies TianyuanApp
