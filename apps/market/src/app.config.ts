export default defineAppConfig({
  pages: ['pages/index/index', 'pages/mine/index'],
  // Only tab pages live in the main package; everything else loads on demand: `pkg` for
  // buying, `seller` for the shop.
  subPackages: [
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
  ],
  lazyCodeLoading: 'requiredComponents',
  window: {
    navigationBarTitleText: '田园集市',
    navigationBarBackgroundColor: '#2f7d32',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f5f0',
  },
  tabBar: {
    color: '#555555',
    selectedColor: '#2f7d32',
    backgroundColor: '#ffffff',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: 'pages/mine/index', text: '我的', iconPath: 'assets/tab/mine.png', selectedIconPath: 'assets/tab/mine-active.png' },
    ],
  },
})
