// A long outbox of long texts (about 3 MB, over what one request may carry) drains: the browser
// sends it in pushes cut by size, and every change reaches the server once.
import { expect, test } from '@playwright/test';
import { openBoard, waitSynced } from './helpers';

test('an outbox of about 3 MB written offline drains when the network returns', async ({ page, context, browser }) => {
  test.setTimeout(120_000);
  await openBoard(page);
  const ids = await page.getByTestId('card').evaluateAll((cards) => cards.slice(0, 10).map((c) => c.getAttribute('data-id')));
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
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('rapport.outbox.')).length);
  expect(left).toBe(0);

  // Another browser has the last description of each deal.
  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto(`/deals/${ids[3]}`);
  await waitSynced(fresh);
  await expect(fresh.getByTestId('editor').locator('textarea[name=description]')).toHaveValue(/ệ+ 49$/);
  await other.close();
});
