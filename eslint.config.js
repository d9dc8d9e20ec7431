// Lint for the whole repo: typescript-eslint for .ts, eslint-plugin-svelte for components, and the one
// architectural rule that keeps browser mode and the tests real: only the Electron edge files may import
// 'electron' (DESIGN.md §2). Type-only imports are erased at build time and stay allowed everywhere.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

/** The only files that may load Electron at run time. */
export const ELECTRON_EDGE_FILES = [
  'electron/main/index.ts',
  'electron/main/platform/**',
  'electron/main/rpc/ipc-transport.ts',
  'electron/preload/**',
];

const electronImport = {
  regex: '^electron(/.*)?$',
  message:
    "Only the Electron edge files (electron/main/index.ts, electron/main/platform/, electron/main/rpc/ipc-transport.ts, electron/preload/) may import 'electron': everything else must run under plain Node.",
  allowTypeImports: true,
};

export default defineConfig(
  { ignores: ['out/**', 'release/**', 'node_modules/**', 'test-results/**', 'coverage/**', 'dist/**', '.vite/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  svelte.configs.recommended,
  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    rules: {
      // TypeScript checks names; the core rule does not know Node/DOM globals without a globals list.
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      // Reported, not blocking: style findings that should not stop `npm test`.
      'no-useless-assignment': 'warn',
      '@typescript-eslint/no-unused-expressions': 'warn',
      // State classes keep big collections in $state.raw and replace them whole (STYLE.md); plain Map/Set is intended.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.{ts,mts,cts,js,mjs,cjs,svelte}'],
    ignores: ELECTRON_EDGE_FILES,
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [electronImport] }],
    },
  },
);
