// Custom fields (#15): an admin adds a dropdown shown on the board's cards and a number field to
// the deals in Settings; a deal is filled in on its page (a number that does not read is refused
// by name), the card shows the choice, the timeline says it in the field's words, and Persian
// readers see the field's Persian label. The fields are deleted at the end (their values kept).
import { expect, test, type Page } from '@playwright/test';
import { card, openBoard, openIn, quickCreate, showTab, unique, waitSynced } from './helpers';

async function addField(page: Page, labels: { en: string; fa?: string }, type: string, options?: string[]) {
  const row = page.getByTestId('custom-kind-opportunity').getByTestId('new-custom-field');
  await row.locator('input[name=label-en]').fill(labels.en);
  if (labels.fa) await row.locator('input[name=label-fa]').fill(labels.fa);
  await row.locator('select[name=type]').selectOption(type);
  if (options) await row.locator('textarea[name=options]').fill(options.join('\n'));
  return row;
}

async function deleteField(page: Page, label: string) {
  await page.goto('/settings/custom-fields');
  const row = page.getByTestId('custom-kind-opportunity').locator(`[data-testid=custom-field-row][data-label="${label}"]`);
  // Once the page shows the fields this browser holds (a field that was never made has no row).
  await expect(page.getByTestId('custom-kind-opportunity').getByTestId('new-custom-field')).toBeVisible();
  await waitSynced(page);
  if ((await row.count()) > 0) await row.getByTestId('delete-custom-field').click();
  await expect(row).toHaveCount(0);
  await waitSynced(page);
}

test('an admin adds custom fields; a deal is filled in, its card and timeline show them', async ({ page }) => {
  // A long journey: against the debug build (by hand) it takes most of a minute.
  test.setTimeout(120_000);
  const province = unique('Province');
  const branches = unique('Branches');
  await openBoard(page);
  const title = unique('Custom deal');
  await quickCreate(page, 0, title, 'Công ty Sao Mai', '250000000');
  await expect(card(page, title)).toBeVisible();

  try {
    // Settings: a dropdown shown on the card, with a Persian label; a number with one decimal.
    await page.goto('/settings/custom-fields');
    let row = await addField(page, { en: province, fa: `استان ${province.slice(-4)}` }, 'choice', ['Hà Nội', 'Đà Nẵng', 'Huế']);
    // Each option in a colour of its own; a click on one takes the next (Đà Nẵng's: from the
    // second to the fourth).
    const daNang = row.getByTestId('option-colours').getByRole('button', { name: 'Đà Nẵng' });
    await expect(daNang).toHaveAttribute('data-colour', '1');
    await daNang.click();
    await daNang.click();
    await expect(daNang).toHaveAttribute('data-colour', '3');
    await row.locator('input[name=on-card]').check();
    await row.getByTestId('save-custom-field').click();
    await expect(row.getByTestId('form-error')).toHaveCount(0);
    const saved = (label: string) =>
      page.getByTestId('custom-kind-opportunity').locator(`[data-testid=custom-field-row][data-label="${label}"]`);
    await expect(saved(province)).toHaveCount(1);
    row = await addField(page, { en: branches }, 'number');
    await row.locator('input[name=decimals]').fill('1');
    await row.getByTestId('save-custom-field').click();
    await expect(saved(branches)).toHaveCount(1);
    // A dropdown with no option is refused, saying so.
    row = await addField(page, { en: unique('Empty') }, 'choice');
    await row.getByTestId('save-custom-field').click();
    await expect(row.locator('.form-error')).toContainText('needs its options');
    await row.locator('input[name=label-en]').fill('');
    await page.screenshot({ path: `screenshots/custom-fields-settings-${test.info().project.name}.png`, fullPage: true });

    // The deal's page: the fields under "More fields".
    await openBoard(page);
    await card(page, title).locator('.card-title').click();
    const deal = page.getByTestId('editor');
    const fields = deal.getByTestId('custom-fields-opportunity');
    await expect(fields).toBeVisible();
    await fields.locator('[data-field] select').first().selectOption({ label: 'Đà Nẵng' });
    const number = fields.locator(`label:has-text("${branches}") input`);
    await number.fill('12,55');
    await deal.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(deal.getByTestId('form-error')).toContainText('12,55');
    await number.fill('1,250.5');
    await fields.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `screenshots/custom-fields-deal-${test.info().project.name}.png` });
    await deal.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(deal).toHaveCount(0);
    await waitSynced(page);

    // The card shows the dropdown's choice, labelled; not the number (not on the card).
    const custom = card(page, title).getByTestId('card-custom');
    await expect(custom).toContainText(province);
    await expect(custom).toContainText('Đà Nẵng');
    // In its option's colour.
    await expect(custom.locator('.choice-chip')).toHaveClass(/tag-c3/);
    await expect(custom).not.toContainText(branches);
    await card(page, title).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `screenshots/custom-fields-card-${test.info().project.name}.png` });

    // Opened again: the values as saved, the number in the reader's marks; the timeline names
    // the fields and says the option, not its id.
    await card(page, title).locator('.card-title').click();
    await expect(number).toHaveValue('1,250.5');
    const timeline = deal.getByTestId('timeline');
    await expect(timeline).toContainText(`${province}: Đà Nẵng`);
    await expect(timeline).toContainText(`${branches}: 1,250.5`);
    await page.keyboard.press('Escape');
    await expect(deal).toHaveCount(0);

    // The list: a column of each field, sorted by it, grouped by the dropdown.
    await showTab(page, 'list');
    const list = page.getByTestId('list');
    await list.getByTestId('search').fill(title.split(' ').pop()!);
    const listed = list.getByTestId('row');
    await expect(listed).toHaveCount(1);
    await expect(listed.locator(`td.custom[data-label="${province}"]`)).toHaveText('Đà Nẵng');
    await expect(listed.locator(`td.custom[data-label="${branches}"]`)).toHaveText('1,250.5');
    await list.getByTestId('search').fill('');
    await list.getByTestId('group-by').selectOption({ label: province });
    await expect(list.locator('.group-row').filter({ hasText: 'Đà Nẵng' })).toHaveCount(1);
    await list.getByRole('button', { name: branches }).click();
    await expect(listed.first().locator(`td.custom[data-label="${province}"]`)).toHaveText('Đà Nẵng');
    await page.screenshot({ path: `screenshots/custom-fields-list-${test.info().project.name}.png` });

    // A sheet whose header is the field's label fills it: the mapping offers and picks it.
    await page.goto('/import?kind=opportunity');
    await page.getByTestId('import-file').setInputFiles({
      name: `custom-${province}.csv`,
      mimeType: 'text/csv',
      buffer: Buffer.from(`Title,${province}\r\nMáy in,Huế\r\n`, 'utf-8'),
    });
    await page.getByTestId('import-upload').click();
    const mapped = page.getByTestId('import-mapping').getByTestId('import-field');
    await expect(mapped).toHaveCount(2);
    await expect(mapped.nth(1)).toHaveValue(/^x_province/);
    await expect(mapped.nth(1).locator('option:checked')).toHaveText(province);

    // In Persian: the field's Persian label on the card, the number in Persian digits and marks.
    await openIn(page, 'fa', 'به‌روز');
    await expect(card(page, title).getByTestId('card-custom')).toContainText(`استان ${province.slice(-4)}`);
    await card(page, title).locator('.card-title').click();
    await expect(number).toHaveValue('۱٬۲۵۰٫۵');
    await page.keyboard.press('Escape');
    await openIn(page, 'en', 'Up to date');
  } finally {
    await deleteField(page, province);
    await deleteField(page, branches);
  }
  // Deleted, the card shows them no more.
  await openBoard(page);
  await expect(card(page, title).getByTestId('card-custom')).toHaveCount(0);
});

test("a field's type changes: its values convert, or Settings says how many would not", async ({ page }) => {
  test.setTimeout(120_000);
  const seats = unique('Seats');
  const [office, depot] = [unique('Seats office'), unique('Seats depot')];
  await openBoard(page);
  await quickCreate(page, 0, office, 'Công ty Sao Mai', '100000000');
  await expect(card(page, office)).toBeVisible();
  await quickCreate(page, 1, depot, 'Công ty Sao Mai', '100000000');
  await expect(card(page, depot)).toBeVisible();
  const fill = async (title: string, value: string) => {
    await card(page, title).locator('.card-title').click();
    const deal = page.getByTestId('editor');
    await deal.getByTestId('custom-fields-opportunity').locator(`label:has-text("${seats}") input`).fill(value);
    await deal.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(deal).toHaveCount(0);
  };
  const settingsRow = async () => {
    await page.goto('/settings/custom-fields');
    const row = page.getByTestId('custom-kind-opportunity').locator(`[data-testid=custom-field-row][data-label="${seats}"]`);
    await expect(row).toHaveCount(1);
    return row;
  };
  try {
    await page.goto('/settings/custom-fields');
    const added = await addField(page, { en: seats }, 'text');
    await added.getByTestId('save-custom-field').click();
    await settingsRow();
    await openBoard(page);
    await fill(office, '12');
    await fill(depot, 'mười');
    await waitSynced(page);

    // To a number: "mười" does not read as one, which Settings says before and on saving.
    let row = await settingsRow();
    await row.locator('select[name=type]').selectOption('number');
    await expect(row.getByTestId('type-conversion')).toContainText('1 of the 2 values');
    await row.getByTestId('save-custom-field').click();
    await expect(row.getByTestId('form-error')).toContainText('would not convert');
    // Said once: the preview steps back for the save's refusal.
    await expect(row.getByTestId('type-conversion')).toHaveCount(0);
    await page.screenshot({ path: `screenshots/custom-fields-type-${test.info().project.name}.png` });

    // Written as a number, both convert; the deal shows its number.
    await openBoard(page);
    await fill(depot, '10');
    await waitSynced(page);
    row = await settingsRow();
    await row.locator('select[name=type]').selectOption('number');
    await expect(row.getByTestId('type-conversion')).toContainText('2');
    await row.getByTestId('save-custom-field').click();
    await expect(row.getByTestId('form-error')).toHaveCount(0);
    await waitSynced(page);
    await page.reload();
    row = await settingsRow();
    await expect(row.locator('select[name=type]')).toHaveValue('number');
    await showTab(page, 'list');
    const list = page.getByTestId('list');
    await list.getByTestId('search').fill(office.split(' ').pop()!);
    await expect(list.getByTestId('row')).toHaveCount(1);
    await expect(list.getByTestId('row').locator(`td.custom[data-label="${seats}"]`)).toHaveText('12');
  } finally {
    await deleteField(page, seats);
  }
});

test("a company's custom field shows on its row and keeps a segment", async ({ page }) => {
  test.setTimeout(120_000);
  const province = unique('Company province');
  const kind = page.getByTestId('custom-kind-company');
  await page.goto('/settings/custom-fields');
  const row = kind.getByTestId('new-custom-field');
  await row.locator('input[name=label-en]').fill(province);
  await row.locator('select[name=type]').selectOption('choice');
  await row.locator('textarea[name=options]').fill('Hà Nội\nHuế');
  await row.getByTestId('save-custom-field').click();
  await expect(kind.locator(`[data-testid=custom-field-row][data-label="${province}"]`)).toHaveCount(1);
  try {
    await page.goto('/companies');
    const list = page.getByTestId('contacts');
    const first = list.getByTestId('company-row').first();
    await expect(first).toBeVisible();
    const name = await first.locator('.row-title').innerText();
    await first.click();
    const detail = page.getByTestId('detail');
    await detail.getByTestId('custom-fields-company').locator(`label:has-text("${province}") select`).selectOption({ label: 'Huế' });
    await detail.getByTestId('company-form').locator('button[type=submit]').click();
    await expect(detail.getByTestId('form-error')).toHaveCount(0);
    await detail.getByTestId('detail-back').click();
    const mine = list.getByTestId('company-row').filter({ hasText: name });
    await expect(mine.locator(`[data-label="${province}"]`)).toHaveText('Huế');

    // A segment by it: the one company.
    await page.getByTestId('filter-toggle').click();
    await page.getByTestId('filter-panel').getByTestId('filter-add').click();
    const condition = page.getByTestId('filter-row').last();
    await condition.getByTestId('filter-field').selectOption({ label: province });
    await condition.getByTestId('filter-choices').getByLabel('Huế').check();
    await expect(page.getByTestId('list-count')).toHaveText('1');
    await expect(list.getByTestId('company-row')).toHaveCount(1);
    await condition.getByTestId('filter-remove').click();
    await expect(list.getByTestId('company-row')).not.toHaveCount(1);

    // Grouped by it: its company under "Huế", first (the options' order; those without one
    // last, under "—").
    await page.getByTestId('group-by').selectOption({ label: province });
    await expect(page).toHaveURL(/group=x_/);
    const headings = list.getByTestId('group-heading');
    await expect(headings.first()).toHaveText('Huế');
    await expect(headings.nth(1)).toHaveText('—');
    await expect(list.locator('[data-testid=group-heading] + [data-testid=company-row]').first()).toContainText(name);
    // Sorted by email, the other way; without the phone column: all in the address, so a view
    // keeps them.
    await page.getByTestId('sort-by').selectOption({ label: 'Email' });
    await page.getByTestId('sort-reversed').click();
    await expect(page).toHaveURL(/sort=-email/);
    const emails = await list.locator('[data-testid=company-row]').evaluateAll((rows) =>
      rows.slice(1).map((r) => r.querySelectorAll('span.muted')[0]?.textContent ?? ''),
    );
    const written = emails.filter((e) => e !== '').map((e) => e.toLowerCase());
    expect(written.length).toBeGreaterThan(1);
    expect(written).toEqual([...written].sort().reverse());
    // Those without an email after those with one.
    expect(emails.slice(0, written.length).every((e) => e !== '')).toBe(true);
    await page.getByTestId('order-tools').getByTestId('columns-menu').locator('summary').click();
    await page.getByTestId('order-tools').getByTestId('columns-menu').getByLabel('Phone').uncheck();
    await expect(page).toHaveURL(/cols=/);
    await expect(list.getByTestId('company-row').first().locator('span[dir=ltr]')).toBeHidden();
    await page.screenshot({ path: `screenshots/companies-grouped-${test.info().project.name}.png` });
    await page.reload();
    await expect(page.getByTestId('group-by')).toHaveValue(/x_/);
    await expect(page.getByTestId('sort-reversed')).toHaveAttribute('aria-pressed', 'true');
    await expect(list.getByTestId('group-heading').first()).toHaveText('Huế');
  } finally {
    await page.goto('/settings/custom-fields');
    await waitSynced(page);
    const saved = kind.locator(`[data-testid=custom-field-row][data-label="${province}"]`);
    await expect(saved).toHaveCount(1);
    await saved.getByTestId('delete-custom-field').click();
    await expect(saved).toHaveCount(0);
    await waitSynced(page);
  }
});

// A required field with no default: the board's quick create asks for it (a new deal cannot be
// saved without it), and once the admin gives it a default, new deals take that and the quick
// create no longer asks.
test('a required field is asked for by the quick create until it has a default', async ({ page }) => {
  test.setTimeout(120_000);
  const contract = unique('Contract');
  await page.goto('/settings/custom-fields');
  const row = await addField(page, { en: contract }, 'choice', ['Mua mới', 'Gia hạn']);
  await row.locator('input[name=required]').check();
  await row.getByTestId('save-custom-field').click();
  await expect(row.getByTestId('form-error')).toHaveCount(0);
  const saved = page.getByTestId('custom-kind-opportunity').locator(`[data-testid=custom-field-row][data-label="${contract}"]`);
  await expect(saved).toHaveCount(1);
  try {
    await waitSynced(page);
    await openBoard(page);
    const form = page.getByTestId('column').first().getByTestId('quick-create-form');
    await page.getByTestId('column').first().getByTestId('quick-create').click();
    const asked = form.getByTestId('custom-fields-opportunity').locator(`label:has-text("${contract}") select`);
    await expect(asked).toBeVisible();
    const title = unique('Renewal');
    await form.locator('input[name=title]').fill(title);
    await form.locator('input[name=customer]').fill('Công ty Sao Mai');
    // Without it, refused by name; with it, made.
    await form.locator('button[type=submit]').click();
    await expect(form.getByTestId('form-error')).toContainText(`${contract} is required`);
    await asked.selectOption({ label: 'Gia hạn' });
    await page.screenshot({ path: `screenshots/custom-fields-quick-create-${test.info().project.name}.png` });
    await form.locator('button[type=submit]').click();
    await expect(card(page, title)).toBeVisible();
    await expect(asked).toHaveValue('');
    await waitSynced(page);

    // The admin gives it a default: typed in the field's own input.
    await page.goto('/settings/custom-fields');
    await waitSynced(page);
    await saved.getByTestId('custom-default').locator('select').selectOption({ label: 'Mua mới' });
    await saved.getByTestId('save-custom-field').click();
    await expect(saved.getByTestId('form-error')).toHaveCount(0);
    await waitSynced(page);
    await page.reload();
    await expect(saved.getByTestId('custom-default').locator('select')).toHaveValue(/.+/);
    await expect(saved.getByTestId('custom-default').locator('select option:checked')).toHaveText('Mua mới');

    // Now the quick create asks nothing more, and the new deal has the default.
    await openBoard(page);
    await page.getByTestId('column').first().getByTestId('quick-create').click();
    await expect(form.locator('input[name=title]')).toBeVisible();
    await expect(form.getByTestId('custom-fields-opportunity')).toHaveCount(0);
    const second = unique('New purchase');
    await form.locator('input[name=title]').fill(second);
    await form.locator('button[type=submit]').click();
    await expect(card(page, second)).toBeVisible();
    await card(page, second).locator('.card-title').click();
    const deal = page.getByTestId('editor');
    await expect(deal.getByTestId('custom-fields-opportunity').locator(`label:has-text("${contract}") select option:checked`)).toHaveText('Mua mới');
  } finally {
    await deleteField(page, contract);
  }
});
