// On a phone: the board scrolls sideways with a swipe, and a long press then a drag moves a
// card to another stage, which survives a reload.
import { expect, test } from '@playwright/test';
import { card, column, columnOf, openBoard, quickCreate, touchDrag, unique, waitSynced } from './helpers';

test('a long press and a drag moves a card to the next stage by touch', async ({ page }, testInfo) => {
  await openBoard(page);
  const title = unique('Touch');
  await quickCreate(page, 0, title, 'Pho 24', '3000000');
  await waitSynced(page);
  await column(page, 0).getByRole('button', { name: 'Cancel' }).click();

  const from = await card(page, title).boundingBox();
  const next = await column(page, 1).boundingBox();
  if (!from || !next) throw new Error('layout');
  // The next column peeks in at the right edge of the phone.
  const target = { x: next.x + 12, y: from.y + from.height / 2 };
  expect(target.x).toBeLessThan(390);
  await touchDrag(page, { x: from.x + 40, y: from.y + from.height / 2 }, target, 450);

  expect(await columnOf(page, title)).toBe(1);
  await waitSynced(page);
  await page.screenshot({ path: testInfo.outputPath('board-phone-after-drag.png') });
  await page.reload();
  await expect(card(page, title)).toBeAttached();
  expect(await columnOf(page, title)).toBe(1);
});

test('a quick swipe scrolls the board instead of dragging a card', async ({ page }) => {
  await openBoard(page);
  const first = column(page, 0).getByTestId('card').first();
  const id = await first.getAttribute('data-id');
  const box = await first.boundingBox();
  if (!box) throw new Error('layout');
  const board = page.getByTestId('board');
  const before = await board.evaluate((b) => b.scrollLeft);
  await touchDrag(page, { x: box.x + box.width - 20, y: box.y + box.height / 2 }, { x: box.x + 10, y: box.y + box.height / 2 }, 0);
  await expect.poll(() => board.evaluate((b) => b.scrollLeft)).toBeGreaterThan(before + 50);
  // The card stays where it was (its title may be another card's too: found by its id).
  await expect(column(page, 0).locator(`[data-testid=card][data-id="${id}"]`)).toHaveCount(1);
});
