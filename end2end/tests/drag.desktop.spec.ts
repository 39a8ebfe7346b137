// Dragging with the mouse: to another stage, and to another place in the same column; the
// move shows at once, survives a reload, and another browser sees it after it pulls.
import { expect, test } from '@playwright/test';
import { card, column, columnOf, mouseDrag, openBoard, quickCreate, stageIndex, unique, waitSynced } from './helpers';

test('a card dragged with the mouse to another stage stays there after a reload', async ({ page }) => {
  await openBoard(page);
  const title = unique('Drag me');
  await quickCreate(page, 0, title, 'Saigon Co.op', '5000000');
  await waitSynced(page);
  const target = await column(page, 2).getByTestId('card').first().boundingBox();
  if (!target) throw new Error('no card in the target column');
  await mouseDrag(page, card(page, title), { x: target.x + target.width / 2, y: target.y + 5 });

  // At once, before the server answers.
  expect(await columnOf(page, title)).toBe(2);
  await expect(column(page, 2).getByTestId('card').first()).toContainText(title);
  await waitSynced(page);
  await page.reload();
  await expect(column(page, 2).getByTestId('card').first()).toContainText(title);
});

test('a card dragged within its column changes place', async ({ page }) => {
  await openBoard(page);
  const cards = column(page, 3).getByTestId('card');
  const firstTitle = await cards.nth(0).locator('.card-title').innerText();
  const third = await cards.nth(2).boundingBox();
  if (!third) throw new Error('column too short');
  // Drop it below the middle of the third card: it becomes the third.
  await mouseDrag(page, cards.nth(0), { x: third.x + third.width / 2, y: third.y + third.height * 0.75 });
  await expect(cards.nth(2)).toContainText(firstTitle);
  await waitSynced(page);
  await page.reload();
  await expect(cards.nth(2)).toContainText(firstTitle);
});

test('a card dropped into the won stage is won', async ({ page, browser }) => {
  await openBoard(page);
  const title = unique('Won deal');
  const [negotiation, wonIndex] = [await stageIndex(page, 'Negotiation'), await stageIndex(page, 'Won')];
  await quickCreate(page, negotiation, title, 'Vinamilk', '900000000');
  await waitSynced(page);

  // A second browser is open on the board while the first one moves the card.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await openBoard(other);
  await expect(card(other, title)).toBeAttached();
  expect(await columnOf(other, title)).toBe(negotiation);

  // The won column is the last: scroll it into view, the negotiation column beside it.
  await column(page, wonIndex).scrollIntoViewIfNeeded();
  const won = await column(page, wonIndex).boundingBox();
  if (!won) throw new Error('no won column');
  await mouseDrag(page, card(page, title), { x: won.x + 40, y: won.y + won.height - 60 });
  expect(await columnOf(page, title)).toBe(wonIndex);
  await waitSynced(page);

  // The server pokes the other browser, which pulls and shows the move.
  await expect.poll(() => columnOf(other, title)).toBe(wonIndex);
  await otherContext.close();
});

test("a drag offers only the columns the card may go to, never another team's stage", async ({ page }, testInfo) => {
  await openBoard(page);
  const switcher = page.getByTestId('team-switcher');
  const hanoi = await switcher.locator('option', { hasText: 'Hà Nội' }).getAttribute('value');
  await switcher.selectOption(hanoi ?? '');
  const title = unique('Hanoi deal');
  await quickCreate(page, 0, title, 'Vinamilk', '1000000');
  await waitSynced(page);
  await switcher.selectOption('');
  // Among every team's cards it may be far down its column: the board's search brings it up.
  await page.getByTestId('board-search').fill(title);
  await expect(card(page, title)).toBeVisible();
  const from = await columnOf(page, title);
  const survey = await stageIndex(page, 'Site survey');
  const box = await card(page, title).boundingBox();
  const target = await column(page, survey).boundingBox();
  if (!box || !target) throw new Error('layout');
  await page.mouse.move(box.x + box.width / 2, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 10, box.y + 20, { steps: 2 });
  await page.mouse.move(target.x + target.width / 2, target.y + 120, { steps: 10 });
  // HCMC's own stage is shown closed, not lit as a place to drop.
  await expect(column(page, survey)).toHaveClass(/drop-closed/);
  await expect(column(page, survey)).not.toHaveClass(/drop-target/);
  await expect(column(page, from)).not.toHaveClass(/drop-closed/);
  await page.screenshot({ path: `screenshots/drag-closed-${testInfo.project.name}.png` });
  await page.mouse.up();
  // Released there, the card stays where it was, nothing was sent to be refused, and the
  // person is told why.
  expect(await columnOf(page, title)).toBe(from);
  await expect(page.getByTestId('sync-status')).toHaveText('Up to date');
  await expect(page.locator('.notices')).not.toContainText('another sales team');
  await expect(page.locator('.notices')).toContainText("moves only between its team's stages");
});
