// On a desktop every column of the pipeline is in view at 1366 px, its stage's name whole (a
// phone shows a column at a time).
import { expect, test } from '@playwright/test';
import { openBoard } from './helpers';

test('every column of the pipeline is in view at 1366 px, its name whole', async ({ page }) => {
  await openBoard(page);
  const columns = page.getByTestId('column');
  const n = await columns.count();
  expect(n).toBeGreaterThanOrEqual(6);
  for (let i = 0; i < n; i++) {
    const box = (await columns.nth(i).boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1366);
    // The stage's name is not cut: its box holds its text.
    const name = columns.nth(i).locator('.stage-name');
    const cut = await name.evaluate((e) => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1);
    expect(cut, await name.innerText()).toBe(false);
  }
  await page.screenshot({ path: 'screenshots/board-seven-columns-desktop.png' });
});
