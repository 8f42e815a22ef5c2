import { defineConfig } from '@playwright/test';

// The release server, started on its own port with a fresh database by serve.sh.
const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${port}`;
// Passkeys need a host name (browsers refuse WebAuthn on an IP address): a second server,
// whose PUBLIC_ORIGIN is localhost, for their tests.
const passkeyPort = port + 1;
const passkeyURL = `http://localhost:${passkeyPort}`;
// A real OpenID provider (providers/oidc-provider.mjs) that serve.sh configures as `corp`.
export const providerURL = `http://127.0.0.1:${port + 2}`;

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  // Two cores, shared with the server: more workers only add contention.
  workers: 2,
  retries: 0,
  reporter: [['list']],
  outputDir: '.artifacts/test-results',
  use: {
    baseURL,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium: Playwright must never download a browser here.
      executablePath: '/usr/bin/chromium',
      // Without the background-networking flags, Chromium's calls home are refused by this
      // machine's closed network, many at a time.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'main', testIgnore: /passkeys\.spec\.ts/ },
    { name: 'passkeys', testMatch: /passkeys\.spec\.ts/, use: { baseURL: passkeyURL } },
  ],
  webServer: [
    {
      command: `OIDC_PROVIDER_PORT=${port + 2} ./serve.sh ${port}`,
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command:
        `node providers/oidc-provider.mjs --until-stopped --port ${port + 2} --client-id latch-e2e ` +
        `--client-secret latch-e2e-secret --redirect-uri ${baseURL}/auth/oidc/corp/callback`,
      url: `${providerURL}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'ignore',
    },
    {
      command: `./serve.sh ${passkeyPort} ${passkeyURL}`,
      url: `http://127.0.0.1:${passkeyPort}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
