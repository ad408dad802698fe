// Pieces every Jest project here shares. TypeScript is stripped by SWC (fast, no type
// check: `npm run typecheck` does that once for the whole workspace).
const swcTransform = {
  // .mjs too: srvx (under @tus/server) ships .mjs files.
  '^.+\\.(?:(t|j)sx?|mjs)$': [
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

// thumbhash, @tus/* (the lesson uploads) and srvx (@tus/server's Request adapter) ship only ES
// modules: let SWC turn them into CommonJS like our own code. (Node 20.19+ loads them at run time.)
const transformIgnorePatterns = ['/node_modules/(?!\\.pnpm/(?:thumbhash|@tus\\+[a-z-]+|srvx)@|thumbhash/|@tus/|srvx/)']

module.exports = { swcTransform, transformIgnorePatterns, rootDir: __dirname }
