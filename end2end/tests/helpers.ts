// Shared steps of Rapport's browser tests.
import { type Browser, expect, type Locator, type Page, test } from '@playwright/test';


/** Opens the board and waits until it is rendered and in step with the server. */
export async function openBoard(page: Page) {
  await page.goto('/');
  // A fresh browser context loads the whole app first: slower while the other run's browser
  // shares the machine (its speed is measured by `./dev bench`, not here).
  await expect(page.getByTestId('column').first()).toBeVisible({ timeout: 30_000 });
  await waitSynced(page);
}

/** Waits until this browser keeps Rapport for offline use, as for anyone who used it once before
 * going offline: the service worker serves this tab and keeps the app, every page's piece of it. */
export async function keptForOffline(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null || location.reload());
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // ...and every piece of the app loaded on first use (kept at install).
  await page.waitForFunction(async () => {
    const manifest = await (await fetch('/pkg/__wasm_split_manifest.json')).json();
    const pieces = [...new Set(Object.values(manifest).flat() as string[])];
    const kept = await Promise.all(pieces.map((p) => caches.match(`/pkg/${p}.wasm`)));
    return kept.every((k) => k !== undefined);
  });
}

/** Opens the board in a language (its tag, as the language picker sets it) and waits until it is
 * in step with the server (`online`: the status in that language). */
export async function openIn(page: Page, tag: string, online: string) {
  const url = new URL(page.url() === 'about:blank' ? (test.info().config.projects[0].use.baseURL ?? '') : page.url()).origin;
  await page.context().addCookies([{ name: 'rapport_lang', value: tag, url }]);
  await page.goto('/');
  await expect(page.getByTestId('column').first()).toBeVisible();
  await expect(page.getByTestId('sync-status')).toHaveText(online);
}

/** Opens a page from the navigation: on a phone the pages past the bar's four are under "More". */
export async function showTab(page: Page, name: string) {
  const tab = page.getByTestId(`show-${name}`);
  if (!(await tab.isVisible())) await page.getByTestId('nav-more').click();
  await tab.click();
}

/** Opens a page's form for a new record: on a phone it waits behind its button. */
export async function openNewRecord(page: Page, button: string) {
  const open = page.getByTestId(button).first();
  await expect(open).toBeAttached();
  if ((await open.isVisible()) && (await open.getAttribute('aria-expanded')) !== 'true') await open.click();
}

/** Opens the account menu (who is signed in, the language, the calendar, sign out). */
export async function openAccountMenu(page: Page) {
  if (!(await page.getByTestId('account-menu').isVisible())) await page.getByTestId('account-button').click();
  await expect(page.getByTestId('account-menu')).toBeVisible();
}

/** Chooses the language in the account menu (it closes on the choice). */
export async function chooseLanguage(page: Page, tag: string) {
  await openAccountMenu(page);
  await page.getByTestId('language').selectOption(tag);
  await expect(page.getByTestId('account-menu')).toBeHidden();
}

/** Chooses the calendar in the account menu (it closes on the choice). */
export async function chooseCalendar(page: Page, code: string) {
  await openAccountMenu(page);
  await page.getByTestId('calendar').selectOption(code);
  await expect(page.getByTestId('account-menu')).toBeHidden();
}

/** Signs out from the account menu. */
export async function signOut(page: Page) {
  await openAccountMenu(page);
  await page.getByTestId('sign-out').click();
}

/** Waits until every local change has reached the server and come back. */
export async function waitSynced(page: Page) {
  await expect(page.getByTestId('sync-status')).toHaveText(/^(Up to date|Đã đồng bộ)$/);
}

export function column(page: Page, index: number): Locator {
  return page.getByTestId('column').nth(index);
}

export function card(page: Page, title: string): Locator {
  return page.getByTestId('card').filter({ hasText: title });
}

/** The index of the column the card with this title is in. */
export async function columnOf(page: Page, title: string): Promise<number> {
  const stageId = await card(page, title).locator('xpath=ancestor::section[@data-stage-id]').getAttribute('data-stage-id');
  const ids = await page.getByTestId('column').evaluateAll((cols) => cols.map((c) => c.getAttribute('data-stage-id')));
  return ids.indexOf(stageId);
}

/** Creates an opportunity through a column's quick-create form. */
export async function quickCreate(page: Page, columnIndex: number, title: string, customer: string, revenue: string) {
  const col = column(page, columnIndex);
  await col.getByTestId('quick-create').click();
  const form = col.getByTestId('quick-create-form');
  await form.locator('input[name=title]').fill(title);
  await form.locator('input[name=customer]').fill(customer);
  await form.locator('input[name=revenue]').fill(revenue);
  await form.locator('button[type=submit]').click();
}

/** Drags with the mouse: press on the card, move past the drag threshold, then to `to`. */
export async function mouseDrag(page: Page, from: Locator, to: { x: number; y: number }) {
  const box = await from.boundingBox();
  if (!box) throw new Error('the card to drag is not visible');
  await page.mouse.move(box.x + box.width / 2, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 10, box.y + 20, { steps: 2 });
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.mouse.up();
}

export function unique(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** The sum of the numbers shown in the column headers: every card on the board. */
export async function totalCount(page: Page): Promise<number> {
  const counts = await page.getByTestId('count').allInnerTexts();
  // Counts are grouped as the locale writes them ("1,234").
  return counts.reduce((sum, c) => sum + Number(c.replace(/\D/g, '')), 0);
}

/** The number shown in a column header. */
export async function countOf(page: Page, columnIndex: number): Promise<number> {
  return Number((await column(page, columnIndex).getByTestId('count').innerText()).replace(/\D/g, ''));
}

/** The index of the board column of the stage whose name starts with `name`. */
export async function stageIndex(page: Page, name: string): Promise<number> {
  const names = await page.getByTestId('column').locator('.stage-name').allInnerTexts();
  const index = names.findIndex((n) => n.trim().startsWith(name));
  if (index < 0) throw new Error(`no column named ${name} among ${names.join(', ')}`);
  return index;
}

/** A real touch sequence through Chromium's input pipeline: a long press, then a drag. */
export async function touchDrag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, press = 450) {
  const cdp = await page.context().newCDPSession(page);
  const touch = (type: string, p?: { x: number; y: number }) =>
    cdp.send('Input.dispatchTouchEvent', { type, touchPoints: p ? [{ x: p.x, y: p.y }] : [] });
  await touch('touchStart', from);
  await page.waitForTimeout(press);
  for (let i = 1; i <= 12; i++) {
    await touch('touchMove', { x: from.x + ((to.x - from.x) * i) / 12, y: from.y + ((to.y - from.y) * i) / 12 });
    await page.waitForTimeout(16);
  }
  await touch('touchEnd');
  await cdp.detach();
}

export const PASSWORD = 'rapport-demo';

/** A browser signed in as this demo person (starting with no cookie: a sign-in over the
 * admin's would end the admin's session, which the other tests share), on the test server or
 * on `baseURL`'s. */
export async function signedIn(browser: Browser, email: string, baseURL?: string) {
  const context = await browser.newContext({ ...(baseURL ? { baseURL } : {}), storageState: { cookies: [], origins: [] } });
  const answer = await context.request.post('/signin', { form: { email, password: PASSWORD }, maxRedirects: 0 });
  expect(answer.status()).toBe(303);
  return context;
}

/** A Rapport server of a test's own, on `port`, with its own private PostgreSQL in a new folder
 * (`env`: the demo's size and the like): for a test whose organisation the other tests must not
 * share. Started and waited for; `stop` ends it (at once after ten seconds) and removes its
 * folder. It runs the binary the other tests run against (./dev test: the release build). */
export async function ownServer(port: number, folder: string, env: Record<string, string>) {
  const { spawn } = await import('node:child_process');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), folder));
  const root = path.join(__dirname, '..', '..');
  const binary = path.resolve(root, process.env.RAPPORT_E2E_SERVER ?? 'target/debug/server');
  const server = spawn(binary, [], {
    env: { ...process.env, RAPPORT_DATA_DIR: dataDir, RAPPORT_PORT: String(port), RAPPORT_ADDR: '127.0.0.1', RUST_LOG: 'warn', ...env },
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server stopped: ${server.exitCode}`);
    const up = await fetch(`${base}/signin`).then((r) => r.ok).catch(() => false);
    if (up) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = async () => {
    if (server.exitCode === null) {
      const stopped = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
      await stopped;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { base, dataDir, stop };
}

/** Shows a page's file actions (export, import, duplicates): behind "⋯" on a phone. */
export async function openTools(page: Page) {
  await expect(page.getByTestId('page-tools').first()).toBeAttached();
  const toggle = page.locator('[data-testid=page-tools]:visible').first();
  if ((await toggle.count()) > 0 && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}
