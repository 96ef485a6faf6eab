import { defineConfig } from 'vitest/config';

// Vitest never reads electron.vite.config.ts; e2e/ belongs to Playwright.
export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'out/**'],
    environment: 'node',
    testTimeout: 20000,
  },
});
