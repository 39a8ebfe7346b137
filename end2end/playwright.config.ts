// Rapport's browser tests: Debian's Chromium, at desktop size and on a 390×844 touch phone,
// against a server that Playwright starts with its own throwaway PostgreSQL.
import { defineConfig } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';

const port = Number(process.env.RAPPORT_E2E_PORT ?? 3180);
export const baseURL = `http://127.0.0.1:${port}`;
// The demo admin's session, written by tests/sign-in.setup.ts; one per server, so two runs
// on two ports (RAPPORT_E2E_PORT) keep apart.
export const ADMIN_STATE = path.join(__dirname, '.auth', `admin-${port}.json`);
// A new data folder per run: a fresh database with the demo pipeline.
const dataDir = path.join(os.tmpdir(), `rapport-e2e-${process.pid}-${Date.now()}`);

export default defineConfig({
  testDir: './tests',
  outputDir: `./test-results/${port}`,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: `playwright-report/${port}` }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  projects: [
    // Signs in as the demo admin once; the other projects start signed in (cookies only). A
    // test's `browser.newContext()` takes its project's options, this sign-in included.
    { name: 'sign-in', testMatch: /sign-in\.setup\.ts/ },
    {
      name: 'desktop',
      testMatch: /(shared|desktop)\.spec\.ts/,
      dependencies: ['sign-in'],
      use: { viewport: { width: 1366, height: 820 }, locale: 'en-US', storageState: ADMIN_STATE },
    },
    {
      name: 'phone',
      testMatch: /(shared|phone)\.spec\.ts/,
      dependencies: ['sign-in'],
      use: {
        storageState: ADMIN_STATE,
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'en-US',
      },
    },
    {
      // The smaller phone (360×740): the journeys the phone layout must carry there too.
      name: 'phone-small',
      testMatch: /(deal-page|contact-page|board-filters|board-columns|amounts|activity-calendar)\.shared\.spec\.ts/,
      dependencies: ['sign-in'],
      use: {
        storageState: ADMIN_STATE,
        viewport: { width: 360, height: 740 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'en-US',
      },
    },
  ],
  webServer: {
    // `./dev test` runs the tests against the release build, what people run (and quicker to
    // load: 6.6 MB of wasm rather than 30); by hand, the debug build `cargo leptos build` made.
    command: process.env.RAPPORT_E2E_SERVER ?? './target/debug/server',
    cwd: '..',
    url: `${baseURL}/signin`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    env: {
      RAPPORT_DATA_DIR: dataDir,
      RAPPORT_PORT: String(port),
      RAPPORT_ADDR: '127.0.0.1',
      RAPPORT_DEMO_SIZE: '60',
      RUST_LOG: 'info,sqlx=warn',
      // The smallest body limit allowed (twice a push's budget): the browser's pushes, cut by
      // size, must pass even at it.
      RAPPORT_MAX_BODY: String(2 * 1024 * 1024),
    },
  },
});
