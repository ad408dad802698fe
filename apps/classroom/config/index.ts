import { defineConfig } from '@tarojs/cli'
import { createTaroConfig } from '@tianyuan/taro-config'
import { app } from './app'

export default defineConfig<'webpack5'>(() => createTaroConfig({ app, appDir: `${__dirname}/..` }))
