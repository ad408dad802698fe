import type { TianyuanApp } from '@tianyuan/taro-config'
import { speechPlugins } from '@tianyuan/taro-config/app-config'

// 乡村问诊: everything the build and the app config need to know about the app, once.
export const app = {
  name: 'clinic',
  title: '乡村问诊',
  themeColor: '#1e6fb8',
  tabs: [
    { page: 'pages/index/index', text: '首页', icon: 'home' },
    { page: 'pages/mine/index', text: '我的', icon: 'mine' },
  ],
  // Only tab pages live in the main package; everything else loads on demand: `pkg` for the
  // patient (find, book, pay, consult), `doctor` for the doctor's workbench (only doctors open it).
  subpackages: [
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
    // 通知 (@tianyuan/ui/notices, as in the market): the list, one notice (听), and the publisher's
    // pages. WeChat's 同声传译 plugin for 听 only when the build asks for it (speechPlugins: TIANYUAN_WECHAT_SI).
    { root: 'notices', pages: ['pages/list/index', 'pages/detail/index', 'pages/publish/index', 'pages/published/index'], plugins: speechPlugins() },
  ],
  // Whoever opens the home page goes on to a subpackage page next: fetch it while the link is up.
  preloadRule: { 'pages/index/index': ['pkg'] },
  // H5: what the home page asks for on a first visit (pages/index), fetched while its code loads
  // (tools/taro-config/first-screen-hints.js); tools/e2e checks that each one is used, once.
  firstScreenData: [
    '/api/notices?app=clinic',
    '/api/clinic/departments',
    '/api/clinic/doctors?size=4',
  ],
} satisfies TianyuanApp
