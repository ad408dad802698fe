export default defineAppConfig({
  pages: ['pages/index/index', 'pages/mine/index'],
  // Only tab pages live in the main package; everything else loads on demand: `pkg` for the
  // patient (find, book, pay, consult), `doctor` for the doctor's workbench (only doctors open it).
  subPackages: [
    {
      root: 'pkg',
      pages: [
        'pages/about/index',
        'pages/doctors/index',
        'pages/doctor/index',
        'pages/book/index',
        'pages/appointments/index',
        'pages/appointment/index',
        'pages/chat/index',
        'pages/patients/index',
        'pages/patient-edit/index',
      ],
    },
    { root: 'doctor', pages: ['pages/today/index', 'pages/visit/index'] },
  ],
  lazyCodeLoading: 'requiredComponents',
  window: {
    navigationBarTitleText: '乡村问诊',
    navigationBarBackgroundColor: '#1e6fb8',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f5f0',
  },
  tabBar: {
    color: '#555555',
    selectedColor: '#1e6fb8',
    backgroundColor: '#ffffff',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: 'pages/mine/index', text: '我的', iconPath: 'assets/tab/mine.png', selectedIconPath: 'assets/tab/mine-active.png' },
    ],
  },
})
