// The board grouped by another field than the stage (#15 item 3, as Odoo's pipeline grouped by
// salesperson): a column per value; a card dragged to another column takes its value and keeps
// its stage; the grouping is in the address, so a view keeps it and a reload shows it again.
import { expect, test } from '@playwright/test';
import { card, column, columnOf, mouseDrag, openBoard, quickCreate, stageIndex, unique, waitSynced } from './helpers';

test('the board grouped by priority: a card dragged to the two-star column gets two stars, in its stage', async ({ page }) => {
  await openBoard(page);
  const title = unique('Grouped');
  const proposition = await stageIndex(page, 'Proposition');
  await quickCreate(page, proposition, title, 'Công ty Ánh Dương', '70000000');
  await expect(card(page, title)).toBeVisible();
  await waitSynced(page);

  const total = async () => {
    const counts = await page.getByTestId('column').getByTestId('count').allTextContents();
    return counts.map((c) => Number(c.replace(/\D/g, ''))).reduce((a, b) => a + b, 0);
  };
  const byStage = await total();

  await page.getByTestId('board-group').selectOption('priority');
  await expect(page).toHaveURL(/group=priority/);
  const names = page.getByTestId('column').locator('.stage-name');
  await expect(names).toHaveText(['—', '★', '★★', '★★★']);
  // The columns hold every stage's deals: together, the whole board.
  expect(await total()).toBe(byStage);
  // A new deal is made in a stage: no quick create in these columns.
  await expect(page.getByTestId('quick-create')).toHaveCount(0);
  // Narrowed to the new deal, so its card is in sight in its column of many.
  await page.getByTestId('board-search').fill(title.split(' ').pop()!);
  await expect(page.getByTestId('card')).toHaveCount(1);
  expect(await columnOf(page, title)).toBe(0);

  const target = await column(page, 2).boundingBox();
  if (!target) throw new Error('no two-star column');
  await mouseDrag(page, card(page, title), { x: target.x + target.width / 2, y: target.y + 120 });
  await expect.poll(() => columnOf(page, title)).toBe(2);
  await expect(card(page, title).locator('.stars')).toHaveAttribute('data-priority', '2');
  await page.screenshot({ path: 'screenshots/board-grouped-desktop.png' });
  await waitSynced(page);
  await page.reload();
  await expect(page.getByTestId('column').locator('.stage-name')).toHaveText(['—', '★', '★★', '★★★']);
  await expect.poll(() => columnOf(page, title)).toBe(2);

  // By stage again: the deal is where it was, with its two stars.
  await page.getByTestId('board-group').selectOption('');
  await expect(page).not.toHaveURL(/group=/);
  await expect.poll(() => columnOf(page, title)).toBe(proposition);
  await expect(card(page, title).locator('.stars')).toHaveAttribute('data-priority', '2');

  // By salesperson: a column each, the deals of nobody last; the new deal in its maker's.
  await page.getByTestId('board-group').selectOption('salesperson');
  await expect(page.getByTestId('column').last().locator('.stage-name')).toHaveText('— nobody —');
  await expect(card(page, title)).toBeAttached();
  const mine = await card(page, title).locator('xpath=ancestor::section[@data-stage-id]').locator('.stage-name').textContent();
  expect(mine).not.toBe('— nobody —');
});
