// The activities' list put in order as the other lists (#15 item 3: sort, group by and visible
// columns on every list): by when due unless the address says otherwise, grouped by type or
// not at all, a column hidden; all in the address, so a view keeps it and a reload shows it.
import { expect, test } from '@playwright/test';
import { waitSynced } from './helpers';

test('the activities are sorted, grouped and their columns chosen, kept in the address', async ({ page }) => {
  await page.goto('/activities?who=all');
  const list = page.getByTestId('my-activities');
  const rows = list.getByTestId('activity');
  await expect(rows.first()).toBeVisible();
  await waitSynced(page);
  const headings = list.getByTestId('day-group');
  // By when due, as always: nothing in the address says so.
  await expect(page.getByTestId('group-by')).toHaveValue('due');
  await expect(page.getByTestId('sort-by')).toHaveValue('due');
  await expect(headings.first()).toHaveAttribute('data-group', /^(overdue|today|tomorrow|thisweek|later)$/);
  const summaries = () => list.locator('[data-testid=activity] .activity-summary').allInnerTexts();
  const count = await rows.count();

  // Grouped by type: a heading per type, each once, every row kept.
  await page.getByTestId('group-by').selectOption('type_id');
  await expect(page).toHaveURL(/group=type_id/);
  await expect(headings.first()).not.toHaveAttribute('data-group', /./);
  const types = await headings.allTextContents();
  expect(types.length).toBeGreaterThan(1);
  expect(new Set(types).size).toBe(types.length);
  await expect(rows).toHaveCount(count);
  // Each row under its type's heading.
  const typed = await list
    .locator('[data-testid=day-group], [data-testid=activity] .activity-type')
    .evaluateAll((es) => es.map((e) => [e.getAttribute('data-testid') === 'day-group', (e as HTMLElement).innerText] as const));
  let under = '';
  for (const [heading, text] of typed) {
    // Headings are in capitals on the page.
    if (heading) under = text.toLowerCase();
    else expect(text.toLowerCase()).toBe(under);
  }

  // Not grouped, by summary from Z to A.
  await page.getByTestId('group-by').selectOption('');
  await expect(page).toHaveURL(/group=none/);
  await expect(headings).toHaveCount(0);
  await page.getByTestId('sort-by').selectOption('summary');
  await expect(page).toHaveURL(/sort=summary/);
  await page.getByTestId('sort-reversed').click();
  await expect(page).toHaveURL(/sort=-summary/);
  await expect.poll(async () => {
    const shown = (await summaries()).filter((s) => s !== '').map((s) => s.toLowerCase());
    return shown.length > 1 && shown.join('|') === [...shown].sort((a, b) => b.localeCompare(a)).join('|');
  }).toBe(true);

  // Without whom each is for.
  await page.getByTestId('columns-menu').locator('summary').click();
  await page.getByTestId('columns-menu').getByLabel('Assigned to').uncheck();
  await expect(page).toHaveURL(/cols=/);
  await expect(list.locator('.activity-user').first()).toBeHidden();
  await expect(list.locator('.activity-type').first()).toBeVisible();
  await page.screenshot({ path: `screenshots/activities-ordered-${test.info().project.name}.png` });

  // All of it again after a reload.
  await page.reload();
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId('group-by')).toHaveValue('');
  await expect(page.getByTestId('sort-by')).toHaveValue('summary');
  await expect(page.getByTestId('sort-reversed')).toHaveAttribute('aria-pressed', 'true');
  await expect(headings).toHaveCount(0);
  await expect(list.locator('.activity-user').first()).toBeHidden();

  // The list's own order again: nothing in the address.
  await page.getByTestId('group-by').selectOption('due');
  await page.getByTestId('sort-by').selectOption('due');
  await expect(page).not.toHaveURL(/sort=/);
  await expect(page).not.toHaveURL(/group=/);
  await expect(headings.first()).toHaveAttribute('data-group', /^(overdue|today|tomorrow|thisweek|later)$/);
});
