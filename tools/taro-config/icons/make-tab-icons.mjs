#!/usr/bin/env node
// Renders the tab-bar icons (81×81 PNG, as WeChat recommends) for every app from the SVG
// shapes in tab-icons.js: grey when idle, the app's colour when selected. WeChat's tabBar takes only
// local PNG/JPG files, so they are checked in; run this again after changing a shape or colour:
//   node tools/taro-config/icons/make-tab-icons.mjs
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const repo = path.resolve(here, '../../..')
// sharp is the API's dependency (media variants); borrow it rather than add another copy.
const sharp = createRequire(path.join(repo, 'apps/api/package.json'))('sharp')

// The shapes live in tab-icons.js: the H5 build inlines the same shapes as SVG.
const { TAB_ICON_SHAPES: shapes, IDLE_COLOUR: IDLE, tabIconSvg } = createRequire(import.meta.url)('./tab-icons.js')
const apps = { market: '#2f7d32', clinic: '#1e6fb8', classroom: '#a35200', microloan: '#8f2d1f' }

for (const [app, colour] of Object.entries(apps)) {
  const out = path.join(repo, 'apps', app, 'src', 'assets', 'tab')
  fs.mkdirSync(out, { recursive: true })
  for (const name of Object.keys(shapes)) {
    for (const [suffix, c] of [['', IDLE], ['-active', colour]]) {
      const svg = tabIconSvg(name, c)
      await sharp(Buffer.from(svg)).png({ palette: true, compressionLevel: 9 }).toFile(path.join(out, `${name}${suffix}.png`))
    }
  }
}
console.log('tab icons written')
