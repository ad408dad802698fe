// Once before a Jest run of the sim project: the apps' serve-api.ts scripts (the real API in a
// child process per suite, ≈ 40 a run) bundled with esbuild, as the API's own test children are
// (apps/api/src/testing/child-bundle.ts): each then starts with `node <bundle>` instead of
// `node --import tsx <script>`, which transforms some 200 TypeScript modules in every child.
// Without a bundle (esbuild missing, a build error) the children run under tsx as before.
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.resolve(__dirname, '..', '..')
const MANIFEST_ENV = 'TIANYUAN_SIM_CHILD_BUNDLE'

module.exports = async function globalSetup() {
  const scripts = fs
    .readdirSync(path.join(ROOT, 'apps'))
    .map((app) => path.join(ROOT, 'apps', app, 'test', 'support', 'serve-api.ts'))
    .filter((file) => fs.existsSync(file))
  if (scripts.length === 0) return
  try {
    // TypeScript: Jest transforms what its global setup requires.
    const { bundleScripts } = require(path.join(ROOT, 'apps', 'api', 'src', 'testing', 'child-bundle.ts'))
    const outdir = await bundleScripts({
      entries: scripts,
      outbase: ROOT,
      prefix: 'sim-children-',
      // The scripts import the API by a variable (`const API_MODULE = '@tianyuan/api'`, so that
      // typechecking an app's tests leaves the API's sources alone); in the bundle it is the API itself.
      rewrite: (source) => {
        for (const [, name, specifier] of source.matchAll(/\bconst (\w+_MODULE) = '([^']+)'/g)) {
          source = source.replaceAll(`import(${name})`, `import(${JSON.stringify(specifier)})`)
        }
        return source
      },
    })
    const manifest = Object.fromEntries(scripts.map((script) => [script, path.join(outdir, path.relative(ROOT, script).replace(/\.ts$/, '.cjs'))]))
    fs.writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify(manifest))
    process.env[MANIFEST_ENV] = outdir
  } catch (error) {
    process.stderr.write(`\nsim: API children run under tsx (no bundle: ${error instanceof Error ? error.message : error})\n`)
  }
}
