// One Taro configuration for the four apps. Plain CommonJS on purpose: Taro loads each
// app's config/index.ts through its own register hook, which only compiles files inside
// that app's config/ folder, so a shared module must already be JavaScript.
const path = require('node:path')
const { appConfigOf, defineTianyuanApp, speechPlugins, PAGE_BACKGROUND } = require('./app-config')
const { tabIconDataUrl } = require('./icons/tab-icons')
const { FirstScreenHintsPlugin } = require('./first-screen-hints')

/**
 * H5 only: the browsers babel compiles the apps' own code for. Taro's H5 runtime (Stencil's
 * component runtime, shipped precompiled) already uses async arrow functions, so no browser
 * older than ES2017 (Chrome 55, iOS 10.3) can show an H5 page at all; compiling our code further
 * down (package.json's browserslist: Android 4.1, iOS 8, which weapp still uses) only added
 * regenerator, class and spread helpers — ≈ 6 KB br of the first screen (README, "First-screen bytes").
 */
const H5_TARGETS = { chrome: '55', ios: '10.3' }

/**
 * H5 only: terser as Taro sets it for H5 but without `keep_fnames`, `keep_quoted_props` and
 * `quote_keys`, which kept every function name and quoted every object key in the bundle
 * (≈ 4 KB br of the first screen; nothing reads function names or needs quoted keys).
 */
const H5_TERSER = { keep_fnames: false, output: { keep_quoted_props: false, quote_keys: false } }

/**
 * The framework the apps are built with: Preact (through preact/compat; the apps' code is
 * React's API) unless `TIANYUAN_FRAMEWORK=react`. Preact saves ≈ 90 KB of each main package
 * (README, "Preact"); tools/bench's `framework` benchmark builds both to compare.
 * @returns {'preact' | 'react'}
 */
function frameworkOf(env = process.env) {
  const framework = env.TIANYUAN_FRAMEWORK ?? 'preact'
  if (framework !== 'preact' && framework !== 'react') throw new Error(`TIANYUAN_FRAMEWORK=${framework}: use preact or react`)
  return framework
}

/**
 * babel-preset-taro's options for an app's babel.config.js: the same framework as the build.
 * `hot: false` under Preact: its fast refresh (@prefresh/*) is not installed, and only
 * `dev:h5` would use it.
 */
function babelPresetOptions(env = process.env) {
  const framework = frameworkOf(env)
  return { framework, ts: true, compiler: 'webpack5', ...(framework === 'preact' ? { hot: false } : {}), ...(env.TARO_ENV === 'h5' ? { targets: H5_TARGETS } : {}) }
}

/**
 * Taro's template depth for mini-programs (`mini.baseLevel`, Taro's default 16): base.wxml
 * spells out one template per level for each component, so its size grows with the depth.
 * Nodes deeper than this render through Taro's `comp` custom component (README, "Template
 * depth"). `TIANYUAN_BASE_LEVEL` overrides it for tools/bench.
 */
const BASE_LEVEL = 4
function baseLevelOf(env = process.env) {
  const level = env.TIANYUAN_BASE_LEVEL === undefined ? BASE_LEVEL : Number(env.TIANYUAN_BASE_LEVEL)
  if (!Number.isInteger(level) || level < 1) throw new Error(`TIANYUAN_BASE_LEVEL=${env.TIANYUAN_BASE_LEVEL}: a whole number ≥ 1`)
  return level
}

/** H5: `@tarojs/components` as one module per component (h5-components/loader.js). */
const H5_COMPONENTS = path.join(__dirname, 'h5-components')

/** H5: the tab-bar icons (`src/assets/tab/*.png`), inlined as the SVG they are drawn from. */
const TAB_ICON = /[\\/]src[\\/]assets[\\/]tab[\\/][^\\/]+\.png$/

/**
 * H5: Taro's platform plugin registers its pull-to-refresh element before the app starts, for
 * pages with `enablePullDownRefresh` (≈ 1.8 KB br of the first chunk). No page has it: take the
 * registration out, and refuse to build if a page or the app's window ever asks for it.
 */
function withoutPullToRefresh(chain, appDir) {
  const src = path.join(appDir, 'src')
  const fs = require('node:fs')
  const configs = fs.readdirSync(src, { recursive: true }).filter((f) => /\.config\.(ts|js)$/.test(String(f)))
  const asking = configs.filter((f) => /enablePullDownRefresh\s*:\s*true/.test(fs.readFileSync(path.join(src, String(f)), 'utf8')))
  if (asking.length) throw new Error(`enablePullDownRefresh in ${asking.join(', ')}: remove withoutPullToRefresh() from tools/taro-config for H5 first`)
  chain.plugin('mainPlugin').tap((args) => {
    const meta = args[0].loaderMeta
    if (meta) {
      meta.extraImportForWeb = meta.extraImportForWeb.replace(/import \{ defineCustomElementTaroPullToRefreshCore \} from '@tarojs\/components\/dist\/components'\n/, '')
      meta.execBeforeCreateWebApp = meta.execBeforeCreateWebApp.replace(/defineCustomElementTaroPullToRefreshCore\(\)\n/, '')
    }
    return args
  })
}

/** Preact's `react-dom` for mini-programs (react-dom-preact.mjs says why). */
const PREACT_REACT_DOM = path.join(__dirname, 'react-dom-preact.mjs')

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
    chain.plugin('tianyuan-first-screen-hints').use(FirstScreenHintsPlugin, [
      {
        HtmlWebpackPlugin,
        appDir,
        homePage: app.tabs[0].page,
        basePath: `/${app.name}`,
        storagePrefix: `ty:${app.name}:`,
        dataPaths: app.firstScreenData ?? [],
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
  const framework = frameworkOf()
  // tools/bench builds other variants (React, another template depth) into a folder of its own
  // (`TIANYUAN_OUTPUT_ROOT`, absolute), never into the app's dist: the stats file goes beside it.
  const outputRoot = process.env.TIANYUAN_OUTPUT_ROOT || path.join(appDir, 'dist', String(env))
  const statsFile = path.join(path.dirname(outputRoot), `stats-${env}.json`)
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
  // Taro aliases react-dom to preact/compat, which lacks createRoot (react-dom-preact.mjs); this
  // runs after Taro's framework plugin, so the alias here wins. H5 imports react-dom/client.
  const preactOnMini = (chain) => {
    if (framework === 'preact') chain.resolve.alias.set('react-dom', PREACT_REACT_DOM)
  }
  const miniChain = process.env.TARO_BENCH_STATS || env === 'weapp'
    ? (chain) => {
        resolveFromApp(chain)
        preactOnMini(chain)
        chain.plugin('tianyuan-bench-stats').use(BenchStatsPlugin, [statsFile])
      }
    : (chain) => {
        resolveFromApp(chain)
        preactOnMini(chain)
      }
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
    outputRoot,
    // weapp: carry aria-role, aria-label and the aria-* states through Taro's template (aria-plugin.js).
    plugins: env === 'weapp' ? [path.join(__dirname, 'aria-plugin.js')] : [],
    defineConstants: {
      // A mini-program needs an absolute https URL; the H5 preview calls its own origin.
      API_BASE: JSON.stringify(process.env.TIANYUAN_API_BASE ?? (env === 'h5' ? '' : 'https://api.tianyuan.example')),
    },
    copy: { patterns: [], options: {} },
    // The theme colour, written once in config/app.ts, for app.scss (`--ty-theme: #{$ty-theme}`).
    sass: { data: `$ty-theme: ${app.themeColor};\n` },
    framework,
    compiler: 'webpack5',
    ...(env === 'h5' ? { terser: { enable: true, config: H5_TERSER } } : {}),
    cache: { enable: false },
    mini: {
      compile: { include },
      baseLevel: baseLevelOf(),
      // Taro's compileMode stays off (README: it adds bytes); TIANYUAN_COMPILE_MODE=1 turns it on to measure it.
      ...(process.env.TIANYUAN_COMPILE_MODE === '1' ? { experimental: { compileMode: true } } : {}),
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
        // `TARO_BENCH_STATS=1`: dist/stats-h5.json, which modules each H5 chunk carries (first-screen bytes).
        if (process.env.TARO_BENCH_STATS) chain.plugin('tianyuan-bench-stats').use(BenchStatsPlugin, [statsFile])
        // Taro's H5 request API imports the whatwg-fetch polyfill (10 KB, 3.4 KB br, in the first
        // chunk); every browser that can run the H5 build at all (H5_TARGETS) has fetch.
        chain.resolve.alias.set('whatwg-fetch$', false)
        // …and jsonp-retry, for JSONP requests, which no app makes (no-jsonp.mjs).
        chain.resolve.alias.set('jsonp-retry$', path.join(__dirname, 'no-jsonp.mjs'))
        // …and the AbortController polyfill, for the browsers without one (h5-abort-controller.mjs).
        chain.resolve.alias.set('abortcontroller-polyfill/dist/abortcontroller-polyfill-only$', path.join(__dirname, 'h5-abort-controller.mjs'))
        // …and `platform` (14.5 KB raw), which only fills getSystemInfo's brand/model/system (h5-platform.mjs).
        chain.resolve.alias.set('platform$', path.join(__dirname, 'h5-platform.mjs'))
        // The tab icons as SVG rather than base64 PNG (icons/tab-icons.js): ≈ 4.7 KB br less.
        chain.module.rule('image').exclude.add(TAB_ICON)
        chain.module
          .rule('tianyuan-tab-icon')
          .test(TAB_ICON)
          .type('asset/inline')
          .set('generator', { dataUrl: (content, { module }) => tabIconDataUrl(module.resource, app.themeColor) ?? `data:image/png;base64,${content.toString('base64')}` })
        withoutPullToRefresh(chain, appDir)
        // @tarojs/components one module per component, so a component only later pages use (the
        // textarea, 10.8 KB of source) is in their chunks, not the first one (h5-components/loader.js).
        const componentsFile = path.join(path.dirname(require.resolve('@tarojs/components/package.json', { paths: [appDir] })), 'lib', 'react', 'components.js')
        chain.resolve.alias.set('@tarojs/components$', path.join(H5_COMPONENTS, 'index.mjs'))
        chain.module
          .rule('tianyuan-h5-components')
          .test(/[\\/]h5-components[\\/](index|component)\.mjs$/)
          .include.add(H5_COMPONENTS)
          .end()
          .enforce('pre')
          .set('sideEffects', false)
          .use('h5-components')
          .loader(path.join(H5_COMPONENTS, 'loader.js'))
          .options({ componentsFile })
        // Those later components are shared by later pages (the textarea by every form page): one
        // chunk for them, fetched with the first page that needs one, not a copy in each page's chunk.
        const splitChunks = chain.optimization.get('splitChunks')
        if (splitChunks?.cacheGroups) {
          splitChunks.cacheGroups.tianyuanLaterComponents = {
            test: (module) => /[\\/]h5-components[\\/]component\.mjs\?|[\\/]@tarojs[\\/]components[\\/]dist[\\/]components[\\/]/.test(module.resource ?? ''),
            chunks: 'async',
            minChunks: 2,
            priority: 200,
            enforce: true,
          }
        }
        // Taro's component stylesheet without the weui icon font (strip-weui-font-loader.js says why).
        chain.module
          .rule('tianyuan-strip-weui-font')
          .test(/@tarojs[\\/]components[\\/]dist[\\/]taro-components[\\/]taro-components\.css$/)
          .enforce('pre')
          .use('strip-weui-font')
          .loader(path.join(__dirname, 'strip-weui-font-loader.js'))
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
      // Preact's fast refresh (@prefresh/webpack) is not installed: dev:h5 reloads instead.
      devServer: { host: '127.0.0.1', ...(framework === 'preact' ? { hot: false } : {}) },
    },
  }
}

module.exports = { createTaroConfig, defineTianyuanApp, appConfigOf, speechPlugins, PAGE_BACKGROUND, frameworkOf, babelPresetOptions, baseLevelOf, BASE_LEVEL }
