import type { TianyuanApp } from '@tianyuan/taro-config'
import { speechPlugins } from '@tianyuan/taro-config/app-config'

// 田间课堂: everything the build and the app config need to know about the app, once.
export const app = {
  name: 'classroom',
  title: '田间课堂',
  themeColor: '#a35200',
  tabs: [
    { page: 'pages/index/index', text: '首页', icon: 'home' },
    { page: 'pages/mine/index', text: '我的', icon: 'mine' },
  ],
  // Only tab pages live in the main package; everything else loads on demand: `pkg` for the
  // learner (courses, the player, downloads, quizzes, certificates, questions), `teacher` for the
  // teacher's workbench (only teachers open it).
  subpackages: [
    {
      root: 'pkg',
      pages: [
        'pages/about/index',
        'pages/search/index',
        'pages/course/index',
        'pages/lesson/index',
        'pages/downloads/index',
        'pages/quiz/index',
        'pages/certificate/index',
        'pages/questions/index',
        'pages/ask/index',
      ],
    },
    {
      root: 'teacher',
      pages: ['pages/courses/index', 'pages/course-edit/index', 'pages/lesson-edit/index', 'pages/questions/index', 'pages/progress/index'],
    },
    // 通知 (@tianyuan/ui/notices, as in the market): the list, one notice (听), and the publisher's
    // pages. WeChat's 同声传译 plugin for 听 only when the build asks for it (speechPlugins: TIANYUAN_WECHAT_SI).
    { root: 'notices', pages: ['pages/list/index', 'pages/detail/index', 'pages/publish/index', 'pages/published/index'], plugins: speechPlugins() },
  ],
  // Whoever opens the home page goes on to a course or a lesson next: fetch it while the link is up.
  preloadRule: { 'pages/index/index': ['pkg'] },
  // Lessons keep playing with the screen off (BackgroundAudioManager): WeChat requires this in app.json.
  requiredBackgroundModes: ['audio'],
  // H5: what the home page asks for on a first visit (pages/index), fetched while its code loads
  // (tools/taro-config/first-screen-hints.js); tools/e2e checks that each one is used, once.
  firstScreenData: [
    '/api/notices?app=classroom',
    '/api/classroom/home',
  ],
} satisfies TianyuanApp
