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

test('the list filters by tag and groups by team', async ({ page }) => {
  await openBoard(page);
  await page.getByTestId('show-list').click();
  const list = page.getByTestId('list');
  const all = Number((await list.getByTestId('list-summary').innerText()).split(' ')[0].replace(/\D/g, ''));
  await list.getByTestId('tag-filter').selectOption({ label: 'VIP' });
  const summary = list.getByTestId('list-summary');
  await expect(summary).not.toContainText(`${all} opportunities`);
  const tagged = Number((await summary.innerText()).split(' ')[0].replace(/\D/g, ''));
  expect(tagged).toBeGreaterThan(0);
  expect(tagged).toBeLessThan(all);
  // Every row shown carries the tag: opened, its form shows the VIP chip pressed.
  await list.getByTestId('row').first().click();
  await expect(page.getByTestId('editor').getByTestId('tag-picker').getByRole('button', { name: 'VIP' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('editor').locator('.close').click();
  await list.getByTestId('tag-filter').selectOption({ label: 'Any' });
  await list.getByTestId('group-by').selectOption('team');
  await expect(list.locator('.group-row').first()).toContainText(/Hanoi Sales|HCMC Projects/);
});
