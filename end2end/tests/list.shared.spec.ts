// The list view: search, sort, group by stage; a row opens the form; counts match the board.
import { expect, test } from '@playwright/test';
import { openBoard, quickCreate, totalCount, unique, waitSynced } from './helpers';

test('the list finds, sorts and groups opportunities and opens one', async ({ page }) => {
  await openBoard(page);
  const onBoard = await totalCount(page);
  const title = unique('Listed deal');
  await quickCreate(page, 2, title, 'Coteccons', '987654321');
  await waitSynced(page);

  await page.getByTestId('show-list').click();
  const list = page.getByTestId('list');
  await expect(list.getByTestId('list-summary')).toContainText(`${onBoard + 1} opportunities`);

  await list.getByTestId('search').fill(`coteccons ${title.split(' ').pop()}`);
  await expect(list.getByTestId('row')).toHaveCount(1);
  await expect(list.getByTestId('row')).toContainText(title);
  await expect(list.getByTestId('list-summary')).toContainText('₫987,654,321');

  await list.getByTestId('search').fill('');
  // Largest expected revenue first, then smallest.
  await list.getByRole('button', { name: 'Expected revenue' }).click();
  await list.getByRole('button', { name: 'Expected revenue' }).click();
  const firstRevenue = await list.getByTestId('row').first().locator('td.number').first().innerText();
  await list.getByRole('button', { name: 'Expected revenue' }).click();
  const smallest = await list.getByTestId('row').first().locator('td.number').first().innerText();
  expect(firstRevenue).not.toEqual(smallest);

  await list.getByTestId('group-by').selectOption('stage');
  await expect(list.locator('.group-row').first()).toHaveText('New');

  await list.getByTestId('search').fill(title);
  await list.getByTestId('row').click();
  await expect(page.getByTestId('editor').locator('input[name=title]')).toHaveValue(title);
  await page.getByTestId('editor').getByRole('button', { name: 'Cancel' }).click();
  await page.getByTestId('show-board').click();
  await expect(page.getByTestId('column').first()).toBeVisible();
});
