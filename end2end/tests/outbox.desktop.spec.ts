// A long outbox of long texts (about 3 MB, over what one request may carry) drains: the browser
// sends it in pushes cut by size, and every change reaches the server once. A busy server is
// said to be busy, not offline.
import { expect, test } from '@playwright/test';
import { card, keptForOffline, openBoard, quickCreate, unique, waitSynced } from './helpers';

test('an outbox of about 3 MB written offline drains when the network returns', async ({ page, context, browser }) => {
  test.setTimeout(120_000);
  await openBoard(page);
  const ids = await page.getByTestId('card').evaluateAll((cards) => cards.slice(0, 10).map((c) => c.getAttribute('data-id')));
  await keptForOffline(page);
  await context.setOffline(true);
  const total = await page.evaluate((ids) => {
    const client = crypto.randomUUID();
    const long = 'ệ'.repeat(1900);
    let n = 0;
    let bytes = 0;
    for (let round = 0; round < 50; round++) {
      for (const id of ids) {
        n += 1;
        const entry = JSON.stringify({
          client_id: client,
          mutation_id: n,
          mutation: { type: 'SetOpportunityFields', id, fields: { description: `${long} ${round}` }, base_version: 0 },
          on: null,
        });
        bytes += new TextEncoder().encode(entry).length;
        localStorage.setItem(`rapport.outbox.${client}.${String(n).padStart(12, '0')}`, entry);
      }
    }
    return { n, bytes };
  }, ids);
  expect(total.n).toBe(500);
  expect(total.bytes).toBeGreaterThan(2.5 * 1024 * 1024);

  await page.reload();
  await expect(page.getByTestId('sync-status')).toContainText('500 changes waiting');
  await context.setOffline(false);
  await expect(page.getByTestId('sync-status')).toHaveText('Up to date', { timeout: 60_000 });
  // Each entry leaves the browser's storage once the copy holding its change is saved (a
  // moment after the server confirmed it, so nothing is lost if the tab closes between).
  const left = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('rapport.outbox.')).length);
  await expect.poll(left, { timeout: 30_000 }).toBe(0);

  // Another browser has the last description of each deal.
  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto(`/deals/${ids[3]}`);
  await waitSynced(fresh);
  await expect(fresh.getByTestId('editor').locator('textarea[name=description]')).toHaveValue(/ệ+ 49$/);
  await other.close();
});

test('a server that answers "too many" is said to be busy, not offline, and the change goes once it takes it', async ({ page }) => {
  await openBoard(page);
  await page.route('**/api/push', (route) =>
    route.fulfill({ status: 429, contentType: 'text/plain', body: 'ServerError|too many changes at once: try again shortly' }),
  );
  const title = unique('Sent when the server has room');
  await quickCreate(page, 0, title, 'Cần Thơ Seafood', '300000');
  await expect(page.getByTestId('sync-status')).toContainText('Server busy, retrying');
  await expect(page.getByTestId('sync-status')).toContainText('1 changes waiting');
  await expect(page.getByTestId('sync-status')).not.toContainText('Offline');
  await expect(page.getByTestId('notice')).toContainText('too many changes at once');
  await expect(page.getByTestId('notice')).not.toContainText('ServerError');
  await page.screenshot({ path: 'screenshots/server-busy-desktop.png' });
  await page.unroute('**/api/push');
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await waitSynced(page);
  await expect(card(page, title)).toBeVisible();
  // Over once the server takes changes again.
  await expect(page.getByTestId('notice')).toHaveCount(0);
});
