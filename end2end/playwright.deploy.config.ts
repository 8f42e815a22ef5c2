import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The unpacked release behind nginx over https (deploy/test-deploy.sh starts both and sets
// DEPLOY_URL). The certificate is self-signed for 127.0.0.1, hence ignoreHTTPSErrors.
export default defineConfig({
  ...base,
  testDir: './deploy',
  workers: 1,
  webServer: undefined,
  use: { ...base.use, baseURL: process.env.DEPLOY_URL, ignoreHTTPSErrors: true },
});
