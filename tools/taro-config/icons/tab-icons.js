// The tab-bar icons' shapes, drawn once: make-tab-icons.mjs renders them to the PNG files
// WeChat's tabBar needs (it takes only local PNG/JPG), and the H5 build (index.js,
// `tabIconRule`) inlines the same shapes as SVG, which costs a few hundred bytes of the first
// screen instead of the PNGs' ≈ 4.7 KB of base64 (PNG does not compress further).
const TAB_ICON_SHAPES = {
  home: '<path d="M12 38 L40.5 13 L69 38 M20 32 V68 H34 V50 H47 V68 H61 V32" fill="none" stroke="C" stroke-width="6" stroke-linejoin="round" stroke-linecap="round"/>',
  mine: '<circle cx="40.5" cy="28" r="13" fill="none" stroke="C" stroke-width="6"/><path d="M14 70 C16 52 27 46 40.5 46 C54 46 65 52 67 70" fill="none" stroke="C" stroke-width="6" stroke-linecap="round"/>',
}
/** The idle (not selected) icon's colour; the selected one takes the app's theme colour. */
const IDLE_COLOUR = '#7a7a7a'

/** An icon as an 81×81 SVG document (WeChat's recommended tab icon size). */
function tabIconSvg(shape, colour) {
  const body = TAB_ICON_SHAPES[shape]
  if (!body) throw new Error(`no tab icon shape "${shape}" (shapes: ${Object.keys(TAB_ICON_SHAPES).join(', ')})`)
  return `<svg xmlns="http://www.w3.org/2000/svg" width="81" height="81" viewBox="0 0 81 81">${body.replaceAll('"C"', `"${colour}"`)}</svg>`
}

/**
 * The SVG of a tab icon file (`assets/tab/<shape>[-active].png`) as a data: URL, or null when the
 * file is not one of these shapes (then the PNG itself is used).
 */
function tabIconDataUrl(file, themeColour) {
  const m = /(?:^|[\\/])([a-z]+)(-active)?\.png$/.exec(file)
  if (!m || !TAB_ICON_SHAPES[m[1]]) return null
  const svg = tabIconSvg(m[1], m[2] ? themeColour : IDLE_COLOUR).replace(/"/g, "'")
  return `data:image/svg+xml,${svg.replace(/[<>#%]/g, encodeURIComponent)}`
}

module.exports = { TAB_ICON_SHAPES, IDLE_COLOUR, tabIconSvg, tabIconDataUrl }
