// Won and lost: a deal marked won goes to the won stage at 100%; a deal lost with a reason and a
// note leaves the board, is listed with why, and comes back when reopened.
import { expect, test } from '@playwright/test';
import { card, column, columnOf, countOf, openBoard, quickCreate, stageIndex, unique, waitSynced, showTab } from './helpers';

test('an opportunity lost with a reason leaves the board and is restored by reopening it', async ({ page }) => {
  await openBoard(page);
  const title = unique('Lost deal');
  await quickCreate(page, 1, title, 'Nhựa Bình Minh', '350000000');
  await column(page, 1).getByRole('button', { name: 'Cancel' }).click();
  const before = await countOf(page, 1);
  const lostBefore = Number((await page.getByTestId('lost-button').innerText()).replace(/\D/g, ''));

  await card(page, title).locator('.card-title').click();
  const editor = page.getByTestId('editor');
  await editor.getByTestId('mark-lost').click();
  await editor.locator('select[name=reason]').selectOption({ label: 'Chose a competitor / Chọn đối thủ' });
  await editor.locator('textarea[name=note]').fill('Đối thủ giảm giá 10%');
  await editor.getByTestId('confirm-lost').click();
  await expect(editor).toHaveCount(0);
  await expect(card(page, title)).toHaveCount(0);
  expect(await countOf(page, 1)).toBe(before - 1);
  await expect(page.getByTestId('lost-button')).toHaveText(`Lost (${lostBefore + 1})`);
  await waitSynced(page);
  await page.reload();
  await openBoard(page);
  await expect(card(page, title)).toHaveCount(0);

  await page.getByTestId('lost-button').click();
  const item = page.getByTestId('lost-item').filter({ hasText: title });
  await expect(item).toContainText('Chose a competitor');
  await expect(item).toContainText('Đối thủ giảm giá 10%');
  await item.getByTestId('reopen').click();
  await expect(item).toHaveCount(0);
  await page.locator('.lost-list .close').click();
  await expect(card(page, title)).toBeVisible();
  expect(await columnOf(page, title)).toBe(1);
  await waitSynced(page);
});

test('an opportunity marked won moves to the won stage at 100%', async ({ page }) => {
  await openBoard(page);
  const title = unique('Won by button');
  await quickCreate(page, 0, title, 'Hòa Phát', '1200000000');
  await column(page, 0).getByRole('button', { name: 'Cancel' }).click();
  await card(page, title).locator('.card-title').click();
  await page.getByTestId('editor').getByTestId('mark-won').click();
  await expect(page.getByTestId('editor')).toHaveCount(0);
  // It goes to the end of the won column, which renders the cards in view: scroll to its end.
  const won = await stageIndex(page, 'Won');
  await column(page, won).locator('.cards').evaluate((c) => (c.scrollTop = c.scrollHeight));
  expect(await columnOf(page, title)).toBe(won);
  await card(page, title).locator('.card-title').click();
  await expect(page.getByTestId('editor').locator('input[name=probability]')).toHaveValue('100');
  await expect(page.getByTestId('editor').getByTestId('mark-won')).toHaveCount(0);
  await waitSynced(page);
});

test('a salesperson assigned in the form shows on the card and in the list', async ({ page }) => {
  await openBoard(page);
  const title = unique('Assigned deal');
  await quickCreate(page, 0, title, 'Thế Giới Di Động', '45000000');
  await column(page, 0).getByRole('button', { name: 'Cancel' }).click();
  // A new card belongs to whoever created it (the demo admin) until it is handed on.
  await expect(card(page, title).getByTestId('avatar')).toHaveText('NT');
  await card(page, title).locator('.card-title').click();
  await page.getByTestId('editor').locator('select[name=salesperson]').selectOption({ label: 'Lê Thị Mai' });
  await page.getByTestId('editor').getByRole('button', { name: 'Save' }).click();
  await expect(card(page, title).getByTestId('avatar')).toHaveText('LM');
  await waitSynced(page);
  await showTab(page, 'list');
  await page.getByTestId('search').fill(title);
  await expect(page.getByTestId('row')).toContainText('Lê Thị Mai');
  await showTab(page, 'board');
});
