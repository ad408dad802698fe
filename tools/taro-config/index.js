// One Taro configuration for the four apps. Plain CommonJS on purpose: Taro loads each
// app's config/index.ts through its own register hook, which only compiles files inside
// that app's config/ folder, so a shared module must already be JavaScript.
const path = require('node:path')

// pnpm links workspace packages and webpack resolves them to their real path, outside
// src/; Taro's babel rule skips such files unless they are listed here.
const workspacePackages = path.resolve(__dirname, '../../packages')

/** Writes each chunk's modules (name, source size) as JSON when webpack is done. */
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
          .flatMap(flatten)
          .map((m) => ({ name: m.readableIdentifier(requestShortener), size: m.size() })),
      }))
      require('node:fs').writeFileSync(this.file, JSON.stringify({ generatedAt: new Date().toISOString(), chunks }))
    })
  }
}

/**
 * @param {{ appName: string, appDir: string }} app
 * @returns {import('@tarojs/cli').UserConfigExport<'webpack5'>}
 */
function createTaroConfig({ appName, appDir }) {
  const env = process.env.TARO_ENV
  // Taro aliases some imports (e.g. '@tarojs/components' → the platform plugin's React
  // components) to packages only the app depends on. Code in packages/ resolves from its own
  // folder first, so let it fall back to the app's node_modules, where those packages are.
  const resolveFromApp = (chain) => {
    chain.resolve.modules.add('node_modules').add(path.join(appDir, 'node_modules'))
  }
  // `TARO_BENCH_STATS=1`: also write webpack's module stats to dist/stats-<env>.json (beside,
  // not inside, the build, so it never counts towards a package), for tools/bench to attribute
  // each chunk's bytes to React, the Taro runtime, the SDK, the UI package and app code.
  const miniChain = process.env.TARO_BENCH_STATS
    ? (chain) => {
        resolveFromApp(chain)
        chain.plugin('tianyuan-bench-stats').use(BenchStatsPlugin, [path.join(appDir, 'dist', `stats-${env}.json`)])
      }
    : resolveFromApp
  // Several H5 apps share one origin in the preview, each under its own base path.
  const h5Base = `/${appName}/`
  return {
    projectName: appName,
    date: '2026-11-28',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: path.join(appDir, 'dist', String(env)),
    plugins: [],
    defineConstants: {
      // A mini-program needs an absolute https URL; the H5 preview calls its own origin.
      API_BASE: JSON.stringify(process.env.TIANYUAN_API_BASE ?? (env === 'h5' ? '' : 'https://api.tianyuan.example')),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [workspacePackages] },
      webpackChain: miniChain,
      // Every stylesheet scopes its own classes (ty-btn, ty-price, dc, chat…), so the order in
      // which pages pull @tianyuan/ui's component styles into a shared chunk changes nothing;
      // without this, webpack warns "Conflicting order" for each such pair (as on H5 below).
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      compile: { include: [workspacePackages] },
      webpackChain: resolveFromApp,
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

module.exports = { createTaroConfig }
