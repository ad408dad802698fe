import type { UserConfigExport } from '@tarojs/cli'

export function createTaroConfig(app: { appName: string; appDir: string }): UserConfigExport<'webpack5'>
