// Formula fields (#15 item 2): an admin adds a price, a quantity, a total computed from them and
// a size computed from the total (on the card). Settings checks a formula as it is typed (a wrong
// type, a cycle) in the reader's words. A salesperson fills the price and quantity on the deal
// page and sees the total follow the typing; the card, the list and the export show the computed
// values, and offline a change recomputes them in the browser. The fields are deleted at the end.
import { expect, test, type Page } from '@playwright/test';
import { card, keptForOffline, openBoard, quickCreate, showTab, unique, waitSynced } from './helpers';

const kind = (page: Page) => page.getByTestId('custom-kind-opportunity');
const saved = (page: Page, label: string) => kind(page).locator(`[data-testid=custom-field-row][data-label="${label}"]`);

async function addField(page: Page, label: string, type: string, formula?: string) {
  const row = kind(page).getByTestId('new-custom-field');
  await row.locator('input[name=label-en]').fill(label);
  await row.locator('select[name=type]').selectOption(type);
  if (formula !== undefined) await row.locator('textarea[name=formula]').fill(formula);
  return row;
}

async function deleteField(page: Page, label: string) {
  const row = saved(page, label);
  if ((await row.count()) > 0) await row.getByTestId('delete-custom-field').click();
  await expect(row).toHaveCount(0);
}

test('formula fields: checked as typed, computed on the deal page, the card and the list, offline too', async ({ page, context }) => {
  // A long journey: against the debug build (by hand) it takes most of a minute.
  test.setTimeout(120_000);
  const price = unique('Price');
  const quantity = unique('Quantity');
  const total = unique('Total');
  const size = unique('Size');
  await openBoard(page);
  const title = unique('Formula deal');
  await quickCreate(page, 0, title, 'Công ty Sao Mai', '250000000');
  await expect(card(page, title)).toBeVisible();

  try {
    await page.goto('/settings/custom-fields');
    let row = await addField(page, price, 'number');
    await row.locator('input[name=decimals]').fill('2');
    await row.getByTestId('save-custom-field').click();
    await expect(saved(page, price)).toHaveCount(1);
    row = await addField(page, quantity, 'number');
    await row.getByTestId('save-custom-field').click();
    await expect(saved(page, quantity)).toHaveCount(1);

    // Checked as it is typed: a number times a text is refused, named; then what it gives.
    row = await addField(page, total, 'formula', `{${price}} * title`);
    const check = row.getByTestId('formula-check');
    await expect(check).toHaveText('"title" gives text where number is needed');
    await row.getByTestId('save-custom-field').click();
    await expect(row.getByTestId('form-error')).toContainText('gives text where number is needed');
    await row.locator('textarea[name=formula]').fill(`{${price}} * {${quantity}}`);
    await expect(check).toHaveText('Gives number');
    await row.getByTestId('save-custom-field').click();
    await expect(saved(page, total)).toHaveCount(1);
    // The required box means nothing for a computed field: it is not offered.
    await expect(saved(page, total).locator('input[name=required]')).toBeHidden();

    row = await addField(page, size, 'formula', `if({${total}} >= 1000, "big", "small")`);
    await expect(check).toHaveText('Gives text');
    await row.locator('input[name=on-card]').check();
    await row.getByTestId('save-custom-field').click();
    await expect(saved(page, size)).toHaveCount(1);

    // The total made to read the size would go round in a circle: said, with the fields' names.
    const totalFormula = saved(page, total).locator('textarea[name=formula]');
    await totalFormula.fill(`len({${size}})`);
    await expect(saved(page, total).getByTestId('formula-check')).toContainText('goes round in a circle');
    await expect(saved(page, total).getByTestId('formula-check')).toContainText(`${total} → ${size} → ${total}`);
    await page.screenshot({ path: `screenshots/formula-settings-${test.info().project.name}.png`, fullPage: true });
    await totalFormula.fill(`{${price}} * {${quantity}}`);
    await expect(saved(page, total).getByTestId('formula-check')).toHaveText('Gives number');
    await waitSynced(page);

    // The deal page: the total follows what is typed, before saving.
    await openBoard(page);
    await card(page, title).locator('.card-title').click();
    const deal = page.getByTestId('editor');
    const fields = deal.getByTestId('custom-fields-opportunity');
    const computed = (label: string) => fields.locator(`.custom-field:has-text("${label}") [data-testid=formula-value]`);
    await expect(computed(total)).toHaveText('—');
    await fields.locator(`label:has-text("${price}") input`).fill('12.5');
    await fields.locator(`label:has-text("${quantity}") input`).fill('100');
    await expect(computed(total)).toHaveText('1,250');
    await expect(computed(size)).toHaveText('big');
    await fields.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `screenshots/formula-deal-${test.info().project.name}.png` });
    await deal.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(deal).toHaveCount(0);
    await waitSynced(page);

    // The card shows the size (on the card), computed.
    const custom = card(page, title).getByTestId('card-custom');
    await expect(custom).toContainText(size);
    await expect(custom).toContainText('big');

    // The list: a column of the total, sortable.
    await showTab(page, 'list');
    const list = page.getByTestId('list');
    await list.getByTestId('search').fill(title.split(' ').pop()!);
    const listed = list.getByTestId('row');
    await expect(listed).toHaveCount(1);
    await expect(listed.locator(`td.custom[data-label="${total}"]`)).toHaveText('1,250');
    await expect(listed.locator(`td.custom[data-label="${size}"]`)).toHaveText('big');
    await list.getByTestId('search').fill('');
    await list.getByRole('button', { name: total }).click();
    // Sorted by the total, largest last: the one deal with a total is first.
    await expect(listed.first()).toContainText(title);

    // Offline: a smaller quantity recomputes the total and the size in the browser.
    await keptForOffline(page);
    await context.setOffline(true);
    await showTab(page, 'board');
    await card(page, title).locator('.card-title').click();
    await fields.locator(`label:has-text("${quantity}") input`).fill('10');
    await expect(computed(total)).toHaveText('125');
    await deal.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(deal).toHaveCount(0);
    await expect(card(page, title).getByTestId('card-custom')).toContainText('small');
    await context.setOffline(false);
    await waitSynced(page);
  } finally {
    await context.setOffline(false);
    await page.goto('/settings/custom-fields');
    await expect(kind(page).getByTestId('new-custom-field')).toBeVisible();
    await waitSynced(page);
    // What reads a field goes first.
    for (const label of [size, total, price, quantity]) await deleteField(page, label);
    await waitSynced(page);
  }
});
