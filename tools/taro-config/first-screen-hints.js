// H5 only: when the page is the app's home, start what its first screen needs while the app's
// code is still arriving, instead of one round trip after another. Without this a cold load on
// 2G (1.3 s a round trip) waits for the HTML, then the entry code, then the home page's chunk
// (the router asks for it only once the entry has run), then the home page's API answers:
// four round trips in a row, ≈ 5 s of the first screen's 27 s.
//
// The HTML gets one small inline script (written at build time, since the chunk names have
// content hashes) that, on the home route only:
// - preloads the home page's own chunk files (script and stylesheet), so that when the router
//   asks for them the browser hands over what is already loading;
// - on a first visit (nothing of the app's in storage: no cached answers to revalidate, no
//   session), fetches the home page's GETs (`firstScreenData` in config/app.ts) and leaves the
//   promises in `window.__tyFirstScreenData`, keyed by absolute URL. The SDK's H5 platform
//   takes each one for the first identical request (packages/sdk/src/platform/first-screen-data.ts).
// Other routes (a shared link to a product) load exactly as before.
const path = require('node:path')

const NAME = 'TianyuanFirstScreenHints'
/** Where the early answers wait for the SDK (FIRST_SCREEN_DATA_GLOBAL in the SDK). */
const FIRST_SCREEN_DATA_GLOBAL = '__tyFirstScreenData'

/**
 * The files of the async chunk group that holds the home page's module (its own chunk and any
 * split chunk it needs), without those the entry already loads.
 * @param {import('webpack').Compilation} compilation
 * @param {string} homeModuleBase absolute path of the home page's module without extension
 */
function homeChunkFiles(compilation, homeModuleBase) {
  const { chunkGraph } = compilation
  const entryFiles = new Set()
  for (const entry of compilation.entrypoints.values()) for (const f of entry.getFiles()) entryFiles.add(f)
  const files = new Set()
  for (const module of compilation.modules) {
    // The page's module is usually concatenated with what it alone imports: read its root's file.
    const resource = (module.rootModule ?? module).resource?.split('?')[0]
    if (!resource || !/\.[jt]sx?$/.test(resource) || resource.replace(/\.[jt]sx?$/, '') !== homeModuleBase) continue
    for (const chunk of chunkGraph.getModuleChunks(module)) {
      for (const group of chunk.groupsIterable) {
        if (group.isInitial()) continue
        for (const c of group.chunks) for (const f of c.files) if (!entryFiles.has(f) && /\.(js|css)$/.test(f)) files.add(f)
      }
    }
  }
  return [...files].sort()
}

/**
 * The inline script (ES5: it runs before any polyfill, in every browser the build targets).
 * @param {{ homePaths: string[], files: string[], publicPath: string, storagePrefix: string, dataPaths: readonly string[] }} o
 */
function hintScript({ homePaths, files, publicPath, storagePrefix, dataPaths }) {
  const links = files.map((f) => ({ href: publicPath + f, as: f.endsWith('.css') ? 'style' : 'script' }))
  return (
    '!function(){try{' +
    `var p=location.pathname;if(${JSON.stringify(homePaths)}.indexOf(p)<0)return;` +
    `${JSON.stringify(links)}.forEach(function(l){var e=document.createElement("link");e.rel="preload";e.as=l.as;e.href=l.href;document.head.appendChild(e)});` +
    (dataPaths.length
      ? `for(var i=0;i<localStorage.length;i++)if(String(localStorage.key(i)).indexOf(${JSON.stringify(storagePrefix)})===0)return;` +
        `var d=window.${FIRST_SCREEN_DATA_GLOBAL}={};` +
        `${JSON.stringify(dataPaths)}.forEach(function(u){d[new URL(u,location.href).href]=fetch(u,{headers:{accept:"application/json"}}).then(function(r){var h={};r.headers.forEach(function(v,k){h[k]=v});return r.text().then(function(b){return{status:r.status,headers:h,body:b}})})})`
      : '') +
    '}catch(e){}}()'
  )
}

class FirstScreenHintsPlugin {
  /**
   * @param {{ HtmlWebpackPlugin: any, appDir: string, homePage: string, basePath: string, storagePrefix: string, dataPaths: readonly string[] }} options
   *   `homePage` as app.config names it ('pages/index/index'); `basePath` the router's basename ('/market').
   */
  constructor(options) {
    this.options = options
  }

  apply(compiler) {
    const { HtmlWebpackPlugin, appDir, homePage, basePath, storagePrefix, dataPaths } = this.options
    compiler.hooks.thisCompilation.tap(NAME, (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap(NAME, (data) => {
        const files = homeChunkFiles(compilation, path.join(appDir, 'src', homePage))
        if (files.length === 0) {
          compilation.errors.push(new Error(`${NAME}: no chunk holds the home page ${homePage}: the first-screen hints would preload nothing`))
          return data
        }
        const publicPath = compilation.outputOptions.publicPath
        const homePaths = [basePath, `${basePath}/`, `${basePath}/index.html`, `${basePath}/${homePage}`]
        // Before the entry's own script tags: the preloads and fetches start as the HTML is parsed.
        data.headTags.unshift(HtmlWebpackPlugin.createHtmlTagObject('script', {}, hintScript({ homePaths, files, publicPath, storagePrefix, dataPaths }), { plugin: NAME }))
        return data
      })
    })
  }
}

module.exports = { FirstScreenHintsPlugin }
