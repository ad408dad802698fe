// Pieces every Jest project here shares. TypeScript is stripped by SWC (fast, no type
// check: `npm run typecheck` does that once for the whole workspace).
const swcTransform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', tsx: true },
        transform: { react: { runtime: 'automatic' } },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
}

// thumbhash ships only ES modules: let SWC turn it into CommonJS like our own code.
const transformIgnorePatterns = ['/node_modules/(?!\\.pnpm/thumbhash@|thumbhash/)']

module.exports = { swcTransform, transformIgnorePatterns, rootDir: __dirname }
