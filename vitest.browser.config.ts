import {defineConfig} from 'vitest/config'

// The browser tests: plan.html opened in a real headless Chromium (Debian's
// `chromium`, driven by playwright-core). Kept out of `npm test`, run by
// `npm run test:browser` and by .ci/run after the main suite.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
