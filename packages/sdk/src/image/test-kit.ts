// Shared by the image suites (not shipped: nothing in index.ts imports it).
//
// thumbhash ships only ES modules and the root 'unit' Jest project does not transform
// node_modules (apps/api's project does: `transformIgnorePatterns`). Until the root config
// does the same, a suite mocks 'thumbhash' with the real module, compiled here by SWC:
//
//   jest.mock('thumbhash', () => jest.requireActual<typeof import('./test-kit')>('./test-kit').loadThumbhash())

/** Jest's CommonJS require, without pulling @types/node into a package that must not use it. */
declare const require: (id: string) => unknown

type Fs = { readFileSync(path: string, encoding: 'utf8'): string }
type Swc = { transformSync(code: string, options: object): { code: string } }
type Resolve = { resolve(id: string): string }

let loaded: typeof import('thumbhash') | undefined

export function loadThumbhash(): typeof import('thumbhash') {
  if (loaded) return loaded
  const file = (require as unknown as Resolve).resolve('thumbhash')
  const source = (require('fs') as Fs).readFileSync(file, 'utf8')
  const { code } = (require('@swc/core') as Swc).transformSync(source, { module: { type: 'commonjs' }, jsc: { target: 'es2022' }, filename: file })
  const module = { exports: {} as typeof import('thumbhash') }
  new Function('module', 'exports', 'require', code)(module, module.exports, require)
  loaded = module.exports
  return loaded
}
