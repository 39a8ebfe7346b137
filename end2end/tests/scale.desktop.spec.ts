// The promise at size: an organisation of 100,000 deals with 200,000 contacts and 500,000
// activities, signed in as its admin. 20,000 deals are open or closed this year; 80,000 closed
// one to four years ago, with their people, companies and activities. The first sync completes
// and is said to (it holds what a browser keeps: the 20,000 and what hangs on them), a change
// made afterwards reaches the server, the board opens from the browser's copy with the network
// cut, and an old deal opens by its address: from the server online, with a plain word offline.
// (Before the copy moved to IndexedDB, the browser died saving 50,000 deals and then dropped new
// work silently.)
//
// This test runs its own server on its own database: the organisation is made by the server's
// demo at start, in bulk, not through the UI.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
const DEMO_PASSWORD = 'rapport-demo';
import { card, keptForOffline, ownServer, quickCreate, totalCount, unique, waitSynced } from './helpers';

/** Every deal the browser holds: the board's column counts, the lost ones and the leads. */
async function everyDeal(page: Page): Promise<number> {
  const onBoard = await totalCount(page);
  const lost = Number(((await page.getByTestId('lost-button').textContent()) ?? '').replace(/\D/g, ''));
  const leads = Number((await page.getByTestId('lead-count').getAttribute('data-count')) ?? 0);
  return onBoard + lost + leads;
}

/** Open or closed this year: what a browser keeps. */
const DEALS = 20_000;
/** Closed one to four years ago: on the server only. */
const PAST = 80_000;

/** A question to the test server's own PostgreSQL (through its socket in the data folder). */
function sql(query: string): string {
  const versions = readdirSync('/usr/lib/postgresql').sort();
  const psql = `/usr/lib/postgresql/${versions[versions.length - 1]}/bin/psql`;
  return execFileSync(psql, ['-h', dataDir, '-U', 'rapport', '-d', 'rapport', '-Atc', query], {
    encoding: 'utf8',
  }).trim();
}
const port = Number(process.env.RAPPORT_E2E_PORT ?? 3180) + 7;
const base = `http://127.0.0.1:${port}`;

let dataDir = '';
let stop: (() => Promise<void>) | undefined;

test.beforeAll(async () => {
  test.setTimeout(600_000);
  ({ dataDir, stop } = await ownServer(port, 'rapport-scale-', {
    RAPPORT_DEMO_SIZE: String(DEALS),
    RAPPORT_DEMO_PAST: String(PAST),
  }));
});

test.afterAll(async () => {
  await stop?.();
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

test('100,000 deals, 200,000 contacts, 500,000 activities: the first sync completes, new work reaches the server, the board opens offline, an old deal opens by its address', async ({ browser }) => {
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

  const counts = sql(
    "SELECT (SELECT count(*) FROM opportunities) || ' ' || (SELECT count(*) FROM records WHERE kind = 'contact') || ' ' || (SELECT count(*) FROM records WHERE kind = 'activity')",
  );
  const [deals, contacts, activities] = counts.split(' ').map(Number);
  expect(deals).toBe(DEALS + PAST);
  expect(contacts).toBeGreaterThanOrEqual(200_000);
  expect(activities).toBeGreaterThanOrEqual(500_000);

  const title = unique('Made at 100,000');
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

  // A deal closed years ago is not kept here, and says so plainly offline...
  const [oldId, otherOldId] = sql(
    "SELECT id FROM opportunities WHERE closed_on < now() - interval '2 years' ORDER BY id LIMIT 2",
  ).split('\n');
  const oldTitle = sql(`SELECT title FROM opportunities WHERE id = '${oldId}'`);
  await page.goto(`/deals/${oldId}`);
  await expect(page.getByTestId('not-kept')).toContainText('not kept on this device');
  await expect(page.getByTestId('fetch-again')).toBeVisible();
  // ...and opens from the server once online, with its history, on Try again.
  await context.setOffline(false);
  await page.getByTestId('fetch-again').click();
  await expect(page.getByTestId('editor').locator('input[name=title]')).toHaveValue(oldTitle);
  // Opened by its address while online, another comes from the server at once.
  await page.goto(`/deals/${otherOldId}`);
  await expect(page.getByTestId('editor').locator('input[name=title]')).toHaveValue(
    sql(`SELECT title FROM opportunities WHERE id = '${otherOldId}'`),
  );
  // An address that is no record of this organisation says so, after asking the server.
  await page.goto('/deals/01234567-89ab-7def-8123-456789abcdef');
  await expect(page.getByTestId('missing')).toContainText('does not exist');
  expect(problems).toEqual([]);
  await context.close();
});
