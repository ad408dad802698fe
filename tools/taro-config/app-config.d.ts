// The app-config half of @tianyuan/taro-config, free of Node and webpack: src/app.config.ts
// imports it (Taro hands that file to webpack too, to follow its imports).
export { appConfigOf, defineTianyuanApp, speechPlugins, PAGE_BACKGROUND } from './index'
