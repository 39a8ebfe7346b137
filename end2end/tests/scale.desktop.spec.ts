// The promise at size: an organisation of 50,000 deals, signed in as its admin. The first sync
// completes and is said to, a change made afterwards reaches the server, and the board opens
// from the browser's copy with the network cut. (Before the copy moved to IndexedDB, the
// browser died saving it at this size and then dropped new work silently.)
//
// This test runs its own server on its own database: the 50,000 deals are made by the server's
// demo at start, in bulk, not through the UI.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
const DEMO_PASSWORD = 'rapport-demo';
import { card, keptForOffline, quickCreate, totalCount, unique, waitSynced } from './helpers';

/** Every deal the browser holds: the board's column counts, the lost ones and the leads. */
async function everyDeal(page: Page): Promise<number> {
  const onBoard = await totalCount(page);
  const lost = Number(((await page.getByTestId('lost-button').textContent()) ?? '').replace(/\D/g, ''));
  const leads = Number((await page.getByTestId('lead-count').getAttribute('data-count')) ?? 0);
  return onBoard + lost + leads;
}

const DEALS = 50_000;
const port = Number(process.env.RAPPORT_E2E_PORT ?? 3180) + 7;
const base = `http://127.0.0.1:${port}`;

let server: ChildProcess | undefined;
let dataDir = '';

test.beforeAll(async () => {
  test.setTimeout(600_000);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'rapport-scale-'));
  server = spawn(path.join(__dirname, '..', '..', 'target', 'debug', 'server'), [], {
    env: {
      ...process.env,
      RAPPORT_DATA_DIR: dataDir,
      RAPPORT_PORT: String(port),
      RAPPORT_ADDR: '127.0.0.1',
      RAPPORT_DEMO_SIZE: String(DEALS),
      RUST_LOG: 'warn',
    },
    cwd: path.join(__dirname, '..', '..'),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server stopped: ${server.exitCode}`);
    const up = await fetch(`${base}/signin`).then((r) => r.ok).catch(() => false);
    if (up) break;
    await new Promise((r) => setTimeout(r, 250));
  }
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const stopped = new Promise((r) => server?.once('exit', r));
    server.kill('SIGTERM');
    await stopped;
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function signedIn(browser: Browser) {
  const context = await browser.newContext({ baseURL: base });
  // Cookies do not tell ports apart: the main test server's session goes first.
  await context.clearCookies();
  const answer = await context.request.post('/signin', {
    form: { email: 'trang@demo.rapport', password: DEMO_PASSWORD },
    maxRedirects: 0,
  });
  expect(answer.status()).toBe(303);
  return context;
}

test('50,000 deals: the first sync completes, new work reaches the server, the board opens offline', async ({ browser }) => {
  test.setTimeout(600_000);
  const context = await signedIn(browser);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /panicked|RefCell/.test(m.text())) problems.push(m.text());
  });
  await page.goto('/');
  await expect(page.getByTestId('sync-status')).toHaveText('Up to date', { timeout: 300_000 });
  await expect.poll(() => everyDeal(page), { timeout: 60_000 }).toBe(DEALS);

  const title = unique('Made at 50,000');
  await quickCreate(page, 0, title, 'Công ty Cổ phần Hưng Thịnh', '1500000');
  await expect(card(page, title)).toBeVisible();
  await waitSynced(page);
  await expect(page.getByTestId('sync-status')).not.toContainText('waiting');

  // The copy is saved (no notice says otherwise), and the board opens from it offline.
  await expect(page.getByTestId('notice')).toHaveCount(0);
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem('rapport.saved')), { timeout: 120_000 })
    .not.toBeNull();
  await keptForOffline(page);
  await context.setOffline(true);
  await page.reload();
  await expect.poll(() => everyDeal(page), { timeout: 120_000 }).toBe(DEALS + 1);
  await expect(card(page, title)).toBeVisible();
  expect(problems).toEqual([]);
  await context.close();
});
