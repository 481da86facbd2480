import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../server/test/helpers/chromium.js';

/*
 * End-to-end tests in Debian's Chromium (`npx playwright install` cannot download a browser
 * here), against the real server and a private Docker engine that global-setup.ts starts.
 */
export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  globalSetup: './support/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { outputFolder: './playwright-report', open: 'never' }]],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions,
    viewport: { width: 1440, height: 900 },
    screenshot: 'on',
    trace: 'retain-on-failure',
  },
});
