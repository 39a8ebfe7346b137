// The leads' list put in order (#15 item 3: views on every list): sorted by a field either way,
// grouped by where the leads came from, a column hidden; all in the address, so a view keeps
// it and a reload shows it again.
import { expect, test } from '@playwright/test';
import { waitSynced } from './helpers';

test('the leads are sorted, grouped and their columns chosen, kept in the address', async ({ page }) => {
  await page.goto('/leads');
  const list = page.getByTestId('leads');
  await expect(list.getByTestId('lead').first()).toBeVisible();
  await waitSynced(page);
  const titles = () => list.locator('[data-testid=lead] .row-title').allInnerTexts();
  expect((await titles()).length).toBeGreaterThan(2);

  // By title, then the other way.
  await page.getByTestId('sort-by').selectOption('title');
  await expect(page).toHaveURL(/sort=title/);
  await expect.poll(async () => {
    const shown = (await titles()).map((t) => t.toLowerCase());
    return shown.join('|') === [...shown].sort().join('|');
  }).toBe(true);
  await page.getByTestId('sort-reversed').click();
  await expect(page).toHaveURL(/sort=-title/);
  await expect.poll(async () => {
    const shown = (await titles()).map((t) => t.toLowerCase());
    return shown.join('|') === [...shown].sort().reverse().join('|');
  }).toBe(true);

  // Grouped by source: a heading opens each group, leads without one last, under "—".
  await page.getByTestId('group-by').selectOption('source_id');
  await expect(page).toHaveURL(/group=source_id/);
  const headings = list.getByTestId('group-heading');
  await expect(headings.first()).toBeVisible();
  const named = await headings.allInnerTexts();
  expect(new Set(named).size).toBe(named.length);
  if (named.includes('—')) expect(named[named.length - 1]).toBe('—');

  // Without the email column.
  await page.getByTestId('columns-menu').locator('summary').click();
  await page.getByTestId('columns-menu').getByLabel('Email').uncheck();
  await expect(page).toHaveURL(/cols=/);
  await expect(list.locator('[data-testid=lead] .row-main span.muted:not([dir])').first()).toBeHidden();
  await page.screenshot({ path: `screenshots/leads-grouped-${test.info().project.name}.png` });

  // All of it again after a reload.
  await page.reload();
  await expect(page.getByTestId('group-by')).toHaveValue('source_id');
  await expect(page.getByTestId('sort-by')).toHaveValue('title');
  await expect(page.getByTestId('sort-reversed')).toHaveAttribute('aria-pressed', 'true');
  await expect(list.getByTestId('group-heading').first()).toHaveText(named[0]);

  // The list's own order again: newest first, nothing in the address.
  await page.getByTestId('group-by').selectOption('');
  await page.getByTestId('sort-by').selectOption('created_on');
  await expect(page).toHaveURL(/sort=created_on/);
  await page.getByTestId('sort-reversed').click();
  await expect(page).not.toHaveURL(/sort=/);
  await expect(page).not.toHaveURL(/group=/);
});
