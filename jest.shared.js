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

module.exports = { swcTransform, rootDir: __dirname }
