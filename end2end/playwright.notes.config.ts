import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// Notes (examples/notes), the product built on the library: its release build on SQLite and
// on PostgreSQL side by side, the same specs against each. Run under scripts/with-postgres.sh.
const sqlitePort = Number(process.env.NOTES_E2E_PORT ?? 3200);
const postgresPort = sqlitePort + 1;
const server = (port: number, engine: string) => ({
  command: `../examples/notes/serve.sh ${port} ${engine}`,
  url: `http://127.0.0.1:${port}/healthz`,
  reuseExistingServer: false,
  timeout: 60_000,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
});

export default defineConfig({
  ...base,
  testDir: './notes',
  outputDir: '.artifacts/notes-results',
  projects: [
    { name: 'notes-sqlite', use: { baseURL: `http://127.0.0.1:${sqlitePort}` } },
    { name: 'notes-postgres', use: { baseURL: `http://127.0.0.1:${postgresPort}` } },
  ],
  webServer: [server(sqlitePort, 'sqlite'), server(postgresPort, 'postgres')],
});
