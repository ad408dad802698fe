import { defineTianyuanApp } from '@tianyuan/taro-config/app-config'
import { app } from '../config/app'

// Title, theme colour, tab bar, pages and preloading come from config/app.ts (tools/taro-config).
export default defineAppConfig(defineTianyuanApp(app))
