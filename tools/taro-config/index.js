// One Taro configuration for the four apps. Plain CommonJS on purpose: Taro loads each
// app's config/index.ts through its own register hook, which only compiles files inside
// that app's config/ folder, so a shared module must already be JavaScript.
const path = require('node:path')
const { appConfigOf, defineTianyuanApp, speechPlugins, PAGE_BACKGROUND } = require('./app-config')

/** The one index.html of the four H5 apps: title, first paint from the HTML alone. */
const H5_TEMPLATE = path.join(__dirname, 'index.html')

// pnpm links workspace packages and webpack resolves them to their real path, outside
// src/; Taro's babel rule skips such files unless they are listed here.
const workspacePackages = path.resolve(__dirname, '../../packages')

/**
 * Writes each chunk's modules (name, source size, module id) as JSON when webpack is done. The
 * id is the key of the module's function in the emitted chunk file, so tools/size can count
 * each module's exact minified bytes there (the parts of a concatenated module share its id).
 */
class BenchStatsPlugin {
  /** @param {string} file */
  constructor(file) {
    this.file = file
  }
  /** @param {import('webpack').Compiler} compiler */
  apply(compiler) {
    compiler.hooks.done.tap('TianyuanBenchStats', ({ compilation }) => {
      const { chunkGraph, requestShortener } = compilation
      // A concatenated module (scope hoisting) is listed as its parts, each with its own size.
      const flatten = (m) => (m.modules ? [...m.modules].flatMap(flatten) : [m])
      const chunks = [...compilation.chunks].map((chunk) => ({
        id: chunk.id,
        names: chunk.name ? [chunk.name] : [],
        files: [...chunk.files],
        modules: chunkGraph
          .getChunkModules(chunk)
          .flatMap((top) => flatten(top).map((m) => ({ name: m.readableIdentifier(requestShortener), size: m.size(), id: chunkGraph.getModuleId(top) }))),
      }))
      require('node:fs').writeFileSync(this.file, JSON.stringify({ generatedAt: new Date().toISOString(), chunks }))
    })
  }
}

/**
 * The H5 page from tools/taro-config/index.html (one template for the four apps): the app's
 * name, a skeleton and 正在加载… painted from the HTML alone, before any script or stylesheet
 * arrives (on 2G the app script takes tens of seconds). The app's own tags go at the end of
 * <body>, so the stylesheet does not hold back that first paint.
 * @param {import('./index').TianyuanApp} app
 * @param {string} appDir
 */
function useSharedHtmlTemplate(app, appDir) {
  return (chain) => {
    // html-webpack-plugin is Taro's dependency, not the app's: resolve it from Taro's runner.
    const runner = path.dirname(require.resolve('@tarojs/webpack5-runner/package.json', { paths: [appDir] }))
    const HtmlWebpackPlugin = require(require.resolve('html-webpack-plugin', { paths: [runner] }))
    // Taro adds its own only when src/index.html exists; the apps have none, but be sure.
    if (chain.plugins.has('htmlWebpackPlugin')) chain.plugins.delete('htmlWebpackPlugin')
    chain.plugin('htmlWebpackPlugin').use(HtmlWebpackPlugin, [
      {
        filename: 'index.html',
        template: H5_TEMPLATE,
        inject: false,
        title: app.title,
        themeColor: app.themeColor,
        appName: app.name,
        // Taro's rem script (as Taro writes it for designWidth 750, deviceRatio 1, root size
        // 20-40px): 1rem = 40px × screen width / 750.
        script:
          '!function(n){function f(){var e=n.document.documentElement,r=e.getBoundingClientRect(),w=Math.min.apply(Math,[r.width,r.height].filter(Boolean)),x=40*w/750;e.style.fontSize=x>=40?"40px":x<=20?"20px":x+"px"}n.addEventListener("resize",function(){f();setTimeout(f,500)}),f()}(window);',
      },
    ])
  }
}

/**
 * @param {{ appDir: string, app: import('./index').TianyuanApp }} options
 * @returns {import('@tarojs/cli').UserConfigExport<'webpack5'>}
 */
function createTaroConfig({ appDir, app }) {
  const appName = app.name
  const env = process.env.TARO_ENV
  // Taro aliases some imports (e.g. '@tarojs/components' → the platform plugin's React
  // components) to packages only the app depends on. Code in packages/ resolves from its own
  // folder first, so let it fall back to the app's node_modules, where those packages are.
  const resolveFromApp = (chain) => {
    chain.resolve.modules.add('node_modules').add(path.join(appDir, 'node_modules'))
  }
  // Every weapp build (or `TARO_BENCH_STATS=1`) also writes webpack's module stats to
  // dist/stats-<env>.json (beside, not inside, the build, so it never counts towards a package):
  // tools/size counts the SDK's bytes in each main package from it, tools/bench attributes each
  // chunk's bytes to React, the Taro runtime, the SDK, the UI package and app code.
  const miniChain = process.env.TARO_BENCH_STATS || env === 'weapp'
    ? (chain) => {
        resolveFromApp(chain)
        chain.plugin('tianyuan-bench-stats').use(BenchStatsPlugin, [path.join(appDir, 'dist', `stats-${env}.json`)])
      }
    : resolveFromApp
  // config/app.ts (the app's identity) is imported by src/app.config.ts too, which Taro also
  // hands to webpack (to follow its imports): let babel compile it like the packages.
  const include = [workspacePackages, path.join(appDir, 'config')]
  // Several H5 apps share one origin in the preview, each under its own base path.
  const h5Base = `/${appName}/`
  return {
    projectName: appName,
    date: '2026-11-28',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: path.join(appDir, 'dist', String(env)),
    // weapp: carry aria-role, aria-label and the aria-* states through Taro's template (aria-plugin.js).
    plugins: env === 'weapp' ? [path.join(__dirname, 'aria-plugin.js')] : [],
    defineConstants: {
      // A mini-program needs an absolute https URL; the H5 preview calls its own origin.
      API_BASE: JSON.stringify(process.env.TIANYUAN_API_BASE ?? (env === 'h5' ? '' : 'https://api.tianyuan.example')),
    },
    copy: { patterns: [], options: {} },
    // The theme colour, written once in config/app.ts, for app.scss (`--ty-theme: #{$ty-theme}`).
    sass: { data: `$ty-theme: ${app.themeColor};\n` },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include },
      webpackChain: miniChain,
      // Every stylesheet scopes its own classes (ty-btn, ty-price, dc, chat…), so the order in
      // which pages pull @tianyuan/ui's component styles into a shared chunk changes nothing;
      // without this, webpack warns "Conflicting order" for each such pair (as on H5 below).
      miniCssExtractPluginOption: { ignoreOrder: true },
      // No `minifyXML`: Taro's html-minifier treats <input> as an HTML void element and drops its
      // closing tag, and WeChat's compiler then rejects base.wxml ("unexpected end tag: template",
      // seen with tools/wxci). WXML is compressed by WeChat at upload instead (project.config.json's
      // minifyWXML, a rule tools/wxci checks); Taro already minifies JS (terser) and WXSS (csso).
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      compile: { include },
      webpackChain: (chain) => {
        resolveFromApp(chain)
        useSharedHtmlTemplate(app, appDir)(chain)
      },
      publicPath: h5Base,
      router: { mode: 'browser', basename: h5Base.replace(/\/$/, '') },
      staticDirectory: 'static',
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      devServer: { host: '127.0.0.1' },
    },
  }
}

module.exports = { createTaroConfig, defineTianyuanApp, appConfigOf, speechPlugins, PAGE_BACKGROUND }
