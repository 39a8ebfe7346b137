// The board's own choices in a view (#15 item 3): its cards sorted by a field, either way, and
// the custom fields they show, chosen on the board, kept in its address, and so in a saved
// view; "All" is the board as placed by hand again, with the fields marked "on the card".
import { expect, test, type Page } from '@playwright/test';
import { card, column, quickCreate, unique, waitSynced } from './helpers';

async function board(page: Page, address = '/') {
  await page.goto(address);
  await expect(page.getByTestId('column').first()).toBeVisible();
  await waitSynced(page);
}

/** The titles of the first column's cards, top to bottom. */
async function titles(page: Page): Promise<string[]> {
  return column(page, 0).locator('.card-title').allTextContents();
}

test("a view keeps the board's sort and the fields its cards show", async ({ page }) => {
  test.setTimeout(150_000);
  const seats = unique('Seats');
  const word = unique('Sorted').split(' ')[1];
  const [small, middle, large] = ['small', 'middle', 'large'].map((size) => `Board ${size} ${word}`);
  const viewName = unique('Largest first');
  await board(page);
  await page.goto('/settings/custom-fields');
  const kind = page.getByTestId('custom-kind-opportunity');
  const row = kind.getByTestId('new-custom-field');
  await row.locator('input[name=label-en]').fill(seats);
  await row.locator('select[name=type]').selectOption('number');
  await row.getByTestId('save-custom-field').click();
  await expect(kind.locator(`[data-testid=custom-field-row][data-label="${seats}"]`)).toHaveCount(1);
  await waitSynced(page);
  try {
    await board(page);
    // Made largest last: placed by hand, the newest is on top.
    await quickCreate(page, 0, middle, 'Công ty Trung', '200000000');
    await expect(card(page, middle)).toBeVisible();
    // The form stays open for the next.
    const form = column(page, 0).getByTestId('quick-create-form');
    for (const [title, customer, revenue] of [
      [small, 'Công ty Nhỏ', '100000000'],
      [large, 'Công ty Lớn', '300000000'],
    ]) {
      await form.locator('input[name=title]').fill(title);
      await form.locator('input[name=customer]').fill(customer);
      await form.locator('input[name=revenue]').fill(revenue);
      await form.locator('button[type=submit]').click();
      await expect(card(page, title)).toBeVisible();
    }
    for (const [title, n] of [[small, '12'], [large, '40']]) {
      await card(page, title).locator('.card-title').click();
      const deal = page.getByTestId('editor');
      await deal.getByTestId('custom-fields-opportunity').locator(`label:has-text("${seats}") input`).fill(n);
      await deal.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(deal).toHaveCount(0);
    }
    await waitSynced(page);
    await page.getByTestId('board-search').fill(word);
    await expect(column(page, 0).getByTestId('card')).toHaveCount(3);
    const placed = await titles(page);

    // Sorted by expected revenue, then the other way; the order is in the address.
    await page.getByTestId('board-sort').selectOption('revenue');
    await expect.poll(() => titles(page)).toEqual([small, middle, large]);
    await page.getByTestId('board-sort-reversed').click();
    await expect.poll(() => titles(page)).toEqual([large, middle, small]);
    await expect(page).toHaveURL(/sort=-revenue/);
    // By the number field: the one without seats last, whichever way.
    await page.getByTestId('board-sort').selectOption({ label: seats });
    await expect.poll(() => titles(page)).toEqual([small, large, middle]);
    await page.getByTestId('board-sort-reversed').click();
    await expect.poll(() => titles(page)).toEqual([large, small, middle]);

    // The cards show the number field, chosen here (it is not marked "on the card").
    await expect(card(page, large).getByTestId('card-custom')).toHaveCount(0);
    await page.getByTestId('card-fields').locator('summary').click();
    await page.getByTestId('card-fields').getByLabel(seats).check();
    await expect(card(page, large).getByTestId('card-custom')).toContainText(`${seats}40`);
    await expect(card(page, middle).getByTestId('card-custom')).toHaveCount(0);
    await expect(page).toHaveURL(/cards=x_seats/);
    await page.getByTestId('card-fields').locator('summary').click();
    await page.screenshot({ path: `screenshots/board-view-${test.info().project.name}.png` });

    // Saved as a view; "All" is the board as placed, without the field; the view again, as
    // saved, after a reload too.
    await page.getByTestId('view-save').click();
    const saving = page.getByTestId('save-view-form');
    await saving.locator('input[name=view-name]').fill(viewName);
    await saving.getByTestId('view-save-submit').click();
    await expect(page.getByTestId('view-current')).toHaveText(viewName);
    await waitSynced(page);
    await page.getByTestId('views').click();
    await page.getByTestId('view-all').click();
    await expect(page).not.toHaveURL(/sort=/);
    await page.getByTestId('board-search').fill(word);
    await expect.poll(() => titles(page)).toEqual(placed);
    await expect(card(page, large).getByTestId('card-custom')).toHaveCount(0);
    await page.getByTestId('views').click();
    await page.getByTestId('view-option').filter({ hasText: viewName }).click();
    await page.reload();
    await expect(page.getByTestId('view-current')).toHaveText(viewName);
    await page.getByTestId('board-search').fill(word);
    await expect.poll(() => titles(page)).toEqual([large, small, middle]);
    await expect(card(page, large).getByTestId('card-custom')).toContainText(`${seats}40`);

    page.once('dialog', (dialog) => dialog.accept());
    await page.getByTestId('view-delete').click();
    await expect(page.getByTestId('view-current')).toHaveText('All');
    await waitSynced(page);
  } finally {
    await page.goto('/settings/custom-fields');
    await expect(kind.getByTestId('new-custom-field')).toBeVisible();
    await waitSynced(page);
    const saved = kind.locator(`[data-testid=custom-field-row][data-label="${seats}"]`);
    if ((await saved.count()) > 0) await saved.getByTestId('delete-custom-field').click();
    await expect(saved).toHaveCount(0);
    await waitSynced(page);
  }
});
