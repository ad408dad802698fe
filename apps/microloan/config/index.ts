import { defineConfig } from '@tarojs/cli'
import { createTaroConfig } from '@tianyuan/taro-config'

export default defineConfig<'webpack5'>(() => createTaroConfig({ appName: 'microloan', appDir: `${__dirname}/..` }))
