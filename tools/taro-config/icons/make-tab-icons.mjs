#!/usr/bin/env node
// Renders the tab-bar icons (81×81 PNG, as WeChat recommends) for every app from the SVG
// shapes below: grey when idle, the app's colour when selected. WeChat's tabBar takes only
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

const shapes = {
  home: '<path d="M12 38 L40.5 13 L69 38 M20 32 V68 H34 V50 H47 V68 H61 V32" fill="none" stroke="C" stroke-width="6" stroke-linejoin="round" stroke-linecap="round"/>',
  mine: '<circle cx="40.5" cy="28" r="13" fill="none" stroke="C" stroke-width="6"/><path d="M14 70 C16 52 27 46 40.5 46 C54 46 65 52 67 70" fill="none" stroke="C" stroke-width="6" stroke-linecap="round"/>',
}
const apps = { market: '#2f7d32', clinic: '#1e6fb8', classroom: '#a35200', microloan: '#8f2d1f' }
const IDLE = '#7a7a7a'

for (const [app, colour] of Object.entries(apps)) {
  const out = path.join(repo, 'apps', app, 'src', 'assets', 'tab')
  fs.mkdirSync(out, { recursive: true })
  for (const [name, shape] of Object.entries(shapes)) {
    for (const [suffix, c] of [['', IDLE], ['-active', colour]]) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="81" height="81" viewBox="0 0 81 81">${shape.replaceAll('"C"', `"${c}"`)}</svg>`
      await sharp(Buffer.from(svg)).png({ palette: true, compressionLevel: 9 }).toFile(path.join(out, `${name}${suffix}.png`))
    }
  }
}
console.log('tab icons written')
