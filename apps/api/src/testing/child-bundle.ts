// The processes API tests start (testing/api-child.ts with the setup modules it loads, and
// lesson-media's transcode child) bundled once per Jest run into plain CommonJS with esbuild, so
// that each starts with `node <bundle>` instead of `node --import tsx <source>`: tsx resolves and
// transforms ~200 of our TypeScript modules in every child (2.1–2.8 CPU-s until an API child
// listens, against 1.0–1.5 from the bundle, measured under load). Only our own workspace code is bundled; packages from node_modules
// are required as usual (native modules, and packages that find files next to themselves, stay
// as they are). Without the bundle (esbuild missing, or a test run outside the api project's
// global setup) children run under tsx as before: see api-process.ts.
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

/** The environment variable naming the bundle's folder (set by global-setup, read by api-process). */
export const CHILD_BUNDLE_ENV = 'TIANYUAN_API_CHILD_BUNDLE'

const API_DIR = path.resolve(__dirname, '..', '..')

const SRC_DIR = path.resolve(__dirname, '..')

/** Bundled (paths under src/): the children tests start, and the modules a test names as ChildSettings.setup. */
const ENTRIES = ['testing/api-child.ts', 'testing/scheduler-child-setup.ts', 'modules/lesson-media/testing/transcode-child.ts']

interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ errors: unknown[] }>
}

/**
 * esbuild as tsx brings it (tsx is a dependency of this package and transforms with esbuild), so
 * the bundle is built by the same compiler that runs the sources under tsx.
 */
function loadEsbuild(): Esbuild {
  const fromApi = createRequire(path.join(API_DIR, 'package.json'))
  return createRequire(fromApi.resolve('tsx/package.json'))('esbuild') as Esbuild
}

/**
 * Builds the bundle into a new folder under apps/api/node_modules/.cache (inside the package, so
 * that the packages it requires resolve from apps/api as they do for the sources); resolves with
 * the folder.
 */
export function buildChildBundle(): Promise<string> {
  return bundleScripts({ entries: ENTRIES.map((file) => path.join(SRC_DIR, file)), outbase: SRC_DIR, prefix: 'api-test-children-' })
}

export interface BundleOptions {
  /** Absolute paths of the scripts to bundle (each becomes `<outdir>/<path under outbase>.cjs`). */
  entries: string[]
  outbase: string
  /** The new folder's name starts with this. */
  prefix: string
  /** A last edit of each of our modules' source before it is compiled (e.g. a variable import made literal). */
  rewrite?: (source: string, file: string) => string
}

/**
 * The same for other scripts that start the API (the simulator suites' serve-api.ts, tools/sim):
 * our workspace code bundled, node_modules required from apps/api as the sources would.
 */
export async function bundleScripts({ entries, outbase, prefix, rewrite }: BundleOptions): Promise<string> {
  const esbuild = loadEsbuild()
  const cache = path.join(API_DIR, 'node_modules', '.cache')
  fs.mkdirSync(cache, { recursive: true })
  const outdir = fs.mkdtempSync(path.join(cache, prefix))
  await esbuild.build({
    entryPoints: entries,
    outdir,
    outbase,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'error',
    plugins: [
      {
        name: 'node-modules-stay-external',
        setup(build: { onResolve(options: { filter: RegExp }, callback: (args: { path: string }) => { external: boolean } | undefined): void }) {
          // Bare imports other than our workspace packages (whose `main` is TypeScript source).
          build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@tianyuan/') ? undefined : { external: true }))
        },
      },
      {
        name: 'each-module-as-if-run-alone',
        setup(build: { onLoad(options: { filter: RegExp }, callback: (args: { path: string }) => { contents: string; loader: string } | undefined): void }) {
          build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
            if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined
            let source = fs.readFileSync(args.path, 'utf8')
            const original = source
            // Our modules find files next to themselves (config's REPO_ROOT, the seeds' photos):
            // give each its own source folder, not the bundle's.
            if (/\b__(?:dirname|filename)\b/.test(source)) source = `var __dirname = ${JSON.stringify(path.dirname(args.path))}; var __filename = ${JSON.stringify(args.path)};\n${source}`
            // server.ts starts a server when run as the main module; in the bundle every module
            // shares the bundle's `module`, which is the main one (the entries never ask).
            source = source.replace(/\brequire\.main === module\b/g, 'false')
            if (rewrite) source = rewrite(source, args.path)
            if (source === original) return undefined
            return { contents: source, loader: path.extname(args.path).slice(1).replace(/^[cm]/, '') }
          })
        },
      },
    ],
  })
  return outdir
}

/** The bundled form of `source` (a .ts file of ENTRIES) when this run has a bundle, else undefined. */
export function bundled(source: string): string | undefined {
  const dir = process.env[CHILD_BUNDLE_ENV]
  const entry = path.relative(SRC_DIR, source).split(path.sep).join('/')
  if (!dir || !ENTRIES.includes(entry)) return undefined
  const file = path.join(dir, entry.replace(/\.ts$/, '.cjs'))
  return fs.existsSync(file) ? file : undefined
}

/** Node's arguments to run `source` (a child's .ts entry): its bundle when there is one, else under tsx. */
export function childArgs(source: string): string[] {
  const bundle = bundled(source)
  return bundle ? ['--enable-source-maps', bundle] : ['--import', 'tsx', source]
}

/** After the run. */
export function removeChildBundle(): void {
  removeBundle(process.env[CHILD_BUNDLE_ENV])
}

/** Removes a folder bundleScripts made (and nothing else: it must sit in the .cache folder). */
export function removeBundle(dir: string | undefined): void {
  if (dir && path.basename(path.dirname(dir)) === '.cache') fs.rmSync(dir, { recursive: true, force: true })
}
