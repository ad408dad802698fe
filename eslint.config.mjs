import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '.pnpm-store/**', '.tools/**', '**/coverage/**', '**/test-results/**', 'data/**', '**/data/**', 'bench/results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: {
      globals: { ...globals.browser, defineAppConfig: 'readonly', definePageConfig: 'readonly', wx: 'readonly' },
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `any` needs a comment saying why (ground rule 3): the disable comment is that place.
      '@typescript-eslint/no-explicit-any': 'error',
      // The H5 build strips the weui icon font that Taro's <Icon> draws with (tools/taro-config,
      // strip-weui-font-loader.js: 6 KB of every first screen): on H5 it would show nothing.
      'no-restricted-imports': ['error', { paths: [{ name: '@tarojs/components', importNames: ['Icon'], message: 'Taro <Icon> draws with the weui font, which the H5 build leaves out (tools/taro-config/strip-weui-font-loader.js): use an image or text.' }] }],
    },
  },
  {
    files: ['**/*.test.{ts,tsx}', '**/test/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.jest, ...globals.node } },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.jest, ...globals.browser, wx: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)
