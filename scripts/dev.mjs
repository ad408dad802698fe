#!/usr/bin/env node
// `npm run dev -- <app> [weapp|h5]`: Taro watch mode for one app. weapp rebuilds
// dist/weapp for WeChat DevTools; h5 serves a dev server on 127.0.0.1.
import { APPS, install, pnpm } from './lib.mjs'

const [app, target = 'h5'] = process.argv.slice(2)
if (!APPS.includes(app) || !['weapp', 'h5'].includes(target)) {
  console.error(`usage: npm run dev -- <${APPS.join('|')}> [weapp|h5]`)
  process.exit(2)
}
await install()
console.log(target === 'weapp' ? `› watching ${app}: open apps/${app} in WeChat DevTools (project.config.json points at dist/weapp)` : `› starting the ${app} H5 dev server…`)
process.exit(await pnpm(['--filter', `@tianyuan/${app}`, 'run', `dev:${target}`], { env: { ...process.env, NODE_ENV: 'development' } }))
