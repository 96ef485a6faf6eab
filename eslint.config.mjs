// Lint exists mainly to keep the layers honest: imports only flow downward
// (shared ← electron, shared ← renderer; never across), checked rather than remembered.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'url', 'stream'];
const pattern = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-object-type': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts', 'shared/**/*.testkit.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['electron', ...nodeBuiltins], 'shared/ runs in the renderer and in Node: no Node or Electron APIs.'),
            pattern(['react', 'react-dom', 'react/*', 'lexical', '@lexical/*'], 'shared/ is UI-free domain logic.'),
            pattern(['**/renderer/**', '**/electron/**'], 'shared/ imports nothing above it.'),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['electron', ...nodeBuiltins], 'The renderer reaches its host only through the contract in shared/host.'),
            pattern(['**/electron/**'], 'The renderer never imports main-process code.'),
          ],
        },
      ],
    },
  },
  {
    // The quick-capture window is a replica of the host's store with no offline copy: it never
    // opens IndexedDB (README, "Quick capture"). Flat config replaces the rule per file, so the
    // renderer's own patterns are repeated here.
    files: ['renderer/capture/**/*.{ts,tsx}'],
    ignores: ['renderer/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['electron', ...nodeBuiltins], 'The renderer reaches its host only through the contract in shared/host.'),
            pattern(['**/electron/**'], 'The renderer never imports main-process code.'),
            pattern(
              ['y-indexeddb', 'y-indexeddb/*', '**/storage/guardedPersistence', '**/storage/resilientPersistence', '**/replica/cacheQuarantine', '**/search/indexStorage', '**/search/searchService', '**/migration/**'],
              'The capture window never opens IndexedDB: open docs with `offlineCache: false` (DocStore, openWorkspace).',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/services/**/*.ts', 'electron/host/**/*.ts', 'electron/webhost/**/*.ts', 'electron/storeProcess/**/*.ts'],
    // Tests may drive the real renderer-side client against the real host.
    ignores: ['electron/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['electron'], 'Services and hosts are plain Node so they run and test without Electron.'),
            pattern(['**/renderer/**'], 'Main-process code never imports the renderer.'),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [pattern(['**/renderer/**'], 'Main never imports the renderer.')] }],
    },
  },
);
