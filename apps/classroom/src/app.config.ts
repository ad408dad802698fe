export default defineAppConfig({
  pages: ['pages/index/index', 'pages/mine/index'],
  // Only tab pages live in the main package; everything else loads on demand.
  subPackages: [{ root: 'pkg', pages: ['pages/about/index'] }],
  lazyCodeLoading: 'requiredComponents',
  window: {
    navigationBarTitleText: '田间课堂',
    navigationBarBackgroundColor: '#a35200',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f5f0',
  },
  tabBar: {
    color: '#555555',
    selectedColor: '#a35200',
    backgroundColor: '#ffffff',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: 'pages/mine/index', text: '我的', iconPath: 'assets/tab/mine.png', selectedIconPath: 'assets/tab/mine-active.png' },
    ],
  },
})
