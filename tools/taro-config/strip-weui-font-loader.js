// H5 only: a webpack loader for @tarojs/components' taro-components.css (imported by Taro's H5
// runtime on every page). That stylesheet embeds the weui icon font as a base64 data URL — 6 KB
// of JavaScript in every app's first chunk, which compression cannot shrink — used only by
// Taro's <Icon> component, which no app uses (eslint forbids importing it: on H5 it would draw
// nothing). The rest of the stylesheet stays. Plain CommonJS: webpack loads it by path.
/** @param {string} source */
function stripWeuiFont(source) {
  return source.replace(/@font-face\s*\{[^}]*font-family:\s*["']?weui["']?\s*;[^}]*\}/g, '')
}

module.exports = stripWeuiFont
module.exports.stripWeuiFont = stripWeuiFont
